"""Whole journeys through the discussion, in a real browser, through the pages only: clicks,
typing and selecting words with the mouse. People, groups and texts are set up directly; what
each journey is about is done on the pages. Every page visited is checked with axe-core, in the
light and the dark colour scheme."""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from groups.models import Group
from tests.browser.conftest import AccessibilityCheck
from tests.browser.selecting import drag_select
from texts.models import Document, Paragraph
from texts.services import import_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTES = b"""# Notes on organizing

Workers *organize themselves* in every struggle, and they learn.

A second paragraph speaks of mass organizations and their members.

A third paragraph closes these notes.
"""


@dataclass
class Reading:
    """A text read by the circle ("Tuesday Study Circle"), and the reader's path to it."""

    document: Document
    circle: Group
    path: str

    def words(self, anchor: str, words: str) -> tuple[tuple[str, int], tuple[str, int]]:
        """The positions of `words` in the paragraph at `anchor`, for drag_select."""
        text = Paragraph.objects.get(revision=self.document.revision, anchor=anchor).text
        start = text.index(words)
        return (anchor, start), (anchor, start + len(words))


@pytest.fixture
def notes(make_group: Callable) -> Reading:
    """The notes, on the reading list of the Tuesday Study Circle."""
    document = import_document(data=NOTES, source_format="markdown").document
    circle = make_group(documents=(document,))
    circle.name = "Tuesday Study Circle"
    circle.save()
    return Reading(document, circle, f"/groups/{circle.slug}/texts/{document.slug}/")


@pytest.fixture
def enter(live_server: LiveServer, axe: AccessibilityCheck) -> Callable[[Page, str, str], None]:
    """Sign in through the sign-in page (checked with axe too), landing on `next_path`."""

    def sign_in(page: Page, username: str, next_path: str) -> None:
        page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
        axe(page)
        page.get_by_label("Login").fill(username)
        page.get_by_label("Password").fill("pw-for-tests")
        page.get_by_role("button", name="Sign In").click()
        expect(page).to_have_url(f"{live_server.url}{next_path}")

    return sign_in


@pytest.fixture
def second_window(browser: Browser, browser_context_args: dict) -> Iterator[Callable[[], Page]]:
    """Another person's browser, with its own cookies."""
    contexts = []

    def open_window() -> Page:
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        return context.new_page()

    yield open_window
    for context in contexts:
        context.close()


def panel(page: Page) -> Locator:
    return page.locator("#panel-content")


def annotate(page: Page, kind: str, body: str = "") -> None:
    """With words selected: open the form beside them, choose the kind, write, post."""
    page.get_by_role("button", name="Annotate", exact=True).click()
    form = page.locator("#annotate-form")
    form.get_by_role("radio", name=kind).check()
    if body:
        form.get_by_role("textbox", name="Your annotation").fill(body)
    form.get_by_role("button", name="Post").click()
    expect(form).to_have_count(0)


def thread_of(page: Page, text: str) -> Locator:
    """The innermost annotation in the panel whose own words include `text`."""
    return panel(page).locator(
        ".annotation", has=page.locator(":scope > .annotation-body", has_text=text)
    )


def actions_of(annotation: Locator) -> Locator:
    return annotation.locator(":scope > .annotation-actions")


def test_journey_4_an_admin_adds_a_text_and_annotates_it_in_three_ways(
    page: Page,
    live_server: LiveServer,
    axe: AccessibilityCheck,
    enter: Callable,
    make_group: Callable,
    make_member: Callable,
) -> None:
    document = import_document(data=NOTES, source_format="markdown").document
    make_group(documents=(document,))  # a public group reads it already: it can be added
    circle = make_group(visibility="private")
    make_member("ada", first_name="Ada", groups=(circle,), role="admin")

    enter(page, "ada", f"/groups/{circle.slug}/manage/")
    axe()
    page.get_by_label("Add a text").select_option(label="Notes on organizing")
    page.locator("form", has=page.get_by_label("Add a text")).get_by_role("button").click()
    axe()
    page.get_by_role("link", name="Notes on organizing", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notes on organizing")
    axe()
    reading = Reading(document, circle, page.url)

    # Words inside a paragraph, as a comment.
    drag_select(page, *reading.words("p-1", "they learn"))
    page.get_by_role("button", name="Annotate", exact=True).click()
    expect(page.locator("#annotate-form blockquote")).to_have_text("they learn")
    axe()
    form = page.locator("#annotate-form")
    form.get_by_role("textbox", name="Your annotation").fill("Learning by doing.")
    form.get_by_role("button", name="Post").click()
    expect(panel(page).get_by_role("heading", name="Thread")).to_be_visible()
    expect(panel(page)).to_contain_text("Learning by doing.")
    axe()

    # Across the emphasis, as a question; across two paragraphs, as a highlight.
    drag_select(page, *reading.words("p-1", "themselves in every"))
    annotate(page, "Question", "Every struggle?")
    expect(thread_of(page, "Every struggle?")).to_contain_text("Question")
    start, _ = reading.words("p-2", "their members.")
    _, end = reading.words("p-3", "A third")
    drag_select(page, start, end)
    annotate(page, "Highlight")
    expect(page.locator("#p-3 mark.hl")).to_have_text("A third")

    page.reload()
    axe()
    expect(page.locator("#p-1 mark.hl")).to_have_text(["themselves", " in every", "they learn"])
    expect(page.locator("#p-1 em")).to_have_text("organize themselves")
    expect(page.locator("#p-1 mark.hl-question")).to_have_text(["themselves", " in every"])
    expect(page.locator("#p-2 mark.hl")).to_have_text("their members.")
    expect(page.locator("#p-3 mark.hl")).to_have_text("A third")
    expect(page.locator("#p-1 .count")).to_have_text("2")
    expect(page.locator("#p-2 .count")).to_have_text("1")

    # The strip of where the discussion is: links named for what they count, by keyboard too.
    strip = page.get_by_role("navigation", name="Where the discussion is")
    expect(strip.get_by_role("link")).to_have_text(
        ["Paragraph 1: 2 annotations", "Paragraph 2: 1 annotation", "Paragraph 3: 1 annotation"]
    )
    strip.get_by_role("link", name="Paragraph 2: 1 annotation").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#p-2$"))


def test_journey_7_a_post_to_another_group_or_to_only_me_says_where_it_went(
    page: Page,
    live_server: LiveServer,
    axe: AccessibilityCheck,
    enter: Callable,
    notes: Reading,
    make_group: Callable,
    make_member: Callable,
) -> None:
    thursday = make_group(documents=(notes.document,))
    thursday.name = "Thursday Readers"
    thursday.save()
    make_member("ana", first_name="Ana", groups=(notes.circle, thursday))
    enter(page, "ana", notes.path)
    axe()

    # Reading with the Tuesday circle, Ana posts to Thursday Readers.
    drag_select(page, *notes.words("p-2", "mass organizations"))
    page.get_by_role("button", name="Annotate", exact=True).click()
    form = page.locator("#annotate-form")
    form.get_by_label("Post to").select_option(label="Thursday Readers")
    form.get_by_role("textbox", name="Your annotation").fill("For Thursday.")
    form.get_by_role("button", name="Post").click()
    heading = panel(page).get_by_role("heading", level=2)
    expect(heading).to_have_text("Posted to Thursday Readers.")
    expect(heading).to_be_focused()
    expect(panel(page)).not_to_contain_text("no longer here")
    axe()
    panel(page).get_by_role("link", name="Open it in Thursday Readers").click()
    expect(page.locator(".reading-in")).to_contain_text("Reading with Thursday Readers")
    expect(panel(page)).to_contain_text("For Thursday.")
    expect(page.locator("#p-2 mark.hl")).to_have_text("mass organizations")
    axe()

    # Back with the Tuesday circle, a private note.
    page.goto(live_server.url + notes.path)
    drag_select(page, *notes.words("p-3", "closes these notes"))
    page.get_by_role("button", name="Annotate", exact=True).click()
    form = page.locator("#annotate-form")
    form.get_by_label("Post to").select_option(label="Only me (a private note)")
    form.get_by_role("textbox", name="Your annotation").fill("Just for me.")
    form.get_by_role("button", name="Post").click()
    status = panel(page).get_by_role("status")
    expect(status).to_have_text("Saved as a private note, only you see it. Open your note")
    expect(panel(page)).to_contain_text("Just for me.")
    axe()
    status.get_by_role("link", name="Open your note").click()
    expect(page).to_have_url(re.compile(r"/annotations/\d+/$"))
    expect(panel(page)).to_contain_text("Just for me.")
    expect(panel(page).locator(".kind-private")).to_have_text("Only me")
    axe()


def open_paragraph(page: Page, anchor: str) -> None:
    """Open a paragraph's threads from its count in the margin."""
    page.locator(f"#{anchor} .count").click()
    expect(panel(page).get_by_role("heading", level=2)).to_have_text(
        f"Paragraph {anchor.removeprefix('p-')}"
    )


def reply_to(annotation: Locator, body: str) -> None:
    actions = actions_of(annotation)
    actions.locator("summary", has_text="Reply").click()
    actions.get_by_role("textbox", name="Your reply").fill(body)
    actions.get_by_role("button", name="Post reply").click()


def test_journey_5_reply_reply_to_a_reply_edit_and_delete(
    page: Page,
    live_server: LiveServer,
    axe: AccessibilityCheck,
    enter: Callable,
    second_window: Callable[[], Page],
    notes: Reading,
    make_member: Callable,
) -> None:
    make_member("ana", first_name="Ana", groups=(notes.circle,))
    make_member("ben", first_name="Ben", groups=(notes.circle,))
    enter(page, "ana", notes.path)
    axe()
    drag_select(page, *notes.words("p-2", "mass organizations"))
    annotate(page, "Comment", "My first take.")

    # Ben, in his own browser, replies.
    ben = second_window()
    enter(ben, "ben", notes.path)
    axe(ben)
    open_paragraph(ben, "p-2")
    reply_to(thread_of(ben, "My first take."), "Ben disagrees.")
    expect(thread_of(ben, "Ben disagrees.")).to_be_visible()
    axe(ben)

    # Ana answers Ben's reply: a reply to a reply, under it.
    page.bring_to_front()
    page.reload()
    open_paragraph(page, "p-2")
    axe()
    reply_to(thread_of(page, "Ben disagrees."), "Ana answers Ben.")
    bens = thread_of(page, "Ben disagrees.")
    expect(bens.locator(".replies .annotation-body")).to_have_text("Ana answers Ben.")
    expect(bens.locator(".annotation-author").first).to_have_text("Ben")

    # She edits her first take; its history keeps the earlier words.
    mine = thread_of(page, "My first take.").first
    actions = actions_of(mine)
    actions.locator("summary", has_text="Edit").click()
    expect(actions.get_by_role("textbox", name="Your annotation")).to_have_value("My first take.")
    axe()
    actions.get_by_role("textbox", name="Your annotation").fill("My second take.")
    actions.get_by_role("button", name="Save").click()
    mine = thread_of(page, "My second take.").first
    expect(mine.locator(":scope > .annotation-body")).to_have_text("My second take.")
    mine.locator(":scope > .annotation-meta").get_by_role("link", name="edited").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit history")
    axe()
    versions = page.locator(".version")
    expect(versions).to_have_count(2)
    expect(versions.first.locator(".annotation-body")).to_have_text("My second take.")
    expect(versions.last.locator(".annotation-body")).to_have_text("My first take.")
    expect(versions.last.get_by_role("heading")).to_contain_text("Written")

    # Back at the annotation, she deletes it: a tombstone keeps the replies in place.
    page.get_by_role("link", name="Back to the annotation").click()
    expect(panel(page).get_by_role("heading", level=2)).to_have_text("Thread")
    axe()
    root = panel(page).locator(".annotation").first
    actions = actions_of(root)
    actions.locator("summary", has_text="Delete").click()
    actions.get_by_role("button", name="Delete").click()
    root = panel(page).locator(".annotation").first
    expect(root.locator(":scope > .tombstone")).to_have_text("Deleted.")
    expect(panel(page)).not_to_contain_text("My second take.")
    expect(root.locator(".replies .annotation-body")).to_have_text(
        ["Ben disagrees.", "Ana answers Ben."]
    )
    axe()
    page.reload()
    expect(page.locator("#p-2 .count")).to_have_text("2")
    open_paragraph(page, "p-2")
    expect(panel(page).locator(".tombstone")).to_have_text("Deleted.")
    expect(panel(page)).to_contain_text("Ana answers Ben.")


def test_journey_6_react_mark_the_answer_flag_hide_and_restore(
    page: Page,
    live_server: LiveServer,
    axe: AccessibilityCheck,
    enter: Callable,
    second_window: Callable[[], Page],
    notes: Reading,
    make_member: Callable,
) -> None:
    make_member("ana", first_name="Ana", groups=(notes.circle,))
    make_member("ben", first_name="Ben", groups=(notes.circle,))
    make_member("fay", first_name="Fay", groups=(notes.circle,), role="facilitator")
    enter(page, "ana", notes.path)
    axe()
    drag_select(page, *notes.words("p-2", "mass organizations"))
    annotate(page, "Question", "Why mass organizations?")

    # Ben answers the question, and flags it as off topic.
    ben = second_window()
    enter(ben, "ben", notes.path)
    open_paragraph(ben, "p-2")
    reply_to(thread_of(ben, "Why mass organizations?"), "Because they gather workers.")
    expect(thread_of(ben, "Because they gather workers.")).to_be_visible()
    actions = actions_of(thread_of(ben, "Why mass organizations?"))
    actions.locator("summary", has_text="Flag").click()
    actions.get_by_role("textbox", name="What is wrong?").fill("Off topic for this text")
    axe(ben)
    actions.get_by_role("button", name="Flag for the moderators").click()
    expect(panel(ben).get_by_role("status")).to_have_text(
        "Thank you: the group's moderators will look at it."
    )
    axe(ben)

    # Ana agrees with Ben's reply and marks it as the answer.
    page.bring_to_front()
    page.reload()
    open_paragraph(page, "p-2")
    reply = thread_of(page, "Because they gather workers.")
    agree = reply.get_by_role("button", name="👍 Agree")
    expect(agree).to_have_attribute("aria-pressed", "false")
    agree.click()
    reply = thread_of(page, "Because they gather workers.")
    agree = reply.get_by_role("button", name="👍 Agree 1")
    expect(agree).to_have_attribute("aria-pressed", "true")
    reply.get_by_role("button", name="Mark as the answer").click()
    reply = thread_of(page, "Because they gather workers.")
    expect(reply.locator(".kind-answer")).to_have_text("The answer")
    question = thread_of(page, "Why mass organizations?").first
    expect(question.locator(":scope > .annotation-meta .kind-answered")).to_have_text("Answered")
    axe()

    # The list of every thread: an answered question is not among the unanswered ones.
    page.get_by_role("link", name="All annotations", exact=True).click()
    listed = panel(page).locator(".annotation-list > li")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("Question · answered · 1 reply")
    axe()
    panel(page).get_by_role("combobox", name="Kind").select_option(label="Question")
    expect(panel(page).locator(".count-line")).to_have_text("1 thread, in the order of the text.")
    panel(page).get_by_role("checkbox", name="Unanswered questions only").check()
    expect(listed).to_have_text("No annotations match.")
    expect(panel(page).get_by_role("combobox", name="Kind")).to_have_value("question")
    axe()

    # Fay, a facilitator, finds the flag and hides the question, with a reason.
    fay = second_window()
    enter(fay, "fay", f"/groups/{notes.circle.slug}/moderation/")
    axe(fay)
    flagged = fay.get_by_role("region", name="Flagged")
    expect(flagged).to_contain_text("flagged by Ben: Off topic for this text")
    flagged.get_by_role("link", name="Ana: “Why mass organizations?”").click()
    expect(panel(fay).get_by_role("heading", level=2)).to_have_text("Thread")
    axe(fay)
    actions = actions_of(panel(fay).locator(".annotation").first)
    actions.locator("summary", has_text="Moderate").click()
    axe(fay)
    actions.get_by_role("textbox", name="Reason").fill("Please keep to the text")
    actions.get_by_role("button", name="Hide").click()
    expect(panel(fay).locator(".annotation").first.locator(":scope > .notice")).to_contain_text(
        "Reason: Please keep to the text"
    )
    axe(fay)

    # Ana, the author, reads why; Ben sees only that it was hidden, and the replies stay.
    page.bring_to_front()
    page.reload()
    open_paragraph(page, "p-2")
    question = panel(page).locator(".annotation").first
    expect(question.locator(":scope > .notice")).to_have_text(
        "Hidden by a moderator: others see only that it was hidden. Reason: Please keep to the text"
    )
    axe()
    ben.bring_to_front()
    ben.reload()
    open_paragraph(ben, "p-2")
    expect(panel(ben).locator(".tombstone")).to_have_text("Hidden by a moderator.")
    expect(panel(ben)).not_to_contain_text("Why mass organizations?")
    expect(panel(ben)).to_contain_text("Because they gather workers.")

    # Fay restores it, with a reason too; everyone reads the question again.
    fay.bring_to_front()
    actions = actions_of(panel(fay).locator(".annotation").first)
    actions.locator("summary", has_text="Moderate").click()
    actions.get_by_role("textbox", name="Reason").fill("Talked it through")
    actions.get_by_role("button", name="Restore").click()
    expect(panel(fay).locator(".annotation").first.locator(":scope > .notice")).to_have_count(0)
    page.bring_to_front()
    page.reload()
    open_paragraph(page, "p-2")
    question = panel(page).locator(".annotation").first
    expect(question.locator(":scope > .annotation-body")).to_have_text("Why mass organizations?")
    expect(question.locator(":scope > .notice")).to_have_count(0)


def test_journey_10_a_reply_lights_the_badge_and_reading_it_puts_it_out(
    page: Page,
    live_server: LiveServer,
    axe: AccessibilityCheck,
    enter: Callable,
    second_window: Callable[[], Page],
    notes: Reading,
    make_member: Callable,
    settings: Settings,
) -> None:
    settings.READINGGROUP_POLL_SECONDS = 1
    make_member("ana", first_name="Ana", groups=(notes.circle,))
    make_member("ben", first_name="Ben", groups=(notes.circle,))
    enter(page, "ana", notes.path)
    axe()
    drag_select(page, *notes.words("p-2", "mass organizations"))
    annotate(page, "Comment", "What do you all think?")
    badge = page.get_by_role("link", name=re.compile(r"^Notifications"))
    expect(badge).to_have_accessible_name("Notifications")

    # Ben replies in his own browser, through the page.
    ben = second_window()
    enter(ben, "ben", notes.path)
    open_paragraph(ben, "p-2")
    reply_to(thread_of(ben, "What do you all think?"), "I think they matter.")
    expect(thread_of(ben, "I think they matter.")).to_be_visible()

    # Ana's header lights up without a reload.
    page.bring_to_front()
    expect(page.locator("#notifications-link .unread")).to_have_text("1", timeout=20_000)
    expect(badge).to_have_accessible_name("Notifications (1 unread)")
    axe()
    badge.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    axe()
    notice = page.locator(".notification")
    expect(notice).to_have_class(re.compile(r"\bunread\b"))
    expect(notice.get_by_role("link")).to_have_text(
        "Ben replied to you in Tuesday Study Circle, on “Notes on organizing”"
    )
    expect(notice).to_contain_text("I think they matter.")
    notice.get_by_role("button", name="Mark read").click()
    expect(page.locator(".notification")).not_to_have_class(re.compile(r"\bunread\b"))
    expect(page.locator("#notifications-link .unread")).to_have_count(0)
    expect(badge).to_have_accessible_name("Notifications")
    axe()

    # The reply opens from the notification, in its thread.
    page.locator(".notification").get_by_role("link").click()
    expect(panel(page)).to_contain_text("I think they matter.")
    axe()

    # Her notification settings: one email a day instead.
    page.goto(f"{live_server.url}/notifications/")
    page.get_by_role("link", name="Notification settings").click()
    axe()
    digest = page.get_by_role("checkbox", name="Instead, one email a day per group")
    expect(digest).not_to_be_checked()
    digest.check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Notification settings saved.")
    expect(page.get_by_role("checkbox", name="Instead, one email a day per group")).to_be_checked()
    axe()
