"""Every form page draws its fields from its Form class: each field of the form is a working
control on the page, with the form's name, type, limits and choices.

One row of FORM_PAGES per form a person meets; a new form is covered by adding one line.
This is the kind of fault that let `/groups/new/` print its choices as bare text while its view
tests, which posted the fields directly, passed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http import HTTPStatus
from typing import Any

import pytest
from allauth.account.forms import LoginForm, SignupForm
from django import forms
from django.test import Client
from django.urls import reverse

from groups.forms import GroupForm, ProfileForm

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


def choice_values(form_field: forms.Field) -> list[str]:
    return [str(value) for value, _ in form_field.choices]


def assert_drawn_from(form: forms.BaseForm, controls: list[Control], labels: set[str]) -> None:
    """Each visible field of `form` is among `controls`, as the form itself would draw it."""
    for bound in form.visible_fields():
        name, widget, form_field = bound.html_name, bound.field.widget, bound.field
        mine = [c for c in controls if c.attrs.get("name") == name]
        assert mine, f"{name}: no control on the page"
        first = mine[0]
        if isinstance(widget, forms.Select):
            assert first.tag == "select", f"{name}: a <{first.tag}>, not a <select>"
            assert first.options == choice_values(form_field), f"{name}: other choices"
        elif isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            kind = "radio" if isinstance(widget, forms.RadioSelect) else "checkbox"
            assert {c.attrs.get("type") for c in mine} == {kind}, f"{name}: not {kind} buttons"
            assert [c.attrs.get("value") for c in mine] == choice_values(form_field), name
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


FORM_PAGES: dict[str, FormPage] = {
    "sign-in": FormPage(None, lambda w: reverse("account_login"), lambda w: LoginForm()),
    "sign-up": FormPage(None, lambda w: reverse("account_signup"), lambda w: SignupForm()),
    "profile": FormPage("ana", lambda w: reverse("profile"), lambda w: ProfileForm()),
    "start-a-group": FormPage("ana", lambda w: reverse("groups:create"), lambda w: GroupForm()),
}


@pytest.fixture
def world(make_member: Callable, make_group: Callable, make_document: Callable) -> dict[str, Any]:
    """A group reading a document, its admin Ana, a member Ben, and staff."""
    document = make_document(paragraphs=12)
    group = make_group(documents=(document,))
    ana = make_member("ana", groups=(group,), role="admin")
    ben = make_member("ben", groups=(group,))
    staff = make_member("staff", is_staff=True)
    return {"document": document, "group": group, "ana": ana, "ben": ben, "staff": staff}


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
