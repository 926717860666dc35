"""Journey 9, in a real browser through the pages only: staff import a document from a file, then
a corrected version that drops the words someone annotated, put that orphan back by selecting
the new words in the reader, and give the text a new title by uploading the same file again."""

from collections.abc import Callable

import pytest
from playwright.sync_api import FilePayload, Page, expect
from pytest_django.live_server_helper import LiveServer

from annotations import selections, writing
from groups.models import Group
from tests.browser.selecting import drag_select
from texts.models import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST = """# On Reading Together

Reading slowly is a kind of attention.

The group meets on Tuesdays, and argues over every footnote until late.

Every annotation is an invitation to reply.
"""
# The correction rewrites the second paragraph: the annotated words are gone from it.
CORRECTED = FIRST.replace(
    "The group meets on Tuesdays, and argues over every footnote until late.",
    "The group meets on Thursdays to read the next chapter aloud.",
)


def upload(page: Page, text: str) -> None:
    file = FilePayload(name="reading.md", mimeType="text/markdown", buffer=text.encode())
    page.get_by_label("File").set_input_files(files=[file])


def test_import_a_text_then_a_correction_and_re_attach_the_orphan(
    page: Page,
    live_server: LiveServer,
    axe: Callable,
    make_member: Callable,
    make_group: Callable,
) -> None:
    group: Group = make_group()
    # Sam is the site's staff, and a facilitator of the group that will read the text.
    make_member("sam", groups=(group,), role="facilitator", is_staff=True)
    ana = make_member("ana", groups=(group,))

    page.goto(f"{live_server.url}/accounts/login/?next=/import/")
    axe()
    page.get_by_label("Login").fill("sam")
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a document")
    axe()

    # The first version: upload, see what was found, confirm.
    upload(page, FIRST)
    page.get_by_label(group.name).check()
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Preview: “On Reading Together”")
    expect(page.locator("main")).to_contain_text("Found 0 headings, 3 paragraphs")
    expect(page.locator(".preview")).to_contain_text("argues over every footnote")
    axe()
    page.get_by_role("button", name="Import it").click()
    expect(page.locator(".messages")).to_contain_text("Imported “On Reading Together”.")
    expect(page.get_by_role("heading", level=1)).to_have_text("On Reading Together")
    expect(page.locator("#p-2")).to_contain_text("argues over every footnote")
    axe()

    # Meanwhile Ana annotates the footnote passage.
    document = Document.objects.get(slug="on-reading-together")
    paragraph = document.revision.paragraphs.get(ordinal=2)
    start = paragraph.text.index("argues over every footnote")
    note = writing.create_annotation(
        author=ana,
        revision=document.revision,
        group=group,
        body="Every one of them?",
        selection=selections.Selection(paragraph.anchor, start, paragraph.anchor, start + 26),
    )

    # The corrected version, from the reader's "Upload a new version".
    page.reload()
    page.get_by_role("link", name="Upload a new version").click()
    expect(page.get_by_label("Slug")).to_have_value("on-reading-together")
    upload(page, CORRECTED)
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".notice")).to_contain_text(
        "This replaces the text of “On Reading Together” with a corrected version"
    )
    page.get_by_role("button", name="Import it").click()
    expect(page.locator("#p-2")).to_contain_text("Thursdays to read the next chapter aloud")
    notice = page.locator(".notice", has_text="some annotations could not be placed")
    expect(notice).to_be_visible()
    axe()
    note.refresh_from_db()
    assert note.anchor_status == "orphan"

    # Sam finds the orphan and gives it the new words.
    notice.get_by_role("link", name="See the orphans").click()
    orphans = page.locator("main")
    expect(orphans).to_contain_text("Orphans: annotations the corrected text has no place for")
    expect(orphans).to_contain_text("Every one of them?")
    axe()
    orphans.get_by_role("link", name="Re-attach it to the text").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Re-attach an annotation")
    axe()
    page.get_by_role("link", name="Select the words in the current text").click()
    expect(page.get_by_role("status").first).to_contain_text("Select the words to re-attach")
    drag_select(page, ("p-2", 19), ("p-2", 28))
    page.get_by_role("button", name="Re-attach here").click()
    expect(page.get_by_label("The words to attach it to")).to_have_value("Thursdays")
    expect(page.get_by_label("Paragraph number")).to_have_value("2")
    axe()
    page.get_by_role("button", name="Re-attach").click()

    expect(page.get_by_text("The annotation is back in the text.")).to_be_visible()
    expect(page.locator("#p-2 mark.hl")).to_have_text("Thursdays")
    expect(page.locator("#panel-content")).to_contain_text("Every one of them?")
    axe()

    # The same file again with a new title: the title shows at once. The file's own first
    # heading no longer repeats the title, so it stays in the text, and the note moves down.
    page.get_by_role("link", name="Upload a new version").click()
    upload(page, CORRECTED)
    page.get_by_label("Title").fill("Reading Together, Revised")
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("button", name="Import it").click()
    expect(page.locator(".messages")).to_contain_text(
        "Imported “Reading Together, Revised” (revision 3)."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Reading Together, Revised")
    expect(page.locator("#p-1").get_by_role("heading")).to_have_text("On Reading Together")
    expect(page.locator("mark.hl")).to_have_text("Thursdays")
    axe()


def test_import_a_windows_1252_file_by_choosing_its_encoding(
    page: Page, live_server: LiveServer, axe: Callable, make_member: Callable
) -> None:
    make_member("sam", is_staff=True)
    page.goto(f"{live_server.url}/accounts/login/?next=/import/")
    axe()
    page.get_by_label("Login").fill("sam")
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name="Sign In").click()
    menu = FilePayload(
        name="menu.txt",
        mimeType="text/plain",
        buffer="Today: Café crème and a naïve tart.\n".encode("cp1252"),
    )

    # On automatic the bytes are not UTF-8: the page says so and names the choice.
    page.get_by_label("File").set_input_files(files=[menu])
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".form-errors")).to_contain_text("The file is not valid UTF-8")
    expect(page.locator(".form-errors")).to_contain_text("the Encoding choice on the import page")
    axe()

    page.get_by_label("File").set_input_files(files=[menu])
    page.get_by_label("Encoding").select_option(label="Windows-1252 (Western European)")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".preview")).to_contain_text("Today: Café crème and a naïve tart.")
    axe()
    page.get_by_role("button", name="Import it").click()
    expect(page.locator("#p-1")).to_contain_text("Today: Café crème and a naïve tart.")
    axe()
