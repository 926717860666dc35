"""Annotating in a real browser: select, annotate, reply, edit, delete, across paragraphs."""

from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from annotations import writing
from annotations.models import Annotation
from groups.models import Group
from tests.browser.selecting import drag_select
from texts.models import Document
from texts.services import import_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOG = "/groups/group-1/texts/mass-organization-and-political-organization/"


@pytest.fixture
def circle(make_group: Callable) -> Group:
    call_command("load_seeds", stdout=StringIO())
    return make_group(documents=tuple(Document.objects.all()))


@pytest.fixture
def reader(page: Page, circle: Group, make_member: Callable, sign_in: Callable) -> Page:
    """The blog post, open in the browser of a signed-in member of the circle, Ana."""
    make_member("ana", first_name="Ana", groups=(circle,))
    sign_in(page, "ana", BLOG)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mass organization and political organization"
    )
    return page


def annotate_selection(page: Page, body: str) -> None:
    page.get_by_role("button", name="Annotate").click()
    form = page.locator("#annotate-form")
    form.get_by_label("Your annotation").fill(body)
    form.get_by_role("button", name="Post").click()
    expect(page.locator("#panel-content")).to_contain_text(body)


def test_select_a_phrase_annotate_it_and_find_it_again_after_reloading(reader: Page) -> None:
    drag_select(reader, ("p-5", 8), ("p-5", 13))
    annotate_selection(reader, "Why false?")
    expect(reader.locator("#annotate-form")).to_have_count(0)
    expect(reader.locator("#p-5 mark.hl")).to_have_text("false")
    expect(reader.locator("#p-5 .count")).to_have_text("1")
    stored = Annotation.objects.get(author__username="ana")
    assert (stored.exact, stored.start_offset, stored.end_offset) == ("false", 8, 13)
    reader.reload()
    expect(reader.locator("#p-5 mark.hl")).to_have_text("false")
    reader.locator("#p-5 mark.hl").click()
    expect(reader.locator("#panel-content")).to_contain_text("Why false?")


def test_a_selection_across_two_paragraphs_is_highlighted_in_both(reader: Page) -> None:
    drag_select(reader, ("p-5", 8), ("p-6", 7))
    annotate_selection(reader, "Spans two paragraphs")
    expect(reader.locator("#p-5 mark.hl")).to_have_text("false because:")
    expect(reader.locator("#p-6 mark.hl")).to_have_text("workers")
    stored = Annotation.objects.get(author__username="ana")
    assert stored.exact == "false because:\nworkers"
    assert (stored.start_ordinal, stored.end_ordinal) == (5, 6)


def test_overlapping_highlights_both_show_and_both_open(reader: Page) -> None:
    drag_select(reader, ("p-5", 0), ("p-5", 13))
    annotate_selection(reader, "First")
    drag_select(reader, ("p-5", 8), ("p-5", 22))
    annotate_selection(reader, "Second")
    expect(reader.locator("#p-5 mark.hl-2")).to_have_text("false")
    expect(reader.locator("#p-5 .text")).to_have_text("This is false because:")
    reader.locator("#p-5 mark.hl-2").click()
    expect(reader.locator("#panel-content")).to_contain_text("First")
    expect(reader.locator("#panel-content")).to_contain_text("Second")


def test_reply_then_edit_then_delete_the_parent_leaving_a_tombstone(
    reader: Page, make_member: Callable, circle: Group
) -> None:
    drag_select(reader, ("p-5", 8), ("p-5", 13))
    annotate_selection(reader, "My first take")
    panel = reader.locator("#panel-content")
    # Ben replies to Ana's annotation; Ana sees it and answers.
    ben = make_member("ben", first_name="Ben", groups=(circle,))
    writing.reply_to_annotation(
        author=ben, parent=Annotation.objects.get(author__username="ana"), body="Ben disagrees"
    )
    reader.locator("#p-5 .count").click()
    expect(panel).to_contain_text("Ben disagrees")
    ben_actions = panel.locator(".annotation", has_text="Ben disagrees").last.locator(
        ":scope > .annotation-actions"
    )
    ben_actions.locator("summary", has_text="Reply").click()
    ben_actions.get_by_label("Your reply").fill("Ana answers Ben")
    ben_actions.get_by_role("button", name="Post reply").click()
    expect(panel).to_contain_text("Ana answers Ben")
    actions = panel.locator(".annotation").first.locator(":scope > .annotation-actions")
    actions.locator("summary", has_text="Edit").click()
    actions.get_by_label("Your annotation").fill("My second take")
    actions.get_by_role("button", name="Save").click()
    expect(panel).to_contain_text("My second take")
    expect(panel.get_by_role("link", name="edited")).to_be_visible()
    actions = panel.locator(".annotation").first.locator(":scope > .annotation-actions")
    actions.locator("summary", has_text="Delete").click()
    actions.get_by_role("button", name="Delete").click()
    expect(panel.locator(".tombstone")).to_have_text("Deleted.")
    expect(panel).not_to_contain_text("My second take")
    expect(panel).to_contain_text("Ben disagrees")
    expect(reader.locator("#p-5 .count")).to_have_text("2")


def test_reply_to_a_blog_comment_in_place(reader: Page) -> None:
    comments = reader.locator("#comments")
    expect(comments.get_by_role("heading", level=2)).to_have_text(
        "2 thoughts on “Mass organization and political organization”"
    )
    mike = comments.locator(".annotation", has_text="Hey there,").first
    actions = mike.locator(":scope > .annotation-actions")
    actions.locator("summary", has_text="Reply").click()
    actions.get_by_label("Your reply").fill("Thank you, Mike")
    actions.get_by_role("button", name="Post reply").click()
    expect(comments.get_by_role("heading", level=2)).to_contain_text("3 thoughts on")
    expect(comments).to_contain_text("Thank you, Mike")
    reply = Annotation.objects.get(author__username="ana")
    assert reply.parent is not None
    assert reply.parent.source_number == 1


def test_annotate_a_whole_paragraph_with_the_keyboard(reader: Page) -> None:
    reader.get_by_role("link", name="Annotate paragraph 27").focus()
    reader.keyboard.press("Enter")
    body = reader.get_by_role("textbox", name="Your annotation")
    expect(body).to_be_focused()
    reader.keyboard.type("The whole of it")
    reader.keyboard.press("Tab")  # to the tags
    reader.keyboard.press("Tab")  # to the Post button
    reader.keyboard.press("Enter")
    expect(reader.locator("#p-27 mark.hl")).to_have_text("I like this.")
    expect(reader.locator("#panel-content")).to_contain_text("The whole of it")


def test_a_selection_across_inline_markup_is_measured_on_the_plain_text(
    page: Page, make_member: Callable, make_group: Callable, sign_in: Callable
) -> None:
    imported = import_document(
        data=b"# Notes\n\nWorkers *organize themselves* in **every** struggle.\n",
        source_format="markdown",
    )
    group = make_group(documents=(imported.document,))
    make_member("ana", groups=(group,))
    sign_in(page, "ana", f"/groups/{group.slug}/texts/notes/")
    text = imported.revision.paragraphs.get().text
    start, end = text.index("themselves"), text.index("every") + len("every")
    drag_select(page, ("p-1", start), ("p-1", end))
    annotate_selection(page, "Across emphasis")
    marks = page.locator("#p-1 mark.hl")
    expect(marks).to_have_text(["themselves", " in ", "every"])
    expect(page.locator("#p-1 em")).to_have_text("organize themselves")
    stored = Annotation.objects.get()
    assert (stored.exact, stored.start_offset, stored.end_offset) == (
        "themselves in every",
        start,
        end,
    )
