"""Forms for meetings and agendas: every field's limits, choices and messages live here, and
the pages draw their controls from these classes."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.template.defaultfilters import truncatechars
from django.utils import timezone
from django.utils.formats import date_format

from annotations.models import Annotation
from annotations.rendering import MAX_BODY_LENGTH
from groups.names import display_name
from meetings.models import AgendaItem, Meeting
from texts.models import Document

DEFAULT_MINUTES = 10
MINUTES_RANGE = "Give it a whole number of minutes from 1 to 600."
TOO_LONG = f"Keep it under {MAX_BODY_LENGTH:,} characters."
BAD_PASSAGE = "The passage must have a start before its end."
CHOOSE_MEETING = "Choose the meeting to add it to."
RANGE_LOST = (
    "The corrected text no longer has the paragraphs chosen before: choose them again "
    "(empty: from the start)."
)
# Paragraph numbers count in one text: a passage from the reader says which (its slug).
WHICH_TEXT = "The link did not say which text the passage is in: choose it again in the reader."
OTHER_TEXT = (
    "{meeting} reads “{reading}”, and the passage is from another text: choose a meeting that "
    "reads that text, or a passage of “{reading}”."
)
THREAD_ON_OTHER_TEXT = (
    "The thread is on another text than the passage sent with it: add it again from the thread."
)
MINUTES_ERRORS = dict.fromkeys(("required", "invalid", "min_value", "max_value"), MINUTES_RANGE)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "title",
            "starts_at",
            "duration_minutes",
            "place",
            "link",
            "document",
            "range_start",
            "range_end",
        ]
        widgets = {
            # The browser's date and time picker reads and writes this one format.
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
        labels = {"range_start": "From paragraph", "range_end": "To paragraph"}
        help_texts = {
            "starts_at": "In your time zone.",
            "range_start": "Empty: from the start.",
            "range_end": "Empty: to the end.",
        }

    def __init__(self, *args: Any, documents: QuerySet[Document], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reading = cast(forms.ModelChoiceField, self.fields["document"])
        reading.queryset = documents
        reading.label = "Reading"
        reading.required = False
        if self.instance.pk and self.instance.range_lost:
            # Numbers that counted in the earlier text would mark other paragraphs now.
            self.initial["range_start"] = self.initial["range_end"] = None
            self.fields["range_start"].help_text = RANGE_LOST


def _text(help_text: str, rows: int) -> forms.CharField:
    return forms.CharField(
        required=False,
        max_length=MAX_BODY_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": TOO_LONG},
    )


class AgendaItemForm(forms.Form):
    """An agenda item's prompt, the time it gets, notes only planners see, and its passage
    (paragraph numbers in the text as it now reads; both empty for none)."""

    prompt = _text("The question to put to the group (Markdown).", rows=3)
    minutes = forms.IntegerField(
        min_value=1, max_value=600, initial=DEFAULT_MINUTES, error_messages=MINUTES_ERRORS
    )
    facilitator_notes = _text("Only facilitators and admins ever see these.", rows=2)
    start_ordinal = forms.IntegerField(
        label="From paragraph", required=False, min_value=1, help_text="Empty: no passage."
    )
    end_ordinal = forms.IntegerField(label="To paragraph", required=False, min_value=1)

    @classmethod
    def initial_of(cls, item: AgendaItem) -> dict[str, object]:
        """What the item has; no passage numbers when a corrected text lost its passage (needs
        `revision__document` loaded)."""
        initial = {name: getattr(item, name) for name in cls.base_fields}
        if item.passage_lost:
            initial["start_ordinal"] = initial["end_ordinal"] = None
        return initial

    @classmethod
    def for_item(cls, item: AgendaItem) -> "AgendaItemForm":
        """The edit form of one item among many on a page, its ids made unique by the item's."""
        return cls(initial=cls.initial_of(item), auto_id=f"item-{item.pk}-%s")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_ordinal"), data.get("end_ordinal")
        if (start is None) != (end is None) or (start and end and start > end):
            raise forms.ValidationError(BAD_PASSAGE)
        return data


class NewItemForm(AgendaItemForm):
    """A new item: a passage (paragraph numbers), a thread, or neither; minutes default."""

    start_ordinal = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    end_ordinal = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    annotation = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A suggestion's one-click "+ Add" sends no minutes: it gets the usual time.
        self.fields["minutes"].required = False

    def clean_minutes(self) -> int:
        minutes = self.cleaned_data.get("minutes")
        return DEFAULT_MINUTES if minutes is None else minutes


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting: Meeting) -> str:
        when = date_format(timezone.localtime(meeting.starts_at), "j M, H:i")
        return f"{meeting.title} — {when}"


class AddToAgendaForm(NewItemForm):
    """A passage, selection or thread from the reader, for one of the group's coming agendas.

    The reader sends the passage as paragraph numbers with the slug of the text they count in
    (`document`): a passage on its own must be from the chosen meeting's reading, since its
    numbers are quoted from there; a thread carries its own text (the view checks it agrees).
    """

    meeting = MeetingChoiceField(
        queryset=Meeting.objects.none(),
        empty_label=None,
        error_messages={"required": CHOOSE_MEETING, "invalid_choice": CHOOSE_MEETING},
    )
    document = forms.SlugField(required=False, widget=forms.HiddenInput)
    field_order = ["meeting"]

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(MeetingChoiceField, self.fields["meeting"]).queryset = meetings
        slug = self.initial.get("document")
        if not self.is_bound and slug and "meeting" not in self.initial:
            # Offer first the coming meeting that reads the passage's text, if one does.
            reading_it = meetings.filter(document__slug=slug).values_list("pk", flat=True)
            self.initial["meeting"] = reading_it.first()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        meeting: Meeting | None = data.get("meeting")
        if meeting is None or data.get("annotation") or data.get("start_ordinal") is None:
            return data
        if not data.get("document"):
            raise forms.ValidationError(WHICH_TEXT)
        reading = meeting.document
        # A meeting without a reading refuses any passage when the item is added.
        if reading is not None and reading.slug != data["document"]:
            raise forms.ValidationError(
                OTHER_TEXT.format(meeting=meeting.title, reading=reading.title)
            )
        return data


class NotesForm(forms.Form):
    """After the meeting: what was said, and which of the agenda's threads were discussed."""

    notes = _text("What was said and decided (Markdown).", rows=6)
    discussed = forms.TypedMultipleChoiceField(
        label="Threads discussed",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The reader marks them as discussed at this meeting.",
    )

    def __init__(self, *args: Any, threads: list[Annotation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.threads = threads
        if not threads:
            del self.fields["discussed"]  # nothing on the agenda to have discussed
            return
        # The threads come already loaded with the agenda: no query of their own.
        cast(forms.TypedMultipleChoiceField, self.fields["discussed"]).choices = [
            (a.pk, f"{display_name(a.author)}: “{truncatechars(a.body, 60)}”") for a in threads
        ]
