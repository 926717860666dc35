"""Group pages: the list of groups, a group, its management, changing and deleting it, joining
and leaving.

Private groups answer 404 to people outside them; management needs the group's admin role.
"""

from collections.abc import Callable
from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from groups import permissions, services
from groups.forms import (
    DeleteGroupForm,
    GroupForm,
    InvitationForm,
    JoinRequestForm,
    PostBeforePeekForm,
    PremoderationForm,
    ReadingListForm,
    RoleForm,
)
from groups.http import AuthenticatedHttpRequest
from groups.models import Group, Invitation, JoinRequest, Membership
from groups.names import display_name

# What deleting a group takes with it, as the confirmation page counts it (reverse relations:
# annotations and meetings are counted without this app knowing their models).
DELETED_WITH_GROUP = (
    "memberships",
    "invitations",
    "join_requests",
    "reading_list",
    "meetings",
    "annotations",
    "moderation_log",
)


def _group(request: HttpRequest, slug: str) -> Group:
    return get_object_or_404(permissions.groups_visible_to(request.user), slug=slug)


def _managed(
    request: AuthenticatedHttpRequest,
    slug: str,
    allowed: Callable[[User, Group], bool] = permissions.can_manage,
) -> Group:
    """The group at `slug`, if `request.user` passes `allowed`: 404 for a private group they
    cannot see, 403 for one they can see but not manage."""
    group = _group(request, slug)
    if not allowed(request.user, group):
        raise PermissionDenied
    return group


@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    groups = permissions.groups_visible_to(request.user)
    return render(request, "groups/list.html", {"groups": groups})


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_group(creator=request.user, **form.cleaned_data)
        except services.GroupError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{group.name} is ready. Invite people from its page.")
            return redirect(group)
    return render(request, "groups/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Change a group's name, description, and who can see and join it; its address stays."""
    group = _managed(request, slug, permissions.can_edit)
    name = group.name  # the form writes its input onto the group while it validates
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_group(group=group, **form.cleaned_data)
        except services.GroupError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Changes saved.")
            return redirect("groups:manage", group.slug)
    return render(request, "groups/form.html", {"form": form, "group": group, "name": name})


@login_required
@require_http_methods(["GET", "POST"])
def group_delete(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Delete a group, once its admin has read what goes with it and typed its name."""
    group = _managed(request, slug, permissions.can_delete)
    form = DeleteGroupForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_group(group=group)
        except services.GroupError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{group.name} was deleted, with everything listed.")
            return redirect("home")
    counts = (
        Group.objects.with_counts(*DELETED_WITH_GROUP)
        .values(*(f"{relation}_count" for relation in DELETED_WITH_GROUP))
        .get(pk=group.pk)
    )
    return render(request, "groups/delete.html", {"group": group, "form": form, "counts": counts})


@require_GET
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A group's page: what it reads, who is in it, how to join."""
    group = _group(request, slug)
    role = permissions.role_in(request.user, group)
    members = (
        group.memberships.select_related("user__profile") if role or request.user.is_staff else []
    )
    context = {
        "group": group,
        "role": role,
        "reading_list": group.reading_list.select_related("document"),
        "members": members,
        "can_manage": permissions.can_manage(request.user, group),
        "can_join": permissions.can_join_openly(request.user, group),
        "can_request": permissions.can_request_to_join(request.user, group),
        "requested": request.user.is_authenticated
        and group.join_requests.filter(user=request.user).exists(),
        "request_form": JoinRequestForm(),
    }
    return render(request, "groups/detail.html", context)


@login_required
@require_GET
def group_manage(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Members and roles, join requests, invitation links and the reading list."""
    group = _managed(request, slug)
    context = {
        "group": group,
        "members": group.memberships.select_related("user__profile"),
        "requests": group.join_requests.select_related("user__profile"),
        "invitations": group.invitations.filter(revoked_at__isnull=True),
        "reading_list": group.reading_list.select_related("document"),
        "settings_form": PremoderationForm(instance=group),
        "role_form": RoleForm(),
        "peek_form": PostBeforePeekForm(),
        "invitation_form": InvitationForm(),
        "reading_list_form": ReadingListForm(
            documents=permissions.addable_documents(request.user, group)
        ),
    }
    return render(request, "groups/manage.html", context)


@login_required
@require_POST
def join(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Join an open group, or ask to join one whose admins approve members."""
    group = _group(request, slug)
    try:
        if permissions.can_join_openly(request.user, group):
            services.join_open_group(group=group, user=request.user)
            messages.success(request, f"Welcome to {group.name}.")
        elif permissions.can_request_to_join(request.user, group):
            form = JoinRequestForm(request.POST)
            message = form.cleaned_data["message"] if form.is_valid() else ""
            services.request_to_join(group=group, user=request.user, message=message)
            messages.success(request, "Your request was sent: an admin of the group will answer.")
        else:
            raise PermissionDenied
    except services.GroupError as error:
        messages.error(request, str(error))
    return redirect(group)


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Leave a group: a page asks first (GET), its button leaves (POST)."""
    group = _group(request, slug)
    membership = get_object_or_404(Membership, group=group, user=request.user)
    if request.method == "GET":
        consequence = "Your annotations stay in its discussion." + (
            "" if group.is_public else " It is private: to come back you will need an invitation."
        )
        context = {
            "group": group,
            "question": f"Leave {group.name}?",
            "consequence": consequence,
            "button": "Leave the group",
            "back": group.get_absolute_url(),
        }
        return render(request, "groups/confirm.html", context)
    try:
        services.remove_member(membership=membership)
    except services.GroupError as error:
        messages.error(request, str(error))
        return redirect(group)
    messages.success(request, f"You left {group.name}. Your annotations stay in its discussion.")
    return redirect("home")


@require_http_methods(["GET", "POST"])
def join_by_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """An invitation link: see which group it is for, and join it. A dead link (withdrawn,
    expired, used up) answers 410 Gone and names no group, to anyone, signed in or not: the
    group may be private, and the link no longer admits its holder to know it."""
    invitation = get_object_or_404(Invitation.objects.select_related("group"), token=token)
    if not invitation.is_usable:
        return render(request, "groups/join_dead.html", status=HTTPStatus.GONE)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        try:
            services.accept_invitation(token=token, user=request.user)
        except services.GroupError as error:
            # The link died since the page was shown: its page now says so, nameless.
            messages.error(request, str(error))
            return redirect(invitation)
        messages.success(request, f"Welcome to {invitation.group.name}.")
        return redirect(invitation.group)
    return render(request, "groups/join.html", {"invitation": invitation})


@login_required
@require_POST
def member_role(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    group = _managed(request, slug)
    membership = get_object_or_404(group.memberships, pk=pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        role = form.cleaned_data["role"]
        _apply(
            request, lambda: services.change_role(membership=membership, role=role), "Role changed."
        )
    return redirect("groups:manage", group.slug)


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Remove someone from the group: a page asks first (GET), the button on it removes (POST)."""
    group = _managed(request, slug)
    membership = get_object_or_404(group.memberships.select_related("user__profile"), pk=pk)
    name = display_name(membership.user)
    if request.method == "POST":
        removed = f"{name} was removed from the group. Their annotations stay."
        _apply(request, lambda: services.remove_member(membership=membership), removed)
        return redirect("groups:manage", group.slug)
    context = {
        "group": group,
        "question": f"Remove {name} from {group.name}?",
        "consequence": "They lose access to the group at once. Their annotations stay in its "
        "discussion.",
        "button": "Remove",
    }
    return render(request, "groups/confirm.html", context)


@login_required
@require_POST
def request_answer(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    group = _managed(request, slug)
    join_request = get_object_or_404(JoinRequest, group=group, pk=pk)
    if request.POST.get("answer") == "approve":
        services.approve_request(join_request=join_request)
        messages.success(request, "Request approved: they are a member now.")
    else:
        services.decline_request(join_request=join_request)
        messages.success(request, "Request declined.")
    return redirect("groups:manage", group.slug)


@login_required
@require_POST
def invitation_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    group = _managed(request, slug)
    form = InvitationForm(request.POST)
    if form.is_valid():
        services.create_invitation(group=group, by=request.user, **form.cleaned_data)
        messages.success(request, "New invitation link created: copy it from the list below.")
    else:
        messages.error(request, "Invitations last 1 to 90 days and allow 1 to 500 uses.")
    return redirect("groups:manage", group.slug)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_revoke(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Withdraw an invitation link: a page asks first (GET), its button withdraws (POST)."""
    group = _managed(request, slug)
    invitation = get_object_or_404(group.invitations, pk=pk)
    if request.method == "GET":
        context = {
            "group": group,
            "question": "Withdraw this invitation link?",
            "consequence": "Whoever has the link can no longer join with it. You can make a "
            "new link at any time.",
            "button": "Withdraw the link",
        }
        return render(request, "groups/confirm.html", context)
    services.revoke_invitation(invitation=invitation)
    messages.success(request, "Invitation withdrawn: the link no longer works.")
    return redirect("groups:manage", group.slug)


@login_required
@require_POST
def reading_list_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    group = _managed(request, slug)
    documents = permissions.addable_documents(request.user, group)
    form = ReadingListForm(request.POST, documents=documents)
    if form.is_valid():
        services.add_document(group=group, document=form.cleaned_data["document"])
        messages.success(request, f"{form.cleaned_data['document'].title} is on the reading list.")
    else:
        messages.error(request, "Choose a text that is not on the reading list yet.")
    return redirect("groups:manage", group.slug)


@login_required
@require_http_methods(["GET", "POST"])
def reading_list_remove(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Take a text off the reading list: a page asks first (GET), its button does it (POST)."""
    group = _managed(request, slug)
    entry = get_object_or_404(group.reading_list.select_related("document"), pk=pk)
    title = entry.document.title
    if request.method == "POST":
        services.remove_document(group=group, document=entry.document)
        messages.success(request, f"{title} left the reading list; its notes are kept.")
        return redirect("groups:manage", group.slug)
    context = {
        "group": group,
        "question": f"Take {title} off the reading list of {group.name}?",
        "consequence": "The group's annotations on it are kept, and you can add it again later.",
        "button": "Take it off the list",
    }
    return render(request, "groups/confirm.html", context)


def _apply(request: HttpRequest, change: Callable[[], object], success: str) -> None:
    try:
        change()
    except services.GroupError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)


@login_required
@require_POST
def group_settings(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Whether a new member's first posts wait for approval."""
    group = _managed(request, slug)
    form = PremoderationForm(request.POST)
    if form.is_valid():
        services.set_premoderation(group=group, **form.cleaned_data)
        messages.success(request, "Settings saved.")
    return redirect("groups:manage", group.slug)


@login_required
@require_POST
def reading_list_peek(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Turn "post before you peek" on or off for one text of the reading list."""
    group = _managed(request, slug)
    entry = get_object_or_404(group.reading_list.select_related("document"), pk=pk)
    form = PostBeforePeekForm(request.POST)
    if not form.is_valid():
        return redirect("groups:manage", group.slug)
    services.set_post_before_peek(entry=entry, **form.cleaned_data)
    state = "on" if entry.post_before_peek else "off"
    messages.success(request, f"“Post before you peek” is {state} for {entry.document.title}.")
    return redirect("groups:manage", group.slug)
