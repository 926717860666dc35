"""Starting, changing and deleting groups, inviting and admitting people: through the pages only,
each page checked with axe as it is reached."""

from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from groups import services
from groups.models import Group
from texts.models import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOG = "mass-organization-and-political-organization"
BLOG_TITLE = "Mass organization and political organization"


def test_start_change_and_delete_groups(
    page: Page,
    live_server: LiveServer,
    make_member: Callable,
    sign_in: Callable,
    axe: Callable,
) -> None:
    make_member("ana")
    sign_in(page, "ana", "/groups/")
    axe()

    # A public group that people ask to join.
    page.get_by_role("link", name="Start a group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a group")
    axe()
    expect(page.get_by_label("Public: anyone can read, members write")).to_be_checked()
    expect(page.get_by_label("By invitation link")).to_be_checked()
    page.get_by_label("Name").fill("Tuesday Study Circle")
    page.get_by_label("Description").fill("We read Gramsci on Tuesdays.")
    page.get_by_label("By request, approved by an admin").check()
    page.get_by_role("button", name="Create the group").click()
    expect(page).to_have_url(f"{live_server.url}/groups/tuesday-study-circle/")
    expect(page.get_by_role("status")).to_have_text(
        "Tuesday Study Circle is ready. Invite people from its page."
    )
    expect(page.get_by_text("Public group: anyone can read its discussion")).to_be_visible()
    axe()

    # A private group: open joining is refused for it, by invitation is fine.
    page.get_by_role("link", name="Groups").click()
    axe()
    page.get_by_role("link", name="Start a group").click()
    page.get_by_label("Name").fill("Night Readers")
    page.get_by_label("Private: only members know it exists").check()
    page.get_by_label("Open: anyone may join (public groups only)").check()
    page.get_by_role("button", name="Create the group").click()
    expect(page.get_by_text("Only a public group can be open to anyone.")).to_be_visible()
    axe()
    page.get_by_label("By invitation link").check()
    page.get_by_role("button", name="Create the group").click()
    expect(page).to_have_url(f"{live_server.url}/groups/night-readers/")
    expect(page.get_by_text("Private group: only its members see it.")).to_be_visible()
    axe()

    # Later, the first group changes its name, description, visibility and join policy.
    page.goto(f"{live_server.url}/groups/tuesday-study-circle/")
    axe()
    page.get_by_role("link", name="Manage the group").click()
    axe()
    page.get_by_role("link", name="Change the name, description").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change Tuesday Study Circle")
    axe()
    expect(page.get_by_label("Name")).to_have_value("Tuesday Study Circle")
    expect(page.get_by_label("By request, approved by an admin")).to_be_checked()
    page.get_by_label("Name").fill("Thursday Evening Circle")
    page.get_by_label("Description").fill("We moved to Thursdays.")
    page.get_by_label("Private: only members know it exists").check()
    page.get_by_label("Open: anyone may join (public groups only)").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Only a public group can be open to anyone.")).to_be_visible()
    axe()
    page.get_by_label("By invitation link").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page).to_have_url(f"{live_server.url}/groups/tuesday-study-circle/manage/")
    expect(page.get_by_role("status")).to_have_text("Changes saved.")
    axe()
    page.get_by_role("link", name="Thursday Evening Circle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thursday Evening Circle")
    expect(page.get_by_text("We moved to Thursdays.")).to_be_visible()
    expect(page.get_by_text("Private group: only its members see it.")).to_be_visible()
    axe()

    # Night Readers is deleted: the page says what goes and wants its name typed.
    page.goto(f"{live_server.url}/groups/night-readers/manage/")
    axe()
    page.get_by_role("link", name="Delete this group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete Night Readers?")
    expect(page.get_by_text("its 1 membership: the members keep their accounts")).to_be_visible()
    axe()
    confirm = page.get_by_label("To confirm, type the group's name: Night Readers")
    confirm.fill("night readers")
    page.get_by_role("button", name="Delete this group").click()
    expect(
        page.get_by_text("That is not the group's name: type it exactly as shown.")
    ).to_be_visible()
    assert Group.objects.filter(slug="night-readers").exists()
    axe()
    confirm.fill("Night Readers")
    page.get_by_role("button", name="Delete this group").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("status")).to_have_text(
        "Night Readers was deleted, with everything listed."
    )
    expect(page.get_by_role("main")).not_to_contain_text("Night Readers")
    expect(page.get_by_role("main")).to_contain_text("Thursday Evening Circle")
    axe()
    page.get_by_role("link", name="Groups", exact=True).click()
    expect(page.get_by_role("main")).not_to_contain_text("Night Readers")
    axe()
    response = page.goto(f"{live_server.url}/groups/night-readers/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Nothing here")
    axe()


def test_invite_ask_approve_and_remove(
    page: Page,
    browser: Browser,
    browser_context_args: dict,
    live_server: LiveServer,
    make_member: Callable,
    sign_in: Callable,
    axe: Callable,
) -> None:
    call_command("load_seeds", stdout=StringIO())
    blog = Document.objects.get(slug=BLOG)
    ben = make_member("ben")
    night = services.create_group(creator=ben, name="Night Readers", visibility="private")
    services.add_document(group=night, document=blog)
    circle = services.create_group(
        creator=ben, name="Tuesday Study Circle", visibility="public", join_policy="request"
    )
    services.add_document(group=circle, document=blog)
    make_member("cleo")
    make_member("dan")

    # Ben makes an invitation link for Night Readers and copies it with the button.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    sign_in(page, "ben", "/groups/night-readers/manage/")
    axe()
    expect(page.get_by_text("No invitation links yet.")).to_be_visible()
    page.get_by_label("Valid for (days)").fill("7")
    page.get_by_label("Uses at most").fill("5")
    page.get_by_role("button", name="Create an invitation link").click()
    expect(page.get_by_role("status")).to_contain_text("New invitation link created")
    link = page.get_by_label("Link valid until")
    expect(link).to_have_value(f"{live_server.url}/join/{night.invitations.get().token}/")
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_text("Link copied")).to_be_visible()
    axe()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == link.input_value()

    # Cleo opens the link in her own browser, signs in, and joins.
    cleo_context = browser.new_context(**browser_context_args)
    cleo = cleo_context.new_page()
    cleo.goto(copied)
    expect(cleo).to_have_url(
        f"{live_server.url}/accounts/login/?next=/join/{night.invitations.get().token}/"
    )
    axe(cleo)
    cleo.get_by_label("Login").fill("cleo")
    cleo.get_by_label("Password").fill("pw-for-tests")
    cleo.get_by_role("button", name="Sign In").click()
    expect(cleo.get_by_role("heading", level=1)).to_have_text("Join Night Readers")
    axe(cleo)
    cleo.get_by_role("button", name="Join the group").click()
    expect(cleo.get_by_role("status")).to_have_text("Welcome to Night Readers.")
    expect(cleo.get_by_role("link", name=BLOG_TITLE)).to_be_visible()
    axe(cleo)

    # Dan asks to join the Tuesday circle from its page.
    dan_context = browser.new_context(**browser_context_args)
    dan = dan_context.new_page()
    sign_in(dan, "dan", "/groups/tuesday-study-circle/")
    expect(dan.get_by_role("heading", level=1)).to_have_text("Tuesday Study Circle")
    axe(dan)
    dan.get_by_text("Ask to join").click()
    dan.get_by_label("A word to the group's admins (optional)").fill("I read along already.")
    axe(dan)
    dan.get_by_role("button", name="Send the request").click()
    expect(dan.get_by_role("status")).to_have_text(
        "Your request was sent: an admin of the group will answer."
    )
    expect(dan.get_by_text("Your request to join is waiting for an admin.")).to_be_visible()
    axe(dan)

    # Ben approves him on the management page.
    page.goto(f"{live_server.url}/groups/tuesday-study-circle/manage/")
    expect(page.get_by_text("“I read along already.”")).to_be_visible()
    axe()
    page.get_by_role("button", name="Approve dan").click()
    expect(page.get_by_role("status")).to_have_text("Request approved: they are a member now.")
    expect(page.get_by_role("cell", name="dan", exact=True)).to_be_visible()
    axe()

    # Dan is a member now, and reads the group's text with it.
    dan.reload()
    expect(dan.get_by_text("You are a member.")).to_be_visible()
    axe(dan)
    dan.get_by_role("link", name=BLOG_TITLE).click()
    expect(dan.get_by_text("Reading with Tuesday Study Circle")).to_be_visible()
    axe(dan)

    # Ben removes Cleo from Night Readers, after the page asks.
    page.goto(f"{live_server.url}/groups/night-readers/manage/")
    axe()
    page.get_by_role("link", name="Remove cleo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove cleo from Night Readers?")
    expect(page.get_by_text("Their annotations stay in its discussion.")).to_be_visible()
    axe()
    page.get_by_role("button", name="Remove", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/groups/night-readers/manage/")
    expect(page.get_by_role("status")).to_have_text(
        "cleo was removed from the group. Their annotations stay."
    )
    expect(page.get_by_role("cell", name="cleo", exact=True)).to_have_count(0)
    axe()
    response = cleo.goto(f"{live_server.url}/groups/night-readers/")
    assert response is not None
    assert response.status == 404

    # And takes the text off Night Readers' reading list, after the page asks.
    page.get_by_role("link", name=f"Take off the list ({BLOG_TITLE})").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Take {BLOG_TITLE} off the reading list of Night Readers?"
    )
    axe()
    page.get_by_role("button", name="Take it off the list").click()
    expect(page.get_by_role("status")).to_have_text(
        f"{BLOG_TITLE} left the reading list; its notes are kept."
    )
    expect(page.get_by_text("Nothing yet.")).to_be_visible()
    axe()
    cleo_context.close()
    dan_context.close()


def test_without_javascript_links_can_be_copied_by_hand_and_removals_still_ask(
    browser: Browser,
    browser_context_args: dict,
    live_server: LiveServer,
    make_member: Callable,
    make_document: Callable,
    sign_in: Callable,
) -> None:
    # axe-core runs in the page, so it cannot check these pages without JavaScript: the
    # journeys above check the same pages with it.
    ben = make_member("ben")
    group = services.create_group(creator=ben, name="Night Readers")
    services.add_document(group=group, document=make_document(title="The Prince"))
    invitation = services.create_invitation(group=group, by=ben)
    make_member("cleo", groups=(group,))
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "ben", "/groups/night-readers/manage/")

    # The link is in a read-only field, selected whole when focused; no button that cannot work.
    link = page.get_by_label("Link valid until")
    expect(link).to_have_value(f"{live_server.url}{invitation.get_absolute_url()}")
    expect(link).not_to_be_editable()
    expect(page.get_by_role("button", name="Copy link")).to_have_count(0)

    page.get_by_role("link", name="Take off the list (The Prince)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Take The Prince off the reading list of Night Readers?"
    )
    page.get_by_role("button", name="Take it off the list").click()
    expect(page.get_by_role("status")).to_have_text(
        "The Prince left the reading list; its notes are kept."
    )
    page.get_by_role("link", name="Remove cleo").click()
    page.get_by_role("button", name="Remove", exact=True).click()
    expect(page.get_by_role("status")).to_have_text(
        "cleo was removed from the group. Their annotations stay."
    )
    expect(page.get_by_role("cell", name="cleo", exact=True)).to_have_count(0)
    context.close()
