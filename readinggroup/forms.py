"""Forms for meetings and agendas."""

from django import forms
from django.db.models import QuerySet

from readinggroup.models import Meeting
from texts.models import Document


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "title", "starts_at", "duration_minutes", "place", "link", "document",
            "range_start", "range_end",
        ]  # fmt: skip
        widgets = {"starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}
        help_texts = {
            "starts_at": "In your time zone.",
            "range_start": "From paragraph (empty: from the start).",
            "range_end": "To paragraph (empty: to the end).",
        }

    def __init__(self, *args: object, documents: QuerySet[Document], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents
        self.fields["document"].label = "Reading"
        self.fields["document"].required = False


class ItemForm(forms.Form):
    prompt = forms.CharField(
        required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The question to put to the group (Markdown).",
    )  # fmt: skip
    minutes = forms.IntegerField(min_value=1, max_value=600, initial=10)
    facilitator_notes = forms.CharField(
        required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only facilitators and admins ever see these.",
    )  # fmt: skip


class NewItemForm(ItemForm):
    start_ordinal = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    end_ordinal = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    annotation = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start_ordinal"), data.get("end_ordinal")
        if (start is None) != (end is None) or (start and end and start > end):
            raise forms.ValidationError("The passage must have a start before its end.")
        return data


class NotesForm(forms.Form):
    notes = forms.CharField(
        required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What was said and decided (Markdown).",
    )  # fmt: skip
