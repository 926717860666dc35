"""The annotation forms: what each refuses and how it says so, the list filters, the forms under
every annotation drawn from their classes, a write that lands elsewhere saying where, and the
density strip as links a keyboard and a screen reader can use."""

from collections.abc import Callable
from http import HTTPStatus
from typing import TYPE_CHECKING, cast

import pytest
from django import forms
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from annotations import moderation, selections, writing
from annotations.forms import FlagForm, ListFilterForm, ModerateForm, ReplyForm
from annotations.models import Annotation, Flag
from groups.models import Group
from texts.models import Document

if TYPE_CHECKING:
    # What the test client answers, as django-stubs names it (there is no such class at run time).
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

BLOG = "mass-organization-and-political-organization"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def blog(seeds: dict[str, Document]) -> Document:
    return seeds[BLOG]


def note_on(blog: Document, author: User, group: Group | None, body: str) -> Annotation:
    return writing.create_annotation(
        author=author,
        revision=blog.revision,
        group=group,
        selection=selections.Selection("p-5", 0, "p-5", 4),
        body=body,
    )


@pytest.mark.parametrize(
    ("form", "data", "field", "message"),
    [
        pytest.param(ReplyForm, {"body": "  "}, "body", writing.EMPTY_BODY, id="empty-reply"),
        pytest.param(FlagForm, {"reason": ""}, "reason", moderation.NEED_FLAG_REASON, id="flag"),
        pytest.param(
            ModerateForm,
            {"action": "hide", "reason": " "},
            "reason",
            moderation.NEED_REASON,
            id="hide-without-reason",
        ),
        pytest.param(
            ModerateForm,
            {"action": "restore"},
            "reason",
            moderation.NEED_REASON,
            id="restore-without-reason",
        ),
        pytest.param(FlagForm, {"reason": "x" * 501}, "reason", "at most 500", id="long-flag"),
    ],
)
def test_forms_refuse_with_a_message_for_a_person(
    form: type, data: dict, field: str, message: str
) -> None:
    bound = form(data)
    assert not bound.is_valid()
    assert message in bound.errors[field][0]


def test_approving_needs_no_reason() -> None:
    assert ModerateForm({"action": "approve"}).is_valid()
    assert not ModerateForm({"action": "reveal", "reason": "x"}).is_valid()


def test_the_list_filters_ignore_a_choice_that_is_gone(
    make_member: Callable,
) -> None:
    ana = make_member("ana", first_name="Ana")
    form = ListFilterForm(
        {"member": "nobody", "tag": "lenin", "kind": "question", "unanswered": "on"},
        members=[ana],
        tags=["lenin"],
    )
    assert form.filters() == {
        "member": "",
        "tag": "lenin",
        "kind": "question",
        "unanswered": True,
        "orphans": False,
    }
    member = cast(forms.ChoiceField, form.fields["member"])
    assert member.choices == [("", "Everyone"), ("ana", "Ana")]


def test_the_list_keeps_showing_orphans_while_filtering(
    client: Client, blog: Document, circle: Group, make_member: Callable
) -> None:
    client.force_login(make_member(groups=(circle,)))
    url = reverse("annotations:list", args=[circle.slug, BLOG])
    page = client.get(url, {"orphans": "1", "kind": "comment"}).content.decode()
    assert "<h2>Orphans: annotations the corrected text has no place for</h2>" in page
    assert '<input type="hidden" name="orphans" value="1" id="filter-orphans">' in page
    assert '<option value="comment" selected>Comment</option>' in page


def test_the_forms_under_an_annotation_take_their_limits_from_the_form_classes(
    client: Client, blog: Document, circle: Group, make_member: Callable
) -> None:
    ana = make_member("ana", groups=(circle,))
    fay = make_member("fay", groups=(circle,), role="facilitator")
    note = note_on(blog, ana, circle, "Root")
    client.force_login(fay)
    panel = client.get(
        reverse("annotations:paragraph", args=[circle.slug, BLOG, "p-5"]), headers=HTMX
    ).content.decode()
    mentions = f"/groups/{circle.slug}/members.json"
    assert (
        f'<textarea name="body" cols="40" rows="3" maxlength="10000" data-mentions="{mentions}" '
        f'id="reply-body-{note.pk}" required>' in panel
    )
    assert f'<label for="reply-body-{note.pk}">Your reply</label>' in panel
    assert (
        f'<input type="text" name="reason" maxlength="500" aria-describedby="flag-hint-{note.pk}"'
        f' id="flag-reason-{note.pk}" required>' in panel
    )
    assert f'<p class="hint" id="moderate-hint-{note.pk}">Shown to the author.</p>' in panel
    client.force_login(ana)
    own = client.get(note.get_absolute_url()).content.decode()
    assert f'id="edit-body-{note.pk}">\nRoot</textarea>' in own


def test_a_flag_without_a_reason_is_refused_where_it_was_made(
    client: Client, blog: Document, circle: Group, make_member: Callable
) -> None:
    note = note_on(blog, make_member(groups=(circle,)), circle, "Root")
    client.force_login(make_member(groups=(circle,)))
    response = client.post(
        reverse("annotations:flag", args=[note.pk]),
        {"reason": ""},
        headers=HTMX | {"HX-Trigger": f"flag-{note.pk}"},
    )
    assert response["HX-Retarget"] == f"#flag-{note.pk} .form-errors"
    assert escape(moderation.NEED_FLAG_REASON) in response.content.decode()
    assert not Flag.objects.exists()


@pytest.fixture
def two_groups(blog: Document, circle: Group, make_group: Callable) -> tuple[Group, Group]:
    """The circle, and Tuesday Study Circle reading the same text."""
    tuesday = make_group(documents=(blog,))
    tuesday.name = "Tuesday Study Circle"
    tuesday.save()
    return circle, tuesday


def annotate(client: Client, reading: Group, post_to: str, **headers: str) -> "TestResponse":
    return client.post(
        reverse("annotations:annotate", args=[reading.slug, BLOG]),
        {
            "start": "p-5",
            "start_offset": 0,
            "end": "p-5",
            "end_offset": 4,
            "body": "Elsewhere",
            "motivation": "comment",
            "group": post_to,
        },
        headers=headers,
    )


def test_a_post_to_another_group_says_where_it_went_with_a_link_there(
    client: Client, two_groups: tuple[Group, Group], make_member: Callable
) -> None:
    circle, tuesday = two_groups
    client.force_login(make_member("ana", groups=two_groups))
    response = annotate(client, circle, tuesday.slug, **HTMX)
    posted = Annotation.objects.get(body="Elsewhere")
    panel = response.content.decode()
    assert "<h2>Posted to Tuesday Study Circle.</h2>" in panel
    assert (
        f'<a class="button" href="/annotations/{posted.pk}/">Open it in Tuesday Study Circle'
        in (panel)
    )
    assert "no longer here" not in panel
    # The link opens it in that group's reader, its thread in the panel.
    there = client.get(posted.get_absolute_url()).content.decode()
    assert f'Reading with <a href="/groups/{tuesday.slug}/">Tuesday Study Circle</a>' in there
    assert "<p>Elsewhere</p>" in there


def test_without_javascript_a_post_to_another_group_says_where_it_went(
    client: Client, two_groups: tuple[Group, Group], make_member: Callable
) -> None:
    circle, tuesday = two_groups
    client.force_login(make_member("ana", groups=two_groups))
    response = annotate(client, circle, tuesday.slug)
    posted = Annotation.objects.get(body="Elsewhere")
    assert response["Location"] == posted.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert '<li class="message message-success">Posted to Tuesday Study Circle.</li>' in page
    assert f'Reading with <a href="/groups/{tuesday.slug}/">Tuesday Study Circle</a>' in page


def test_a_private_note_says_only_you_see_it(
    client: Client, two_groups: tuple[Group, Group], make_member: Callable
) -> None:
    circle, _ = two_groups
    client.force_login(make_member("ana", groups=two_groups))
    panel = annotate(client, circle, "", **HTMX).content.decode()
    note = Annotation.objects.get(body="Elsewhere")
    assert note.visibility == Annotation.Visibility.PRIVATE
    assert (
        '<p class="notice" role="status">Saved as a private note, only you see it. '
        f'<a href="/annotations/{note.pk}/">Open your note</a></p>' in panel
    )
    assert "<p>Elsewhere</p>" in panel
    # Editing it later is no news about where it is.
    edited = client.post(
        reverse("annotations:edit", args=[note.pk]), {"body": "Still mine"}, headers=HTMX
    ).content.decode()
    assert "<p>Still mine</p>" in edited
    assert "Saved as a private note" not in edited


def test_a_post_in_the_group_being_read_needs_no_word_on_where_it_went(
    client: Client, two_groups: tuple[Group, Group], make_member: Callable
) -> None:
    circle, _ = two_groups
    client.force_login(make_member("ana", groups=two_groups))
    panel = annotate(client, circle, circle.slug, **HTMX).content.decode()
    assert "<h2>Thread</h2>" in panel
    assert "Posted to" not in panel
    assert 'role="status"' not in panel


def test_the_density_strip_is_a_list_of_labelled_links(
    client: Client, blog: Document, circle: Group, make_member: Callable
) -> None:
    ana = make_member(groups=(circle,))
    note_on(blog, ana, circle, "One")
    note_on(blog, ana, circle, "Two")
    response = client.get(reverse("annotations:document", args=[circle.slug, BLOG]))
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    strip = page[page.index('<nav class="density"') : page.index("</nav>", page.index("density"))]
    assert 'role="img"' not in strip
    assert (
        '<a href="#p-5" title="Paragraphs 5–6: 2 annotations"><svg viewBox="0 0 4 24" width="4" '
        'height="24" aria-hidden="true" focusable="false"><rect y="0" width="4" height="24"/>'
        '</svg><span class="visually-hidden">Paragraphs 5–6: 2 annotations</span></a>' in strip
    )
    # Stretches (here of two paragraphs) without annotations keep their place, silently.
    assert strip.count("<a ") == 1
    assert '<li aria-hidden="true"></li>' in strip
