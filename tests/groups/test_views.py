"""Group pages: joining, managing, leaving, as people do it."""

from collections.abc import Callable
from http import HTTPStatus

import pytest
from django.test import Client
from django.utils import timezone

from annotations import writing
from annotations.models import Annotation
from groups import services
from groups.models import Group, Invitation, Membership
from meetings.models import Meeting
from texts.models import Document


def test_home_shows_my_groups_and_public_ones_but_no_private_ones_of_others(
    client: Client, circle: Group, make_group: Callable, make_member: Callable
) -> None:
    hidden = make_group(visibility="private")
    hidden.name = "Hidden circle"
    hidden.save()
    page = client.get("/").content.decode()
    assert circle.name in page
    assert "Hidden circle" not in page
    assert "Mass organization and political organization" in page  # the circle's reading list
    client.force_login(make_member(groups=(hidden,)))
    page = client.get("/").content.decode()
    assert page.index("Your groups") < page.index("Hidden circle") < page.index("Public groups")


def test_an_invitation_link_brings_a_new_member_in(
    client: Client, make_group: Callable, make_member: Callable
) -> None:
    group = make_group(visibility="private")
    invitation = Invitation.objects.create(
        group=group, expires_at="2099-01-01T00:00:00Z", max_uses=5
    )
    url = invitation.get_absolute_url()
    assert client.get(url)["Location"].startswith("/accounts/login/?next=/join/")
    newcomer = make_member()
    client.force_login(newcomer)
    assert f"Join {group.name}" in client.get(url).content.decode()
    response = client.post(url)
    assert response["Location"] == group.get_absolute_url()
    assert group.memberships.filter(user=newcomer).exists()
    assert client.get(group.get_absolute_url()).status_code == HTTPStatus.OK


DEAD_INVITATIONS = (
    pytest.param({"revoked_at": "2026-01-01T00:00:00Z"}, id="withdrawn"),
    pytest.param({"expires_at": "2020-01-01T00:00:00Z"}, id="expired"),
    pytest.param({"max_uses": 2, "uses": 2}, id="used-up"),
)


@pytest.mark.parametrize("dead", DEAD_INVITATIONS)
@pytest.mark.parametrize("signed_in", [True, False], ids=["signed-in", "anonymous"])
def test_a_dead_invitation_link_says_only_that_it_no_longer_works(
    client: Client, make_group: Callable, make_member: Callable, dead: dict, signed_in: bool
) -> None:
    group = make_group(visibility="private")
    group.name = "Secret Seminar"
    group.description = "We read the minutes of the hidden committee."
    group.save()
    invitation = Invitation.objects.create(
        group=group, **{"expires_at": "2099-01-01T00:00:00Z", **dead}
    )
    visitor = make_member()
    if signed_in:
        client.force_login(visitor)
    for response in (
        client.get(invitation.get_absolute_url()),
        client.post(invitation.get_absolute_url()),
    ):
        assert response.status_code == HTTPStatus.GONE
        page = response.content.decode()
        assert "This invitation link no longer works" in page
        assert "Ask whoever invited you for a new link." in page
        assert "Secret Seminar" not in page
        assert "hidden committee" not in page
        assert group.slug not in page
    assert not group.memberships.filter(user=visitor).exists()


def test_a_link_used_up_while_its_page_is_open_no_longer_names_the_group(
    client: Client, make_group: Callable, make_member: Callable
) -> None:
    group = make_group(visibility="private")
    invitation = Invitation.objects.create(group=group, expires_at="2099-01-01T00:00:00Z")
    client.force_login(make_member())
    assert f"Join {group.name}" in client.get(invitation.get_absolute_url()).content.decode()
    other = make_member()
    # Someone else takes the last use between the page and the click.
    invitation.max_uses = 1
    invitation.save()
    services.accept_invitation(token=invitation.token, user=other)
    response = client.post(invitation.get_absolute_url(), follow=True)
    page = response.content.decode()
    assert response.status_code == HTTPStatus.GONE
    assert "This invitation link no longer works" in page
    assert group.name not in page


def test_an_admin_manages_roles_and_cannot_remove_the_last_admin(
    client: Client, make_group: Callable, make_member: Callable
) -> None:
    group = make_group(visibility="private")
    admin = make_member(groups=(group,), role="admin")
    member = make_member(groups=(group,))
    client.force_login(admin)
    mine = Membership.objects.get(user=admin)
    theirs = Membership.objects.get(user=member)
    client.post(f"/groups/{group.slug}/members/{theirs.pk}/role/", {"role": "facilitator"})
    theirs.refresh_from_db()
    assert theirs.role == "facilitator"
    response = client.post(f"/groups/{group.slug}/members/{mine.pk}/remove/", follow=True)
    assert "A group needs at least one admin" in response.content.decode()
    assert Membership.objects.filter(pk=mine.pk).exists()


def test_a_removed_member_loses_access_at_once_and_their_annotations_stay(
    client: Client, seeds: dict[str, Document], make_group: Callable, make_member: Callable
) -> None:
    blog = seeds["mass-organization-and-political-organization"]
    group = make_group(visibility="private", documents=(blog,))
    admin = make_member(groups=(group,), role="admin")
    member = make_member(groups=(group,))
    note = writing.create_annotation(
        author=member, revision=blog.revision, group=group, selection=None, body="Mine."
    )
    client.force_login(member)
    assert client.get(note.get_absolute_url()).status_code == HTTPStatus.OK
    client.force_login(admin)
    client.post(f"/groups/{group.slug}/members/{Membership.objects.get(user=member).pk}/remove/")
    client.force_login(member)
    assert client.get(note.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert client.get(group.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert Annotation.objects.get(pk=note.pk).body == "Mine."


def test_asking_to_join_and_being_approved(
    client: Client, make_group: Callable, make_member: Callable
) -> None:
    group = make_group(join_policy="request")
    admin = make_member(groups=(group,), role="admin")
    asker = make_member()
    client.force_login(asker)
    response = client.post(f"/groups/{group.slug}/join/", {"message": "Hello"}, follow=True)
    assert "Your request was sent" in response.content.decode()
    client.force_login(admin)
    manage = client.get(f"/groups/{group.slug}/manage/").content.decode()
    assert "Hello" in manage
    request = group.join_requests.get()
    client.post(f"/groups/{group.slug}/requests/{request.pk}/", {"answer": "approve"})
    assert group.memberships.filter(user=asker).exists()


def test_a_group_is_started_by_its_first_admin(client: Client, make_member: Callable) -> None:
    client.force_login(make_member())
    response = client.post(
        "/groups/new/",
        {"name": "Seminar", "description": "", "visibility": "private", "join_policy": "open"},
    )
    assert response.status_code == HTTPStatus.OK
    assert "Only a public group can be open to anyone." in response.content.decode()
    response = client.post(
        "/groups/new/",
        {"name": "Seminar", "description": "", "visibility": "public", "join_policy": "open"},
    )
    assert response["Location"] == "/groups/seminar/"
    assert Group.objects.get().memberships.get().role == "admin"


def test_group_pages_cost_a_constant_number_of_queries(
    client: Client,
    circle: Group,
    make_member: Callable,
    django_assert_max_num_queries: Callable,
) -> None:
    for _ in range(20):
        make_member(groups=(circle,))
    admin = make_member(groups=(circle,), role="admin")
    client.force_login(admin)
    with django_assert_max_num_queries(10):
        assert client.get("/").status_code == HTTPStatus.OK
    with django_assert_max_num_queries(10):
        assert client.get(circle.get_absolute_url()).status_code == HTTPStatus.OK
    with django_assert_max_num_queries(12):
        assert client.get(f"/groups/{circle.slug}/manage/").status_code == HTTPStatus.OK


def test_the_new_group_page_offers_every_choice_as_a_radio_button(
    client: Client, make_member: Callable
) -> None:
    client.force_login(make_member())
    page = client.get("/groups/new/").content.decode()
    assert "<legend>Who can see it</legend>" in page
    assert "<legend>How people join</legend>" in page
    for name, choices in (("visibility", Group.Visibility), ("join_policy", Group.JoinPolicy)):
        for value, label in choices.choices:
            assert f'type="radio" name="{name}" value="{value}"' in page
            assert str(label) in page
    # Public and by invitation are chosen to begin with.
    assert 'value="public" required id="id_visibility_0" checked' in page
    assert 'value="invitation" required id="id_join_policy_0" checked' in page
    assert 'maxlength="120"' in page


def test_an_admin_changes_a_group_and_its_address_stays(
    client: Client, make_group: Callable, make_member: Callable
) -> None:
    group = make_group(join_policy="request")
    client.force_login(make_member(groups=(group,), role="admin"))
    page = client.get(f"/groups/{group.slug}/edit/").content.decode()
    assert f"Change {group.name}" in page
    assert f'value="{group.name}"' in page
    assert 'value="request" required id="id_join_policy_1" checked' in page
    changed = {
        "name": "Thursday Circle",
        "description": "We read slowly.",
        "visibility": "private",
        "join_policy": "invitation",
    }
    response = client.post(f"/groups/{group.slug}/edit/", changed, follow=True)
    assert response.redirect_chain == [(f"/groups/{group.slug}/manage/", HTTPStatus.FOUND)]
    assert "Changes saved." in response.content.decode()
    group.refresh_from_db()
    expected = ("group-1", "Thursday Circle", "We read slowly.")
    assert (group.slug, group.name, group.description) == expected
    assert (group.visibility, group.join_policy) == ("private", "invitation")


def test_a_private_group_cannot_be_made_open_to_anyone(
    client: Client, make_group: Callable, make_member: Callable
) -> None:
    group = make_group()
    client.force_login(make_member(groups=(group,), role="admin"))
    response = client.post(
        f"/groups/{group.slug}/edit/",
        {"name": "Renamed", "description": "", "visibility": "private", "join_policy": "open"},
    )
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Only a public group can be open to anyone." in page
    assert "Change Group 1" in page  # the title keeps the saved name
    group.refresh_from_db()
    assert (group.name, group.visibility, group.join_policy) == ("Group 1", "public", "invitation")


# Each page only an admin reaches: (method, path under the group, data).
ADMIN_PAGES = [
    pytest.param("get", "edit/", {}, id="edit-page"),
    pytest.param(
        "post", "edit/", {"name": "X", "visibility": "public", "join_policy": "request"}, id="edit"
    ),
    pytest.param("get", "delete/", {}, id="delete-page"),
    pytest.param("post", "delete/", {"name": "Group 1"}, id="delete"),
    pytest.param("get", "members/{member}/remove/", {}, id="remove-member-page"),
    pytest.param("post", "members/{member}/remove/", {}, id="remove-member"),
    pytest.param("get", "reading-list/{entry}/remove/", {}, id="take-off-page"),
    pytest.param("post", "reading-list/{entry}/remove/", {}, id="take-off"),
    pytest.param("post", "settings/", {"premoderate_new_members": "on"}, id="settings"),
    pytest.param("post", "reading-list/{entry}/peek/", {"post_before_peek": "on"}, id="peek"),
]


@pytest.mark.parametrize(
    ("visibility", "role", "status"),
    [
        pytest.param("public", None, HTTPStatus.FOUND, id="public-anonymous"),
        pytest.param("public", "outsider", HTTPStatus.FORBIDDEN, id="public-outsider"),
        pytest.param("public", "member", HTTPStatus.FORBIDDEN, id="public-member"),
        pytest.param("public", "facilitator", HTTPStatus.FORBIDDEN, id="public-facilitator"),
        pytest.param("private", None, HTTPStatus.FOUND, id="private-anonymous"),
        pytest.param("private", "outsider", HTTPStatus.NOT_FOUND, id="private-outsider"),
        pytest.param("private", "member", HTTPStatus.FORBIDDEN, id="private-member"),
    ],
)
@pytest.mark.parametrize(("method", "path", "data"), ADMIN_PAGES)
def test_only_admins_change_remove_and_delete(
    client: Client,
    make_group: Callable,
    make_member: Callable,
    make_document: Callable,
    visibility: str,
    role: str | None,
    status: int,
    method: str,
    path: str,
    data: dict,
) -> None:
    group = make_group(visibility=visibility, documents=(make_document(),))
    make_member(groups=(group,), role="admin")
    people = {
        "outsider": make_member(),
        "member": make_member(groups=(group,)),
        "facilitator": make_member(groups=(group,), role="facilitator"),
    }
    if role is not None:
        client.force_login(people[role])
    member = Membership.objects.get(group=group, role="member")
    url = f"/groups/{group.slug}/" + path.format(
        member=member.pk, entry=group.reading_list.get().pk
    )
    response = getattr(client, method)(url, data)
    assert response.status_code == status
    if role is None:
        assert response["Location"].startswith("/accounts/login/")
    group.refresh_from_db()
    unchanged = ("Group 1", "invitation", False)
    assert (group.name, group.join_policy, group.premoderate_new_members) == unchanged
    assert group.memberships.count() == 3
    assert group.reading_list.get().post_before_peek is False


def test_the_delete_page_counts_what_goes_with_the_group(
    client: Client,
    seeds: dict[str, Document],
    make_group: Callable,
    make_member: Callable,
    django_assert_max_num_queries: Callable,
) -> None:
    blog = seeds["mass-organization-and-political-organization"]
    group = make_group(documents=tuple(seeds.values()), join_policy="request")
    admin = make_member(groups=(group,), role="admin")
    member = make_member(groups=(group,))
    Invitation.objects.create(group=group, expires_at="2099-01-01T00:00:00Z")
    group.join_requests.create(user=make_member())
    Meeting.objects.create(group=group, title="First", starts_at="2099-01-01T18:00:00Z")
    for body in ("One.", "Two."):
        writing.create_annotation(
            author=member, revision=blog.revision, group=group, selection=None, body=body
        )
    client.force_login(admin)
    with django_assert_max_num_queries(8):
        response = client.get(f"/groups/{group.slug}/delete/")
    page = response.content.decode()
    assert f"Delete {group.name}?" in page
    for line in (
        "its 2 memberships: the members keep their accounts and their private notes",
        "1 invitation link<",
        "1 request to join",
        "its reading list of 2 texts: the texts stay on the site",
        "1 meeting, with its agenda and notes",
        "2 annotations in its discussion, replies included",
        "0 entries in its moderation log",
    ):
        assert line in page
    assert f"To confirm, type the group&#x27;s name: {group.name}" in page


def test_deleting_a_group_takes_typing_its_name(
    client: Client, seeds: dict[str, Document], make_group: Callable, make_member: Callable
) -> None:
    blog = seeds["mass-organization-and-political-organization"]
    group = make_group(documents=(blog,))
    admin = make_member(groups=(group,), role="admin")
    invitation = Invitation.objects.create(group=group, expires_at="2099-01-01T00:00:00Z")
    note = writing.create_annotation(
        author=admin, revision=blog.revision, group=None, selection=None, body="Mine."
    )
    client.force_login(admin)
    response = client.post(f"/groups/{group.slug}/delete/", {"name": "group 1"})
    assert response.status_code == HTTPStatus.OK
    assert "That is not the group&#x27;s name: type it exactly as shown." in (
        response.content.decode()
    )
    assert Group.objects.filter(pk=group.pk).exists()

    response = client.post(f"/groups/{group.slug}/delete/", {"name": "Group 1"}, follow=True)
    assert response.redirect_chain == [("/", HTTPStatus.FOUND)]
    assert "Group 1 was deleted, with everything listed." in response.content.decode()
    assert client.get(f"/groups/{group.slug}/").status_code == HTTPStatus.NOT_FOUND
    assert client.get(invitation.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert "Group 1" not in client.get("/groups/").content.decode()
    assert Annotation.objects.get(pk=note.pk).body == "Mine."


def test_deleting_a_group_with_a_discussion_says_so_and_takes_it(
    client: Client, seeds: dict[str, Document], make_group: Callable, make_member: Callable
) -> None:
    blog = seeds["mass-organization-and-political-organization"]
    group = make_group(documents=(blog,))
    admin = make_member(groups=(group,), role="admin")
    writing.create_annotation(
        author=admin, revision=blog.revision, group=group, selection=None, body="Ours."
    )
    client.force_login(admin)
    page = client.get(f"/groups/{group.slug}/delete/").content.decode()
    assert "1 annotation" in page
    response = client.post(f"/groups/{group.slug}/delete/", {"name": "Group 1"}, follow=True)
    assert "Group 1 was deleted" in response.content.decode()
    assert not Group.objects.filter(pk=group.pk).exists()
    assert not Annotation.objects.filter(group_id=group.pk).exists()


def test_removing_a_member_asks_first(
    client: Client, make_group: Callable, make_member: Callable
) -> None:
    group = make_group()
    client.force_login(make_member(groups=(group,), role="admin"))
    ana = make_member("ana", groups=(group,))
    url = f"/groups/{group.slug}/members/{Membership.objects.get(user=ana).pk}/remove/"
    manage = client.get(f"/groups/{group.slug}/manage/").content.decode()
    assert f'href="{url}">Remove<span class="visually-hidden"> ana</span></a>' in manage
    page = client.get(url).content.decode()
    assert "<h1>Remove ana from Group 1?</h1>" in page
    assert "Their annotations stay in its discussion." in page
    assert '<button type="submit" class="danger">Remove</button>' in page
    assert group.memberships.filter(user=ana).exists()
    response = client.post(url, follow=True)
    assert "ana was removed from the group. Their annotations stay." in response.content.decode()
    assert not group.memberships.filter(user=ana).exists()


def test_taking_a_text_off_the_reading_list_asks_first(
    client: Client, make_group: Callable, make_member: Callable, make_document: Callable
) -> None:
    group = make_group(documents=(make_document(title="The Prince"),))
    client.force_login(make_member(groups=(group,), role="admin"))
    url = f"/groups/{group.slug}/reading-list/{group.reading_list.get().pk}/remove/"
    page = client.get(url).content.decode()
    assert "<h1>Take The Prince off the reading list of Group 1?</h1>" in page
    assert "The group&#x27;s annotations on it are kept" in page
    assert group.reading_list.exists()
    response = client.post(url, follow=True)
    assert "The Prince left the reading list; its notes are kept." in response.content.decode()
    assert not group.reading_list.exists()


def test_the_management_page_draws_its_forms_from_their_form_classes(
    client: Client, make_group: Callable, make_member: Callable, make_document: Callable
) -> None:
    group = make_group(documents=(make_document(),))
    admin = make_member(groups=(group,), role="admin")
    invitation = Invitation.objects.create(group=group, expires_at="2099-01-01T00:00:00Z")
    make_document(title="Addable")
    client.force_login(make_member(is_staff=True))
    page = client.get(f"/groups/{group.slug}/manage/").content.decode()
    pk = Membership.objects.get(user=admin).pk
    assert f'<select name="role" id="role-{pk}">' in page
    for value, label in Membership.Role.choices:
        assert f'<option value="{value}"' in page
        assert f">{label}</option>" in page
    assert '<option value="admin" selected>Admin</option>' in page
    assert 'type="checkbox" name="premoderate_new_members"' in page
    assert "Hold new members&#x27; first posts for approval" in page
    entry = group.reading_list.get().pk
    assert f'type="checkbox" name="post_before_peek" id="peek-{entry}"' in page
    assert 'name="days" value="14" min="1" max="90" required' in page
    assert 'name="max_uses" value="25" min="1" max="500" required' in page
    assert '<select name="document" required' in page
    assert ">Addable</option>" in page
    link = f"http://testserver{invitation.get_absolute_url()}"
    assert f'type="text" readonly value="{link}"' in page
    assert 'data-copy="invite-' in page
    assert ">Copy link</button>" in page
    assert f'href="/groups/{group.slug}/edit/"' in page
    assert f'href="/groups/{group.slug}/delete/"' in page


def test_settings_and_post_before_peek_are_switched_on_and_off(
    client: Client, make_group: Callable, make_member: Callable, make_document: Callable
) -> None:
    group = make_group(documents=(make_document(title="The Prince"),))
    entry = group.reading_list.get()
    entry.post_before_peek, entry.revealed_at = True, timezone.now()
    entry.save()
    client.force_login(make_member(groups=(group,), role="admin"))
    client.post(f"/groups/{group.slug}/settings/", {"premoderate_new_members": "on"})
    group.refresh_from_db()
    assert group.premoderate_new_members
    client.post(f"/groups/{group.slug}/settings/", {})
    group.refresh_from_db()
    assert not group.premoderate_new_members
    peek = f"/groups/{group.slug}/reading-list/{entry.pk}/peek/"
    response = client.post(peek, {"post_before_peek": "on"}, follow=True)
    assert "“Post before you peek” is on for The Prince." in response.content.decode()
    entry.refresh_from_db()
    assert entry.post_before_peek
    assert entry.revealed_at is None
    client.post(peek, {})
    entry.refresh_from_db()
    assert not entry.post_before_peek


def test_the_ask_to_join_form_comes_from_its_form_class(
    client: Client, make_group: Callable, make_member: Callable
) -> None:
    group = make_group(join_policy="request")
    client.force_login(make_member())
    page = client.get(group.get_absolute_url()).content.decode()
    assert '<label for="id_message">A word to the group&#x27;s admins (optional)</label>' in page
    assert '<textarea name="message" cols="40" rows="3" maxlength="1000" id="id_message">' in page


def test_a_text_is_added_to_the_reading_list_once(
    client: Client, make_group: Callable, make_member: Callable, make_document: Callable
) -> None:
    group = make_group()
    prince = make_document(title="The Prince")
    client.force_login(make_member(groups=(group,), role="admin", is_staff=True))
    url = f"/groups/{group.slug}/reading-list/"
    response = client.post(url, {"document": prince.pk}, follow=True)
    assert "The Prince is on the reading list." in response.content.decode()
    assert ">The Prince</option>" not in response.content.decode()
    response = client.post(url, {"document": prince.pk}, follow=True)
    assert "Choose a text that is not on the reading list yet." in response.content.decode()
    assert group.reading_list.count() == 1


@pytest.mark.parametrize(
    ("join_policy", "message"),
    [
        pytest.param("open", "Only a public group can be open to anyone.", id="open"),
        pytest.param("request", "Nobody outside a private group can find it", id="request"),
    ],
)
def test_a_private_group_is_joined_by_invitation_only(
    client: Client, make_member: Callable, join_policy: str, message: str
) -> None:
    client.force_login(make_member())
    data = {"name": "Hidden", "visibility": "private", "join_policy": join_policy}
    response = client.post("/groups/new/", data)
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert not Group.objects.exists()


def test_leaving_a_group_asks_first_and_warns_of_a_private_group(
    client: Client, make_group: Callable, make_member: Callable
) -> None:
    group = make_group(visibility="private")
    member = make_member(groups=(group,))
    make_member(groups=(group,), role="admin")
    client.force_login(member)
    page = client.get(f"/groups/{group.slug}/").content.decode()
    assert f'href="/groups/{group.slug}/leave/"' in page
    question = client.get(f"/groups/{group.slug}/leave/").content.decode()
    assert "Leave Group 1?" in question
    assert "you will need an invitation" in question
    assert Membership.objects.filter(group=group, user=member).exists()  # asking changed nothing
    response = client.post(f"/groups/{group.slug}/leave/", follow=True)
    assert "You left Group 1." in response.content.decode()
    assert not Membership.objects.filter(group=group, user=member).exists()


def test_withdrawing_an_invitation_link_asks_first(
    client: Client, make_group: Callable, make_member: Callable
) -> None:
    group = make_group()
    admin = make_member(groups=(group,), role="admin")
    invitation = services.create_invitation(group=group, by=admin)
    client.force_login(admin)
    url = f"/groups/{group.slug}/invitations/{invitation.pk}/revoke/"
    assert f'href="{url}"' in client.get(f"/groups/{group.slug}/manage/").content.decode()
    assert "Withdraw this invitation link?" in client.get(url).content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None  # asking changed nothing
    response = client.post(url, follow=True)
    assert "Invitation withdrawn" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
