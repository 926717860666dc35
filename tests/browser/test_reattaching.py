"""Re-attaching an orphan in a real browser: select the new words in the corrected text."""

from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from annotations import selections, source_comments, writing
from groups.models import Group
from tests.browser.conftest import AccessibilityCheck
from tests.browser.selecting import drag_select
from texts.models import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "mass-organization-and-political-organization"


def test_select_new_words_for_an_orphan_and_re_attach_it(
    page: Page,
    live_server: LiveServer,
    axe: AccessibilityCheck,
    make_group: Callable,
    make_member: Callable,
) -> None:
    call_command("load_seeds", stdout=StringIO())
    blog = Document.objects.get(slug=SLUG)
    circle: Group = make_group(documents=(blog,))
    ana = make_member("ana", groups=(circle,))
    paragraph = blog.revision.paragraphs.get(text__contains="I like this.")
    start = paragraph.text.index("I like this.")
    orphan = writing.create_annotation(
        author=ana,
        revision=blog.revision,
        group=circle,
        body="Agreed",
        selection=selections.Selection(paragraph.anchor, start, paragraph.anchor, start + 12),
    )
    corrected = blog.revision.source_text.replace("I like this.", "")
    source_comments.import_with_comments(
        data=corrected.encode(), source_format="text", slug=SLUG, title=blog.title
    )

    path = f"/annotations/{orphan.pk}/reattach/"
    page.goto(f"{live_server.url}/accounts/login/?next={path}")
    axe()
    page.get_by_label("Login").fill("ana")
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Re-attach an annotation")
    axe()
    page.get_by_role("link", name="Select the words in the current text").click()
    expect(page.get_by_text("Select the words to re-attach")).to_be_visible()
    axe()
    drag_select(page, ("p-5", 8), ("p-5", 13))
    page.get_by_role("button", name="Re-attach here").click()
    expect(page.get_by_label("The words to attach it to")).to_have_value("false")
    expect(page.get_by_label("Paragraph number")).to_have_value("5")
    axe()
    page.get_by_role("button", name="Re-attach").click()

    expect(page.get_by_text("The annotation is back in the text.")).to_be_visible()
    axe()
    orphan.refresh_from_db()
    assert orphan.start_paragraph is not None
    placed = (orphan.exact, orphan.start_paragraph.anchor, orphan.anchor_status)
    assert placed == ("false", "p-5", "")
