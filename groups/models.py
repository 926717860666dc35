"""Members and the groups they read in: profiles, groups, roles, invitations, reading lists.

This app sits between texts and annotations: a group reads documents (it knows texts), and an
annotation belongs to a group's discussion (annotations know groups).
"""

import secrets
from typing import Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from texts.models import Document


class Profile(models.Model):
    """What a member shows of themselves: a display name and a short bio."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(max_length=80, help_text="The name others see.")
    bio = models.TextField(blank=True, max_length=1000, help_text="A few words about you.")
    timezone = models.CharField(
        "time zone", max_length=64, blank=True, help_text="Meeting times are shown in it."
    )

    def __str__(self) -> str:
        return self.display_name


class GroupQuerySet(models.QuerySet["Group"]):
    def with_role_of(self, user: User | AnonymousUser) -> Self:
        """Each group with `user`'s role in it (None for outsiders), so checks need no query."""
        if not user.is_authenticated:
            return self
        role = Membership.objects.filter(group=models.OuterRef("pk"), user=user).values("role")
        return self.annotate(viewer_role=models.Subquery(role[:1]), viewer_id=models.Value(user.pk))

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """Public groups, and the private ones `user` belongs to (all of them for staff)."""
        if user.is_staff:
            return self
        if not user.is_authenticated:
            return self.filter(visibility=Group.Visibility.PUBLIC)
        return self.filter(
            Q(visibility=Group.Visibility.PUBLIC) | Q(memberships__user=user)
        ).distinct()

    def with_counts(self, *relations: str) -> Self:
        """Each group with its number of rows in each reverse relation, as `<relation>_count`:
        a subquery each, so that counting two relations never multiplies their rows."""
        counts = {
            f"{relation}_count": models.Subquery(
                Group.objects.filter(pk=models.OuterRef("pk"))
                .annotate(count=models.Count(relation))
                .values("count")
            )
            for relation in relations
        }
        return self.annotate(**counts)


class Group(models.Model):
    """A reading group: its members read documents together and discuss them."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public: anyone can read, members write"
        PRIVATE = "private", "Private: only members know it exists"

    class JoinPolicy(models.TextChoices):
        INVITATION = "invitation", "By invitation link"
        REQUEST = "request", "By request, approved by an admin"
        OPEN = "open", "Open: anyone may join (public groups only)"

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True, max_length=2000)
    visibility = models.CharField(max_length=10, choices=Visibility, default=Visibility.PRIVATE)
    join_policy = models.CharField(max_length=12, choices=JoinPolicy, default=JoinPolicy.INVITATION)
    documents = models.ManyToManyField(
        Document, through="GroupDocument", related_name="reading_groups", blank=True
    )
    premoderate_new_members = models.BooleanField(
        "Hold new members' first posts for approval",
        default=False,
        help_text="A member's posts wait for a facilitator until one of them is approved.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = GroupQuerySet.as_manager()

    # Set by GroupQuerySet.with_role_of: the viewer's role (None for outsiders) and their id.
    viewer_role: str | None
    viewer_id: int

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="group_open_only_if_public",
                condition=~Q(join_policy="open") | Q(visibility="public"),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        FACILITATOR = "facilitator", "Facilitator"
        ADMIN = "admin", "Admin"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=12, choices=Role, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["group", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="membership_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.group} ({self.role})"


class GroupDocumentQuerySet(models.QuerySet["GroupDocument"]):
    def hiding_until_posting(self) -> Self:
        """The entries whose members see others' notes only after posting their own: the
        queryset form of `GroupDocument.hides_until_posting`."""
        return self.filter(post_before_peek=True, revealed_at__isnull=True)


class GroupDocument(models.Model):
    """A document on a group's reading list."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="reading_list")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    post_before_peek = models.BooleanField(
        "Post before you peek",
        default=False,
        help_text="Members see others' notes on a passage only after writing their own there.",
    )
    revealed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a facilitator revealed every note to everyone."
    )

    objects = GroupDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["group", "added_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "document"], name="group_document_once"),
        ]

    def __str__(self) -> str:
        return f"{self.document} in {self.group}"

    @property
    def hides_until_posting(self) -> bool:
        """Whether members see others' notes only after posting their own (as a queryset:
        GroupDocumentQuerySet.hiding_until_posting)."""
        return self.post_before_peek and self.revealed_at is None


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    """A link that lets whoever has it join a group, until it expires or is used up."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    max_uses = models.PositiveIntegerField(default=25)
    uses = models.PositiveIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["group", "-expires_at"]
        constraints = [
            models.CheckConstraint(
                name="invitation_uses_within_limit", condition=Q(uses__lte=models.F("max_uses"))
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.group}"

    def get_absolute_url(self) -> str:
        return reverse("join", kwargs={"token": self.token})

    @property
    def is_usable(self) -> bool:
        return (
            self.revoked_at is None
            and self.uses < self.max_uses
            and timezone.now() < self.expires_at
        )


class JoinRequest(models.Model):
    """Someone asking to join a group whose admins approve members."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["group", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="join_request_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} asks to join {self.group}"
