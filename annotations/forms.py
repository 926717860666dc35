"""Forms for writing annotations; each validates and names its problems for a person."""

from django import forms
from django.db.models import QuerySet

from annotations.models import Annotation
from annotations.rendering import MAX_BODY_LENGTH
from annotations.services import Selection
from groups.models import Group


class TagsField(forms.CharField):
    """Tags typed as words separated by commas or spaces."""

    def to_python(self, value: str | None) -> list[str]:
        text = super().to_python(value) or ""
        return [t for t in text.replace(",", " ").split() if t]

    def prepare_value(self, value: object) -> object:
        return " ".join(value) if isinstance(value, list) else value


class BodyFields(forms.Form):
    body = forms.CharField(
        label="Your annotation",
        required=False,
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Markdown: *emphasis*, **strong**, [links](https://…), > quotes, - lists.",
    )
    tags = TagsField(
        label="Tags", required=False, max_length=600, help_text="Optional, separated by spaces."
    )


class AnnotationForm(BodyFields):
    """A new annotation on a passage: the passage comes as hidden fields from the reader, the
    group is one of the member's groups reading the text, or none for a private note."""

    group = forms.ChoiceField(label="Post to", required=False)

    motivation = forms.ChoiceField(
        label="Kind",
        choices=Annotation.Motivation.choices,
        initial=Annotation.Motivation.COMMENT,
        widget=forms.RadioSelect,
    )
    start = forms.CharField(widget=forms.HiddenInput, max_length=20)
    start_offset = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    end = forms.CharField(widget=forms.HiddenInput, max_length=20)
    end_offset = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: object, groups: QuerySet[Group], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.groups = {g.slug: g for g in groups}
        choices = [(slug, g.name) for slug, g in self.groups.items()]
        self.fields["group"].choices = [*choices, ("", "Only me (a private note)")]

    def chosen_group(self) -> Group | None:
        return self.groups.get(self.cleaned_data["group"])

    def selection(self) -> Selection:
        data = self.cleaned_data
        return Selection(data["start"], data["start_offset"], data["end"], data["end_offset"])


class ReplyForm(BodyFields):
    pass


class EditForm(BodyFields):
    pass


class ReattachForm(forms.Form):
    """Where an orphan goes in the corrected text: a paragraph's number and the words in it."""

    paragraph = forms.IntegerField(
        label="Paragraph number", min_value=1, help_text="The number in the text's margin."
    )
    words = forms.CharField(
        label="The words to attach it to",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Copy them from that paragraph; they start as the words it was made on.",
    )
