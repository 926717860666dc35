"""Forms for writing annotations, responding, moderating and filtering; each validates and names
its problems for a person, and the pages draw their controls from these classes."""

from typing import Any, TypedDict, cast

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet

from annotations.models import Annotation, ModerationEntry, NotificationPreference
from annotations.moderation import NEED_FLAG_REASON, NEED_REASON
from annotations.rendering import MAX_BODY_LENGTH
from annotations.selections import BAD_OFFSETS, Selection
from annotations.writing import EMPTY_BODY
from groups.models import Group
from groups.names import display_name

MARKDOWN_HELP = "Markdown: *emphasis*, **strong**, [links](https://…), > quotes, - lists."
REASON_LENGTH = 500
PASSAGE_FIELDS = ("start", "start_offset", "end", "end_offset")


class TagsField(forms.CharField):
    """Tags typed as words separated by commas or spaces: cleaned, the list of them."""

    def clean(self, value: Any) -> list[str]:
        text: str = super().clean(value) or ""
        return [t for t in text.replace(",", " ").split() if t]

    def prepare_value(self, value: Any) -> Any:
        return " ".join(value) if isinstance(value, list) else value


class BodyFields(forms.Form):
    """A body in Markdown and tags; `mentions_url` (the group's members) lets the editor offer
    names after an @."""

    body = forms.CharField(
        label="Your annotation",
        required=False,
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MARKDOWN_HELP,
    )
    tags = TagsField(
        label="Tags", required=False, max_length=600, help_text="Optional, separated by spaces."
    )

    def __init__(self, *args: Any, mentions_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if mentions_url:
            self.fields["body"].widget.attrs["data-mentions"] = mentions_url


def _body_required(form: BodyFields, label: str, rows: int) -> None:
    """The body must say something (the browser says so before the server does)."""
    body = form.fields["body"]
    body.label, body.required, body.widget.attrs["rows"] = label, True, rows
    body.error_messages["required"] = EMPTY_BODY


class AnnotationForm(BodyFields):
    """A new annotation on a passage: the passage comes as hidden fields from the reader, the
    group is one of the member's groups reading the text, or none for a private note."""

    motivation = forms.ChoiceField(
        label="Kind",
        choices=Annotation.Motivation.choices,
        initial=Annotation.Motivation.COMMENT,
        widget=forms.RadioSelect,
    )
    group = forms.ChoiceField(label="Post to", required=False)
    start = forms.CharField(widget=forms.HiddenInput, max_length=20)
    start_offset = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    end = forms.CharField(widget=forms.HiddenInput, max_length=20)
    end_offset = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    field_order = ["motivation", "group", "body", "tags"]

    def __init__(self, *args: Any, groups: QuerySet[Group], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = {g.slug: g for g in groups}
        choices = [(slug, g.name) for slug, g in self.groups.items()]
        group = cast(forms.ChoiceField, self.fields["group"])
        group.choices = [*choices, ("", "Only me (a private note)")]
        body = self.fields["body"]
        body.help_text = f"{MARKDOWN_HELP} @name mentions a member. A highlight may be left empty."
        body.widget.attrs["autofocus"] = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        # The passage's hidden fields come from the selection, not from the person: one message
        # that says what to do instead of four about fields they never saw.
        if any(self.errors.pop(name, None) for name in PASSAGE_FIELDS):
            self.add_error(None, BAD_OFFSETS)
        return self.cleaned_data

    def chosen_group(self) -> Group | None:
        return self.groups.get(self.cleaned_data["group"])

    def selection(self) -> Selection:
        data = self.cleaned_data
        return Selection(data["start"], data["start_offset"], data["end"], data["end_offset"])


class CommentForm(BodyFields):
    """A comment on the whole text, in the group's discussion."""

    def __init__(self, *args: Any, group: Group | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "comment-%s")
        super().__init__(*args, **kwargs)
        where = f", for {group.name}" if group is not None else ""
        _body_required(self, f"Leave a comment on the whole text{where}", rows=4)


class ReplyForm(BodyFields):
    """A reply; `group` is the reader's group, where a reply to a comment that came with the
    text goes."""

    group = forms.SlugField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _body_required(self, "Your reply", rows=3)


class EditForm(BodyFields):
    """A new version of an annotation's words, in a smaller box."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["rows"] = 4


class FlagForm(forms.Form):
    """Why an annotation needs the moderators' look; only they read it."""

    reason = forms.CharField(
        label="What is wrong?",
        max_length=REASON_LENGTH,
        help_text="Only the group's moderators see this.",
        error_messages={"required": NEED_FLAG_REASON},
    )


class ModerateForm(forms.Form):
    """A moderator's action on an annotation; hiding and restoring need a reason."""

    # Chosen with the form's submit buttons (Hide, Restore, Approve), hence no control of its own.
    action = forms.ChoiceField(
        choices=[
            (a.value, a.label) for a in ModerationEntry.Action if a != ModerationEntry.Action.REVEAL
        ],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label="Reason", required=False, max_length=REASON_LENGTH, help_text="Shown to the author."
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        needs_reason = {ModerationEntry.Action.HIDE, ModerationEntry.Action.RESTORE}
        if data.get("action") in needs_reason and not data.get("reason"):
            self.add_error("reason", NEED_REASON)
        return data


class ListFilters(TypedDict):
    """What the list of threads is filtered by (listing.listing's keyword arguments)."""

    member: str
    tag: str
    kind: str
    unanswered: bool
    orphans: bool


class ListFilterForm(forms.Form):
    """The filters of the list of a document's threads: the choices are the members and tags
    found in the discussion."""

    member = forms.ChoiceField(
        label="Member", required=False, help_text="Threads they started or replied in."
    )
    tag = forms.ChoiceField(label="Tag", required=False)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Every kind"), *Annotation.Motivation.choices]
    )
    unanswered = forms.BooleanField(label="Unanswered questions only", required=False)
    # Kept while filtering the orphans (from the "See the orphans" link).
    orphans = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, members: list[User], tags: list[str], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
        member = cast(forms.ChoiceField, self.fields["member"])
        member.choices = [("", "Everyone"), *((m.username, display_name(m)) for m in members)]
        tag = cast(forms.ChoiceField, self.fields["tag"])
        tag.choices = [("", "Any tag"), *((t, f"#{t}") for t in tags)]

    def filters(self) -> ListFilters:
        """The valid filters; one that no longer matches a choice is left out, not an error."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "member": data.get("member", ""),
            "tag": data.get("tag", ""),
            "kind": data.get("kind", ""),
            "unanswered": data.get("unanswered", False),
            "orphans": data.get("orphans", False),
        }


class PreferenceForm(forms.ModelForm[NotificationPreference]):
    """What a member wants to hear about, and how."""

    class Meta:
        model = NotificationPreference
        fields = ["thread_activity", "email_replies", "email_thread", "email_mentions", "digest"]


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
