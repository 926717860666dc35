"""Group pages: joining, managing, leaving, as people do it."""

from collections.abc import Callable
from http import HTTPStatus

from django.test import Client

from annotations import services as annotation_services
from annotations.models import Annotation
from groups.models import Group, Invitation, Membership
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
    note = annotation_services.create_annotation(
        author=member, revision=blog.current_revision, group=group, selection=None, body="Mine."
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
