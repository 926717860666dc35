"""Meetings: listing, planning, the agenda and its builder, the packet, Markdown and calendar
exports, and what was discussed."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations import permissions as annotation_permissions
from groups import permissions as group_permissions
from groups.http import AuthenticatedHttpRequest
from groups.models import Group
from meetings import agendas, exports, permissions, services, suggestions
from meetings.agendas import AgendaEntry
from meetings.forms import (
    THREAD_ON_OTHER_TEXT,
    AddToAgendaForm,
    AgendaItemForm,
    MeetingForm,
    NewItemForm,
    NotesForm,
)
from meetings.models import AgendaItem, Meeting


def _group(request: AuthenticatedHttpRequest, slug: str) -> Group:
    groups = group_permissions.groups_visible_to(request.user).with_role_of(request.user)
    group = get_object_or_404(groups, slug=slug)
    if not permissions.can_see_meetings(request.user, group):
        raise Http404
    return group


def _meeting(request: AuthenticatedHttpRequest, pk: int, *, plan: bool = False) -> Meeting:
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
def group_meetings(request: AuthenticatedHttpRequest, group: str) -> HttpResponse:
    found = _group(request, group)
    context = {
        "group": found,
        "upcoming": found.meetings.upcoming().select_related("document"),
        "past": found.meetings.past().select_related("document")[:20],
        "can_plan": permissions.can_plan(request.user, found),
    }
    return render(request, "meetings/meetings.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_form(
    request: AuthenticatedHttpRequest, group: str, pk: int | None = None
) -> HttpResponse:
    """Plan a meeting, or change one."""
    found = _group(request, group)
    if not permissions.can_plan(request.user, found):
        raise PermissionDenied
    meeting = get_object_or_404(found.meetings, pk=pk) if pk else None
    documents = found.documents.all()
    form = MeetingForm(_posted(request), instance=meeting, documents=documents)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in MeetingForm.Meta.fields}
        try:
            if meeting is None:
                meeting = services.create_meeting(group=found, by=request.user, **fields)
            else:
                services.update_meeting(meeting=meeting, **fields)
        except services.MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Meeting saved. Build its agenda below.")
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"group": found, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Cancel a meeting: a page asks first, since members are told and it cannot be undone."""
    found = _meeting(request, pk, plan=True)
    if found.is_cancelled:
        messages.info(request, "This meeting is already cancelled.")
        return redirect(found)
    if request.method == "POST":
        services.cancel_meeting(meeting=found)
        messages.success(request, "Meeting cancelled: members see it as cancelled.")
        return redirect(found)
    return render(request, "meetings/meeting_cancel.html", {"meeting": found})


@login_required
@require_GET
def meeting(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The agenda page: what to read and discuss; for planners, the builder and suggestions."""
    found = _meeting(request, pk)
    plan = permissions.can_plan(request.user, found.group)
    entries = agendas.agenda(found, request.user)
    context = {
        "meeting": found,
        "entries": entries,
        "total": sum(entry.item.minutes for entry in entries),
        "can_plan": plan,
    }
    if plan:
        for entry in entries:
            entry.form = AgendaItemForm.for_item(entry.item)
        context |= {
            "suggestions": suggestions.suggest(found),
            "new_item_form": NewItemForm(auto_id="new-%s"),
            "notes_form": _notes_form(found, entries),
        }
    return render(request, "meetings/meeting.html", context)


@login_required
@require_GET
def packet(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The printable meeting packet: passages quoted, prompts, and the threads to bring up."""
    found = _meeting(request, pk)
    entries = agendas.agenda(found, request.user)
    agendas.add_packet_threads(entries, request.user)
    context = {
        "meeting": found,
        "entries": entries,
        "with_notes": permissions.can_plan(request.user, found.group) and "notes" in request.GET,
    }
    return render(request, "meetings/packet.html", context)


@login_required
@require_GET
def agenda_markdown(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
def meeting_ics(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = _meeting(request, pk)
    response = HttpResponse(exports.meeting_ics(found), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{found.pk}.ics"'
    return response


def _posted(request: HttpRequest) -> QueryDict | None:
    """The posted data to bind a form to; None for a GET, which shows the form unbound."""
    return request.POST if request.method == "POST" else None


def _form_page(
    request: HttpRequest, meeting: Meeting, form: Form, *, title: str, action: str, button: str
) -> HttpResponse:
    """One of the agenda page's forms on a page of its own, where what was typed and what needs
    correcting are shown together."""
    context = {"meeting": meeting, "form": form, "title": title, "action": action}
    return render(request, "meetings/agenda_form.html", context | {"button": button})


@login_required
@require_http_methods(["GET", "POST"])
def add_to_agenda(request: AuthenticatedHttpRequest, group: str) -> HttpResponse:
    """Add a passage, a selection or a thread to one of the group's coming agendas."""
    found = _group(request, group)
    if not permissions.can_plan(request.user, found):
        raise PermissionDenied
    upcoming = found.meetings.upcoming().filter(cancelled_at__isnull=True)
    # The form checks a passage against the chosen meeting's reading.
    upcoming = upcoming.select_related("document")
    form = AddToAgendaForm(_posted(request), initial=request.GET.dict(), meetings=upcoming)
    if form.is_valid() and _add_item(request, form.cleaned_data["meeting"], form):
        return redirect(form.cleaned_data["meeting"])
    context = {"group": found, "form": form, "has_meetings": upcoming.exists()}
    return render(request, "meetings/add_to_agenda.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def item_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add an item from the agenda page: a blank one, or a suggestion's one-click "+ Add"."""
    found = _meeting(request, pk, plan=True)
    form = NewItemForm(_posted(request))
    if form.is_valid() and _add_item(request, found, form):
        return redirect(found)
    action = reverse("meetings:item_add", args=[found.pk])
    return _form_page(request, found, form, title="Add an item", action=action, button="Add")


def _add_item(request: AuthenticatedHttpRequest, meeting: Meeting, form: NewItemForm) -> bool:
    """Add the form's item to `meeting`; False, with the reason on the form, if it cannot be."""
    data = form.cleaned_data
    annotation = None
    if data["annotation"]:
        try:
            annotation = annotation_permissions.annotation_for(
                request.user, data["annotation"], annotation_permissions.Action.PLAN
            )
        except annotation_permissions.Gone:
            form.add_error(None, annotation_permissions.GONE)
            return False
        # From the reader, the thread comes with the text it was shown in: the same one.
        if data.get("document") not in {None, "", annotation.document.slug}:
            form.add_error(None, THREAD_ON_OTHER_TEXT)
            return False
    try:
        services.add_item(
            meeting=meeting,
            start_ordinal=data["start_ordinal"],
            end_ordinal=data["end_ordinal"],
            annotation=annotation,
            prompt=data["prompt"],
            minutes=data["minutes"],
            facilitator_notes=data["facilitator_notes"],
        )
    except services.MeetingError as error:
        form.add_error(None, str(error))
        return False
    messages.success(request, f"Added to the agenda of {meeting.title}.")
    return True


def _item(request: AuthenticatedHttpRequest, pk: int) -> AgendaItem:
    items = AgendaItem.objects.with_passages().select_related("meeting__group")
    item = get_object_or_404(items, pk=pk)
    _meeting(request, item.meeting_id, plan=True)
    return item


@login_required
@require_http_methods(["GET", "POST"])
def item_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Change an item's prompt, minutes or notes (posted from the agenda page's Edit)."""
    item = _item(request, pk)
    form = AgendaItemForm(_posted(request), initial=AgendaItemForm.initial_of(item))
    if form.is_valid():
        services.update_item(item=item, **form.cleaned_data)
        messages.success(request, "Item saved.")
        return redirect(f"{item.meeting.get_absolute_url()}#item-{item.pk}")
    title, action = f"Item {item.position}", reverse("meetings:item_update", args=[item.pk])
    return _form_page(request, item.meeting, form, title=title, action=action, button="Save")


@login_required
@require_http_methods(["GET", "POST"])
def item_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Remove an item from the agenda: a page shows the item and asks first."""
    item = _item(request, pk)
    if request.method == "POST":
        services.remove_item(item=item)
        messages.success(request, f"Item {item.position} removed from the agenda.")
        return redirect(item.meeting)
    return render(request, "meetings/item_remove.html", {"item": item})


@login_required
@require_POST
def item_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    services.move_item(item=item, by=-1 if request.POST.get("direction") == "up" else 1)
    return redirect(f"{item.meeting.get_absolute_url()}#item-{item.pk}")


@login_required
@require_POST
def agenda_order(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """The order drag-and-drop left the agenda in: {"order": [item ids], "seen": [item ids in
    the order the page showed]}. 409 when someone else changed the agenda meanwhile (the page
    reloads and says so)."""
    found = _meeting(request, pk, plan=True)
    try:
        posted = json.loads(request.body)
        order = [int(i) for i in posted["order"]]
        services.reorder(meeting=found, order=order, seen=[int(i) for i in posted["seen"]])
    except services.AgendaChanged as error:
        messages.warning(request, str(error))
        return JsonResponse({"error": str(error)}, status=409)
    except services.MeetingError as error:
        return JsonResponse({"error": str(error)}, status=400)
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "Send the order as a list of ids."}, status=400)
    return JsonResponse({"order": order})


def _notes_form(
    meeting: Meeting, entries: list[AgendaEntry], data: QueryDict | None = None
) -> NotesForm:
    """The notes form, offering the agenda's threads (each once) as discussed or not."""
    threads = list({a.pk: a for entry in entries for a in entry.linked}.values())
    if data is not None:
        return NotesForm(data, threads=threads)
    discussed = list(meeting.discussed.values_list("pk", flat=True))
    return NotesForm(initial={"notes": meeting.notes, "discussed": discussed}, threads=threads)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_notes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """After the meeting: its notes, and which of the agenda's threads were discussed."""
    found = _meeting(request, pk, plan=True)
    form = _notes_form(found, agendas.agenda(found, request.user), _posted(request))
    if form.is_valid():
        chosen = set(form.cleaned_data.get("discussed", []))
        threads = [thread for thread in form.threads if thread.pk in chosen]
        services.record_notes(meeting=found, notes=form.cleaned_data["notes"])
        services.mark_discussed(meeting=found, annotations=threads)
        messages.success(request, "Notes saved.")
        return redirect(found)
    action = reverse("meetings:meeting_notes", args=[found.pk])
    return _form_page(request, found, form, title="After the meeting", action=action, button="Save")
