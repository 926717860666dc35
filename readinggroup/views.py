"""The home page, and meetings: listing, planning, the agenda and its builder, the packet,
Markdown and calendar exports, and what was discussed."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations import permissions as annotation_permissions
from annotations.models import Annotation
from groups import permissions as group_permissions
from groups.models import Group, GroupDocument
from readinggroup import agendas, exports, meetings, permissions, suggestions
from readinggroup.forms import ItemForm, MeetingForm, NewItemForm, NotesForm
from readinggroup.models import AgendaItem, Meeting


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """My groups and what they read, my next meetings; public groups for everyone else."""
    lists = GroupDocument.objects.select_related("document")
    visible = group_permissions.groups_visible_to(request.user).prefetch_related(
        Prefetch("reading_list", queryset=lists)
    )
    mine = visible.filter(pk__in=group_permissions.member_group_ids(request.user))
    public = visible.filter(visibility=Group.Visibility.PUBLIC).exclude(pk__in=mine)
    upcoming = (
        permissions.meetings_visible_to(request.user).upcoming().filter(cancelled_at__isnull=True)
    )
    context = {"mine": mine, "public": public, "meetings": upcoming.select_related("group")[:5]}
    return render(request, "readinggroup/home.html", context)


def _group(request: HttpRequest, slug: str) -> Group:
    groups = group_permissions.groups_visible_to(request.user).with_role_of(request.user)
    group = get_object_or_404(groups, slug=slug)
    if not permissions.can_see_meetings(request.user, group):
        raise Http404
    return group


def _meeting(request: HttpRequest, pk: int, *, plan: bool = False) -> Meeting:
    meeting = get_object_or_404(
        permissions.meetings_visible_to(request.user).select_related(
            "group", "document__current_revision"
        ),
        pk=pk,
    )
    if plan and not permissions.can_plan(request.user, meeting.group):
        raise PermissionDenied
    return meeting


@login_required
@require_GET
def group_meetings(request: HttpRequest, group: str) -> HttpResponse:
    found = _group(request, group)
    context = {
        "group": found,
        "upcoming": found.meetings.upcoming().select_related("document"),
        "past": found.meetings.past().select_related("document")[:20],
        "can_plan": permissions.can_plan(request.user, found),
    }
    return render(request, "readinggroup/meetings.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_form(request: HttpRequest, group: str, pk: int | None = None) -> HttpResponse:
    """Plan a meeting, or change one."""
    found = _group(request, group)
    if not permissions.can_plan(request.user, found):
        raise PermissionDenied
    meeting = get_object_or_404(found.meetings, pk=pk) if pk else None
    documents = found.documents.all()
    form = MeetingForm(request.POST or None, instance=meeting, documents=documents)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in MeetingForm.Meta.fields}
        try:
            if meeting is None:
                meeting = meetings.create_meeting(group=found, by=request.user, **fields)
            else:
                meetings.update_meeting(meeting=meeting, **fields)
        except meetings.MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Meeting saved. Build its agenda below.")
            return redirect(meeting)
    return render(request, "readinggroup/meeting_form.html", {"group": found, "form": form})


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, plan=True)
    meetings.cancel_meeting(meeting=meeting)
    messages.success(request, "Meeting cancelled: members see it as cancelled.")
    return redirect(meeting)


@login_required
@require_GET
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda page: what to read and discuss; for planners, the builder and suggestions."""
    found = _meeting(request, pk)
    plan = permissions.can_plan(request.user, found.group)
    items = agendas.agenda(found, request.user)
    context = {
        "meeting": found,
        "items": items,
        "total": sum(item.minutes for item in items),
        "can_plan": plan,
        "suggestions": suggestions.suggest(found) if plan else None,
        "notes_form": NotesForm(initial={"notes": found.notes}) if plan else None,
        "discussed": set(found.discussed.values_list("pk", flat=True)) if plan else set(),
    }
    return render(request, "readinggroup/meeting.html", context)


@login_required
@require_GET
def packet(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable meeting packet: passages quoted, prompts, and the threads to bring up."""
    found = _meeting(request, pk)
    items = agendas.agenda(found, request.user)
    agendas.add_packet_threads(items, request.user)
    context = {
        "meeting": found,
        "items": items,
        "with_notes": permissions.can_plan(request.user, found.group) and "notes" in request.GET,
    }
    return render(request, "readinggroup/packet.html", context)


@login_required
@require_GET
def agenda_markdown(request: HttpRequest, pk: int) -> HttpResponse:
    found = _meeting(request, pk)
    with_notes = permissions.can_plan(request.user, found.group) and "notes" in request.GET
    text = exports.agenda_markdown(
        found, agendas.agenda(found, request.user), with_notes=with_notes
    )
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="agenda-{found.pk}.md"'
    return response


@login_required
@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    found = _meeting(request, pk)
    response = HttpResponse(exports.meeting_ics(found), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{found.pk}.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def add_to_agenda(request: HttpRequest, group: str) -> HttpResponse:
    """Add a passage, a selection or a thread to one of the group's coming agendas."""
    found = _group(request, group)
    if not permissions.can_plan(request.user, found):
        raise PermissionDenied
    upcoming = list(found.meetings.upcoming().filter(cancelled_at__isnull=True))
    form = NewItemForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        target = next((m for m in upcoming if str(m.pk) == request.POST.get("meeting")), None)
        if target is None:
            form.add_error(None, "Choose the meeting to add it to.")
        else:
            return _add_item(request, target, form)
    context = {"group": found, "form": form, "meetings": upcoming}
    return render(request, "readinggroup/add_to_agenda.html", context)


@login_required
@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an item straight from the agenda page (a suggestion, or a blank item)."""
    found = _meeting(request, pk, plan=True)
    form = NewItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(found)
    return _add_item(request, found, form)


def _add_item(request: HttpRequest, meeting: Meeting, form: NewItemForm) -> HttpResponse:
    data = form.cleaned_data
    annotation = None
    if data.get("annotation"):
        readable = annotation_permissions.visible_annotations(request.user, Annotation.objects)
        annotation = get_object_or_404(readable, pk=data["annotation"])
    try:
        meetings.add_item(
            meeting=meeting, start_ordinal=data.get("start_ordinal"),
            end_ordinal=data.get("end_ordinal"), annotation=annotation, prompt=data["prompt"],
            minutes=data["minutes"], facilitator_notes=data["facilitator_notes"],
        )  # fmt: skip
    except meetings.MeetingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Added to the agenda.")
    return redirect(meeting)


def _item(request: HttpRequest, pk: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__group"), pk=pk)
    _meeting(request, item.meeting_id, plan=True)
    return item


@login_required
@require_POST
def item_update(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = ItemForm(request.POST)
    if form.is_valid():
        meetings.update_item(item=item, **form.cleaned_data)
        messages.success(request, "Item saved.")
    else:
        messages.error(request, "Minutes are a whole number from 1 to 600.")
    return redirect(item.meeting)


@login_required
@require_POST
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    meetings.remove_item(item=item)
    messages.success(request, "Item removed.")
    return redirect(item.meeting)


@login_required
@require_POST
def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    meetings.move_item(item=item, by=-1 if request.POST.get("direction") == "up" else 1)
    return redirect(f"{item.meeting.get_absolute_url()}#item-{item.pk}")


@login_required
@require_POST
def agenda_order(request: HttpRequest, pk: int) -> JsonResponse:
    """The order drag-and-drop left the agenda in: {"order": [item ids]}."""
    found = _meeting(request, pk, plan=True)
    try:
        order = [int(i) for i in json.loads(request.body)["order"]]
        meetings.reorder(meeting=found, order=order)
    except (ValueError, KeyError, TypeError) as error:
        return JsonResponse({"error": str(error) or "Send the order as a list of ids."}, status=400)
    return JsonResponse({"order": order})


@login_required
@require_POST
def meeting_notes(request: HttpRequest, pk: int) -> HttpResponse:
    """After the meeting: its notes, and which threads were discussed."""
    found = _meeting(request, pk, plan=True)
    form = NotesForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Notes can be at most 10,000 characters.")
        return redirect(found)
    meetings.record_notes(meeting=found, notes=form.cleaned_data["notes"])
    linked = Annotation.objects.filter(
        pk__in=[int(i) for i in request.POST.getlist("discussed") if i.isdigit()],
        group=found.group,
    )
    meetings.mark_discussed(meeting=found, annotations=list(linked))
    messages.success(request, "Notes saved.")
    return redirect(found)
