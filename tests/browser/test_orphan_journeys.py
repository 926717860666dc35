"""Orphaned threads in a real browser, through the pages only: a member opens an orphaned thread
from her notification and from the list of orphans and reads it where it sits, and a
facilitator re-attaches a deleted root's orphaned thread (kept for its reply) by selecting new
words. People, texts and the correction that orphans the threads are set up directly; every
page visited is checked with axe-core in the light and the dark colour scheme."""

import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from annotations import selections, source_comments, writing
from annotations.models import Annotation
from groups.models import Group
from tests.browser.conftest import AccessibilityCheck
from tests.browser.selecting import drag_select
from texts.models import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTES = """# Notes on orphans

The first paragraph stays as it is.

A second paragraph where Ana says she likes this sentence very much.

A third paragraph speaks of mass organizations and their members.
"""
# The correction: the second and third paragraphs are written anew.
CORRECTED = """# Notes on orphans

The first paragraph stays as it is.

Entirely new words about harvests, rain and the price of bread.

Another fresh sentence on assemblies that meet every Tuesday evening.
"""


def annotate(document: Document, group: Group, author: User, words: str, body: str) -> Annotation:
    paragraph = document.revision.paragraphs.get(text__contains=words)
    start = paragraph.text.index(words)
    end = start + len(words)
    return writing.create_annotation(
        author=author,
        revision=document.revision,
        group=group,
        selection=selections.Selection(paragraph.anchor, start, paragraph.anchor, end),
        body=body,
    )


def test_orphaned_threads_are_read_and_a_tombstone_is_re_attached(
    page: Page,
    live_server: LiveServer,
    axe: AccessibilityCheck,
    sign_in: Callable[[Page, str, str], None],
    make_group: Callable[..., Group],
    make_member: Callable[..., User],
) -> None:
    imported = source_comments.import_with_comments(data=NOTES.encode(), source_format="markdown")
    document = imported.document
    circle = make_group(documents=(document,))
    ana, ben = make_member("ana", groups=(circle,)), make_member("ben", groups=(circle,))
    make_member("fay", groups=(circle,), role="facilitator")
    likes = annotate(document, circle, ana, "she likes this sentence", "Ana likes it")
    writing.reply_to_annotation(author=ben, parent=likes, body="Ben agrees")
    deleted = annotate(document, circle, ben, "mass organizations", "Ben's words")
    writing.reply_to_annotation(author=ana, parent=deleted, body="Ana answers Ben")
    writing.delete_annotation(annotation=deleted, user=ben)
    source_comments.import_with_comments(
        data=CORRECTED.encode(), source_format="markdown", slug=document.slug
    )
    assert set(Annotation.objects.orphans().threads().values_list("pk", flat=True)) == {
        likes.pk,
        deleted.pk,
    }

    # Ana is told Ben replied; the notification opens the thread, which says where it sits.
    sign_in(page, "ana", "/notifications/")
    axe()
    page.get_by_role("link", name=re.compile("ben replied to you")).click()
    panel = page.locator("#panel-content")
    expect(panel.get_by_text("This thread has no place in the current text")).to_be_visible()
    expect(panel.get_by_text("she likes this sentence")).to_be_visible()
    expect(panel.get_by_text("Ben agrees")).to_be_visible()
    axe()
    where = likes.start_paragraph
    assert where is not None
    panel.get_by_role("link", name=f"paragraph {where.ordinal} of version 1").click()
    expect(page.get_by_text("An earlier version of the text (version 1")).to_be_visible()
    expect(page.locator(f"#{where.anchor}")).to_contain_text("she likes this sentence very")
    axe()

    # From the reader's notice to the orphans, both of them, the deleted one with its reply.
    page.get_by_role("link", name="Read the current version").click()
    axe()
    page.get_by_role("link", name="See the orphans (2)").click()
    expect(page.get_by_text("2 threads, in the order of the text.")).to_be_visible()
    tombstone = page.locator(".annotation-list > li", has_text="mass organizations")
    expect(tombstone.locator(".tombstone")).to_have_text("Deleted")
    expect(tombstone).to_contain_text("Ana answers Ben")
    axe()
    page.get_by_role("link", name=re.compile("she likes this sentence")).click()
    expect(panel.locator(".annotation-body", has_text="Ana likes it")).to_be_visible()
    expect(panel.get_by_text("Ben agrees")).to_be_visible()
    expect(panel.get_by_text("This thread has no place in the current text")).to_be_visible()
    axe()
    page.get_by_role("button", name="Sign out").click()
    axe()

    # Fay, a facilitator, puts the deleted root's thread back by selecting new words.
    orphans = f"/groups/{circle.slug}/texts/{document.slug}/annotations/?orphans=1"
    sign_in(page, "fay", orphans)
    axe()
    tombstone.get_by_role("link", name="Re-attach it to the text").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Re-attach an annotation")
    expect(page.get_by_text("Its author deleted it")).to_be_visible()
    axe()
    page.get_by_role("link", name="Select the words in the current text").click()
    expect(page.get_by_text("Select the words to re-attach")).to_be_visible()
    axe()
    document.refresh_from_db()
    new = document.revision.paragraphs.get(text__contains="assemblies")
    start = new.text.index("assemblies")
    drag_select(page, (new.anchor, start), (new.anchor, start + len("assemblies")))
    page.get_by_role("button", name="Re-attach here").click()
    expect(page.get_by_label("The words to attach it to")).to_have_value("assemblies")
    axe()
    page.get_by_role("button", name="Re-attach").click()

    expect(page.get_by_text("The annotation is back in the text.")).to_be_visible()
    expect(panel.get_by_text("Ana answers Ben")).to_be_visible()
    expect(page.get_by_text("This thread has no place in the current text")).to_have_count(0)
    axe()
    page.goto(f"{live_server.url}{orphans}")
    expect(page.get_by_text("1 thread, in the order of the text.")).to_be_visible()
    axe()
    deleted.refresh_from_db()
    assert (deleted.exact, deleted.anchor_status) == ("assemblies", "")
