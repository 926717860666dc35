"""Every form page draws its fields from its Form class: each field of the form is a working
control on the page, with the form's name, type, limits and choices.

One entry of FORM_PAGES per form a person meets (30); a new form is covered by adding one.
This is the kind of fault that let `/groups/new/` print its choices as bare text while its view
tests, which posted the fields directly, passed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from http import HTTPStatus
from typing import Any

import pytest
from allauth.account.forms import LoginForm, SignupForm
from django import forms
from django.forms.widgets import ChoiceWidget
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from annotations import selections, writing
from annotations.forms import (
    AnnotationForm,
    CommentForm,
    EditForm,
    FlagForm,
    ListFilterForm,
    ModerateForm,
    PreferenceForm,
    ReattachForm,
    ReplyForm,
)
from groups import permissions as group_permissions
from groups.forms import (
    DeleteGroupForm,
    GroupForm,
    InvitationForm,
    JoinRequestForm,
    PostBeforePeekForm,
    PremoderationForm,
    ProfileForm,
    ReadingListForm,
    RoleForm,
)
from groups.models import GroupDocument, Membership
from meetings import services as meetings
from meetings.forms import AddToAgendaForm, AgendaItemForm, MeetingForm, NewItemForm, NotesForm
from readinggroup.accounts import DeleteAccountForm
from readinggroup.importing import ImportForm

CONTROLS = {"input", "select", "textarea"}


@dataclass
class Control:
    tag: str
    attrs: dict[str, str | None]
    options: list[str] = field(default_factory=list)


class FormsOnPage(HTMLParser):
    """The controls of each `<form>` on a page, by the form's action; the ids of its labels."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: dict[str, list[Control]] = {}
        self.label_for: set[str] = set()
        self.current: list[Control] | None = None
        self.select: Control | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            self.current = self.forms.setdefault(values.get("action") or "", [])
        elif tag == "label" and values.get("for"):
            self.label_for.add(values["for"] or "")
        elif tag in CONTROLS and self.current is not None:
            control = Control(tag, values)
            self.current.append(control)
            self.select = control if tag == "select" else None
        elif tag == "option" and self.select is not None:
            self.select.options.append(values.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def choice_values(widget: ChoiceWidget) -> list[str]:
    """The values of the choices the widget draws (its field's, which it is given)."""
    return [str(value) for value, _ in widget.choices]


def assert_drawn_from(form: forms.BaseForm, controls: list[Control], labels: set[str]) -> None:
    """Each visible field of `form` is among `controls`, as the form itself would draw it."""
    for bound in form.visible_fields():
        name, widget, form_field = bound.html_name, bound.field.widget, bound.field
        mine = [c for c in controls if c.attrs.get("name") == name]
        assert mine, f"{name}: no control on the page"
        first = mine[0]
        if isinstance(widget, forms.Select):
            assert first.tag == "select", f"{name}: a <{first.tag}>, not a <select>"
            assert first.options == choice_values(widget), f"{name}: other choices"
        elif isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple is one too
            checkboxes = isinstance(widget, forms.CheckboxSelectMultiple)
            kind = "checkbox" if checkboxes else "radio"
            assert {c.attrs.get("type") for c in mine} == {kind}, f"{name}: not {kind} buttons"
            assert [c.attrs.get("value") for c in mine] == choice_values(widget), name
        elif isinstance(widget, forms.Textarea):
            assert first.tag == "textarea", f"{name}: a <{first.tag}>, not a <textarea>"
        else:
            assert first.tag == "input", f"{name}: a <{first.tag}>, not an <input>"
            kind = first.attrs.get("type") or "text"  # HTML's default
            assert kind == widget.input_type, f"{name}: type {kind}, not {widget.input_type}"
        for limit in ("maxlength", "minlength", "min", "max", "step"):
            expected = widget.attrs.get(limit)
            actual = first.attrs.get(limit)
            assert str(expected) == actual if expected is not None else actual is None, (
                f"{name}: {limit} is {actual!r}, the form says {expected!r}"
            )
        required = form_field.required and widget.use_required_attribute(bound.initial)
        assert ("required" in first.attrs) == bool(required), f"{name}: required differs"
        control_ids = {c.attrs.get("id") for c in mine}
        in_fieldset = isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
        assert in_fieldset or control_ids & labels, f"{name}: no <label> names it"


@dataclass
class FormPage:
    """Who opens which page, which form on it (by its action; None: the page's own URL), and the
    form instance the view validates posts with."""

    user: str | None
    page: Callable[[dict], str]
    form: Callable[[dict], forms.BaseForm]
    action: Callable[[dict], str] | None = None


def manage(w: dict) -> str:
    return f"/groups/{w['group'].slug}/manage/"


def reading(w: dict, part: str = "") -> str:
    return f"/groups/{w['group'].slug}/texts/{w['document'].slug}/{part}"


def thread(w: dict, action: str = "") -> str:
    return f"/annotations/{w['note'].pk}/{action + '/' if action else ''}"


def meeting(w: dict, part: str = "") -> str:
    return f"/meetings/{w['meeting'].pk}/{part}"


FORM_PAGES: dict[str, FormPage] = {
    # Accounts
    "sign-in": FormPage(None, lambda w: reverse("account_login"), lambda w: LoginForm()),
    "sign-up": FormPage(None, lambda w: reverse("account_signup"), lambda w: SignupForm()),
    "profile": FormPage("ana", lambda w: reverse("profile"), lambda w: ProfileForm()),
    "delete-account": FormPage("ben", lambda w: "/accounts/delete/", lambda w: DeleteAccountForm()),
    # Groups
    "start-a-group": FormPage("ana", lambda w: reverse("groups:create"), lambda w: GroupForm()),
    "change-a-group": FormPage(
        "ana",
        lambda w: f"/groups/{w['group'].slug}/edit/",
        form=lambda w: GroupForm(instance=w["group"]),
    ),
    "delete-a-group": FormPage(
        "ana",
        lambda w: f"/groups/{w['group'].slug}/delete/",
        form=lambda w: DeleteGroupForm(group=w["group"]),
    ),
    "hold-first-posts": FormPage(
        "ana",
        manage,
        action=lambda w: f"/groups/{w['group'].slug}/settings/",
        form=lambda w: PremoderationForm(instance=w["group"]),
    ),
    "member-role": FormPage(
        "ana",
        manage,
        form=lambda w: RoleForm(),
        action=lambda w: f"/groups/{w['group'].slug}/members/{w['ben_membership'].pk}/role/",
    ),
    "invitation-link": FormPage(
        "ana",
        manage,
        action=lambda w: f"/groups/{w['group'].slug}/invitations/",
        form=lambda w: InvitationForm(),
    ),
    "post-before-peek": FormPage(
        "ana",
        manage,
        form=lambda w: PostBeforePeekForm(),
        action=lambda w: f"/groups/{w['group'].slug}/reading-list/{w['entry'].pk}/peek/",
    ),
    "add-to-reading-list": FormPage(
        "staff",
        manage,
        action=lambda w: f"/groups/{w['group'].slug}/reading-list/",
        form=lambda w: ReadingListForm(
            documents=group_permissions.addable_documents(w["staff"], w["group"])
        ),
    ),
    "ask-to-join": FormPage(
        "cleo",
        lambda w: f"/groups/{w['asking'].slug}/",
        action=lambda w: f"/groups/{w['asking'].slug}/join/",
        form=lambda w: JoinRequestForm(),
    ),
    # Reading and annotating
    "annotate": FormPage(
        "ben",
        lambda w: reading(w, "annotate/?p=p-2"),
        action=lambda w: reading(w, "annotate/"),
        form=lambda w: AnnotationForm(
            groups=group_permissions.posting_groups(w["ben"], w["document"])
        ),
    ),
    "comment": FormPage(
        "ben",
        reading,
        action=lambda w: reading(w, "comment/"),
        form=lambda w: CommentForm(group=w["group"]),
    ),
    "list-filters": FormPage(
        "ben",
        lambda w: reading(w, "annotations/"),
        form=lambda w: ListFilterForm(members=[w["ana"]], tags=["power"]),
    ),
    "reply": FormPage(
        "ben", thread, action=lambda w: thread(w, "reply"), form=lambda w: ReplyForm()
    ),
    "edit": FormPage("ana", thread, action=lambda w: thread(w, "edit"), form=lambda w: EditForm()),
    "flag": FormPage("ben", thread, action=lambda w: thread(w, "flag"), form=lambda w: FlagForm()),
    "moderate": FormPage(
        "ana", thread, action=lambda w: thread(w, "moderate"), form=lambda w: ModerateForm()
    ),
    "re-attach": FormPage(
        "ana", lambda w: f"/annotations/{w['orphan'].pk}/reattach/", form=lambda w: ReattachForm()
    ),
    "notification-settings": FormPage(
        "ben", lambda w: "/notifications/settings/", form=lambda w: PreferenceForm()
    ),
    # Meetings and agendas
    "plan-a-meeting": FormPage(
        "ana",
        lambda w: f"/groups/{w['group'].slug}/meetings/new/",
        form=lambda w: MeetingForm(documents=w["group"].documents.all()),
    ),
    "change-a-meeting": FormPage(
        "ana",
        lambda w: f"/groups/{w['group'].slug}/meetings/{w['meeting'].pk}/edit/",
        form=lambda w: MeetingForm(instance=w["meeting"], documents=w["group"].documents.all()),
    ),
    "add-to-agenda": FormPage(
        "ana",
        lambda w: f"/groups/{w['group'].slug}/agenda/add/?start_ordinal=3&end_ordinal=3",
        form=lambda w: AddToAgendaForm(meetings=w["group"].meetings.all()),
    ),
    "agenda-item": FormPage(
        "ana",
        meeting,
        action=lambda w: f"/agenda-items/{w['item'].pk}/",
        form=lambda w: AgendaItemForm.for_item(w["item"]),
    ),
    "agenda-item-page": FormPage(
        "ana", lambda w: f"/agenda-items/{w['item'].pk}/", form=lambda w: AgendaItemForm()
    ),
    "new-agenda-item": FormPage(
        "ana", meeting, action=lambda w: meeting(w, "items/"), form=lambda w: NewItemForm()
    ),
    "meeting-notes": FormPage(
        "ana",
        meeting,
        action=lambda w: meeting(w, "notes/"),
        form=lambda w: NotesForm(threads=[w["note"]]),
    ),
    # Importing
    "import": FormPage("staff", lambda w: "/import/", form=lambda w: ImportForm()),
}


@pytest.fixture
def world(make_member: Callable, make_group: Callable, make_document: Callable) -> dict[str, Any]:
    """A group reading a document, its admin Ana, a member Ben, staff; Ana's tagged note, an
    orphaned note of hers, and a coming meeting whose agenda holds her note's thread."""
    document = make_document(paragraphs=12)
    group = make_group(documents=(document,))
    ana = make_member("ana", groups=(group,), role="admin")
    ben = make_member("ben", groups=(group,))
    staff = make_member("staff", is_staff=True)
    cleo = make_member("cleo")  # in no group
    make_document(paragraphs=3)  # on no reading list: staff may add it
    asking = make_group(join_policy="request")
    revision = document.revision
    note = writing.create_annotation(
        author=ana,
        revision=revision,
        group=group,
        body="A note",
        tags=["power"],
        selection=selections.Selection("p-2", 0, "p-2", 5),
    )
    orphan = writing.create_annotation(
        author=ana,
        revision=revision,
        group=group,
        body="Orphaned",
        selection=selections.Selection("p-3", 0, "p-3", 5),
    )
    orphan.anchor_status = "orphan"
    orphan.save(update_fields=["anchor_status"])
    planned = meetings.create_meeting(
        group=group,
        by=ana,
        title="Next",
        starts_at=timezone.now() + timedelta(days=3),
        document=document,
    )
    item = meetings.add_item(meeting=planned, annotation=note, prompt="Why?")
    return {
        "document": document,
        "group": group,
        "ana": ana,
        "ben": ben,
        "staff": staff,
        "note": note,
        "orphan": orphan,
        "meeting": planned,
        "item": item,
        "asking": asking,
        "cleo": cleo,
        "ben_membership": Membership.objects.get(group=group, user=ben),
        "entry": GroupDocument.objects.get(group=group, document=document),
    }


@pytest.mark.parametrize("name", FORM_PAGES)
def test_form_page_draws_every_field_from_its_form(
    name: str, world: dict[str, Any], client: Client
) -> None:
    row = FORM_PAGES[name]
    if row.user:
        client.force_login(world[row.user])
    url = row.page(world)
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    parser = FormsOnPage()
    parser.feed(response.content.decode())
    action = row.action(world) if row.action else url
    candidates = [controls for found, controls in parser.forms.items() if found in {action, ""}]
    assert candidates, f"no form posting to {action} on {url}: {sorted(parser.forms)}"
    assert_drawn_from(row.form(world), [c for cs in candidates for c in cs], parser.label_for)
