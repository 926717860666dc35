"""The staff page "Import a document": upload or paste, preview what was found, then confirm.

Between the preview and the confirmation the file waits in the shared cache (Redis in
production), so any worker can finish the import.
"""

import secrets
from collections.abc import Collection
from http import HTTPStatus
from typing import Any, NotRequired, TypedDict, Unpack, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.views.decorators.http import require_http_methods

from annotations.source_comments import (
    chosen_by_default,
    import_with_comments,
    import_wordpress,
)
from groups.http import AuthenticatedHttpRequest
from groups.models import Group
from groups.services import add_document
from meetings.revisions import reanchor_meetings
from texts.importers import WORDPRESS, detect_format, import_warnings, parse_document
from texts.importers.parsed import ImportFailed, ParsedDocument
from texts.importers.wordpress import WordPressPost, parse_wordpress
from texts.models import Document, Revision
from texts.services import ImportedDocument, ImportSource, document_slug

PREVIEW_SECONDS = 30 * 60
PREVIEW_BLOCKS = 12
FORMAT_CHOICES = [("", "Guess from the file name"), *Revision.Format.choices]
# Encodings old files and saved pages are written in; Python's codec names, which
# texts.importers.decoding accepts (`--encoding` takes any other on the command line).
ENCODING_CHOICES = [
    ("", "Automatic (UTF-8, or what the file declares)"),
    ("utf-8", "UTF-8"),
    ("cp1252", "Windows-1252 (Western European)"),
    ("iso-8859-1", "ISO-8859-1 (Latin-1)"),
    ("iso-8859-15", "ISO-8859-15 (Latin-9, with €)"),
    ("mac-roman", "Mac OS Roman"),
    ("cp1250", "Windows-1250 (Central European)"),
    ("iso-8859-2", "ISO-8859-2 (Latin-2)"),
    ("cp1251", "Windows-1251 (Cyrillic)"),
    ("koi8-r", "KOI8-R (Russian)"),
    ("cp1253", "Windows-1253 (Greek)"),
    ("cp1254", "Windows-1254 (Turkish)"),
    ("cp1255", "Windows-1255 (Hebrew)"),
    ("cp1256", "Windows-1256 (Arabic)"),
    ("cp1257", "Windows-1257 (Baltic)"),
    ("cp1258", "Windows-1258 (Vietnamese)"),
    ("shift_jis", "Shift_JIS (Japanese)"),
    ("euc-jp", "EUC-JP (Japanese)"),
    ("gb18030", "GB18030 (Simplified Chinese)"),
    ("big5", "Big5 (Traditional Chinese)"),
    ("euc-kr", "EUC-KR (Korean)"),
    ("utf-16", "UTF-16"),
]
UNKNOWN_ENCODING = (
    "%(value)s is not an encoding this page knows: choose one from the list, or leave it on "
    "automatic."
)
CHOOSE_POSTS = "Choose at least one post or page to import."
TOO_LARGE = "too_large"  # the error code of a file, text or request over the limit
# How messages name the document details a re-import changed (texts.services.DETAILS).
DETAIL_NAMES = {"source_url": "source URL", "published_on": "date"}


class DocumentOptions(TypedDict):
    """What the import form says of the document, beyond its file."""

    title: str
    author: str
    slug: str
    encoding: str  # "" reads the file's own (texts.importers.decoding)


class PendingImport(TypedDict):
    """What waits in the cache between the preview and the confirmation."""

    data: bytes
    name: str
    format: str
    options: DocumentOptions
    groups: list[int]
    posts: NotRequired[list[tuple[int, SafeString]]]  # a WordPress export's choices


class ImportForm(forms.Form):
    file = forms.FileField(
        required=False, help_text="A .txt, .md, .html or .epub file, or a WordPress export (.xml)."
    )
    pasted = forms.CharField(
        label="…or paste the text", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    source_format = forms.ChoiceField(label="Format", choices=FORMAT_CHOICES, required=False)
    encoding = forms.ChoiceField(
        choices=ENCODING_CHOICES,
        required=False,
        help_text="Leave on automatic unless the preview shows wrong characters.",
        error_messages={"invalid_choice": UNKNOWN_ENCODING},
    )
    title = forms.CharField(required=False, max_length=300, help_text="Default: from the text.")
    author = forms.CharField(required=False, max_length=300)
    slug = forms.SlugField(
        required=False,
        max_length=120,
        help_text="An existing document's address makes this a corrected version of it.",
    )
    groups = forms.ModelMultipleChoiceField(
        queryset=Group.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Put it on these groups' reading lists.",
    )

    def __init__(self, *args: Any, refused: str = "", **kwargs: Any) -> None:
        """`refused`: why the request was refused before it was read (shown as the error)."""
        super().__init__(*args, **kwargs)
        self.refused = refused

    def clean(self) -> dict[str, Any]:
        super().clean()
        if self.refused:
            raise forms.ValidationError(self.refused, code=TOO_LARGE)
        data = self.cleaned_data
        upload = data.get("file")
        pasted = data.get("pasted", "")
        if upload is None and not pasted.strip():
            raise forms.ValidationError("Choose a file, or paste a text.")
        size = upload.size if upload is not None else len(pasted.encode())
        if size > settings.READINGGROUP_MAX_IMPORT_BYTES:
            what = "The file" if upload is not None else "The pasted text"
            raise forms.ValidationError(too_large_message(what, size), code=TOO_LARGE)
        return data


def too_large_message(what: str, size: int) -> str:
    """What the import page says of `what` ("The file") of `size` bytes, over the limit."""
    limit = filesizeformat(settings.READINGGROUP_MAX_IMPORT_BYTES)
    return (
        f"{what} is {filesizeformat(size)}, over the {limit} limit. Nothing was imported. "
        f"Split a longer text into parts under {limit} and import each, or ask the site's "
        "administrator to raise the limit (READINGGROUP_MAX_IMPORT_BYTES)."
    )


def max_request_bytes() -> int:
    """The largest import request read, in bytes: the limit, plus room for the other fields."""
    return settings.READINGGROUP_MAX_IMPORT_BYTES + settings.READINGGROUP_IMPORT_FORM_BYTES


@staff_member_required
def refuse_oversized(request: HttpRequest, size: int) -> HttpResponse:
    """The import page again, 413, for a request of `size` bytes over `max_request_bytes()`;
    called from its Content-Length before anything reads the body (readinggroup.middleware)."""
    form = ImportForm({}, refused=too_large_message("This import", size))
    form.full_clean()
    status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    return render(request, "readinggroup/import.html", {"form": form}, status=status)


class PostsForm(forms.Form):
    """Which posts and pages of a WordPress export to import (the published ones to begin)."""

    posts = forms.TypedMultipleChoiceField(
        label="Posts and pages",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each becomes a document, its approved comments threads on it.",
        error_messages={"required": CHOOSE_POSTS},
    )

    def __init__(self, *args: Any, choices: list[tuple[int, SafeString]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedMultipleChoiceField, self.fields["posts"]).choices = choices


def post_choices(posts: list[WordPressPost]) -> list[tuple[int, SafeString]]:
    """Each post's id and what the preview says of it: title, kind, status, date, size, and
    why a post is not chosen to begin with (annotations.source_comments.chosen_by_default)."""
    choices = []
    for post in posts:
        metadata, found = post.document.metadata, post.document
        when = f", {date_format(metadata.published_on, 'j M Y')}" if metadata.published_on else ""
        details = (
            f"{post.post_type}, {post.status}{when} · {len(found.blocks)} blocks, "
            f"{len(found.comments)} comments"
        )
        if not found.blocks:
            details += " · no text: its comments become its discussion"
        if post.password_protected:
            details += (
                " · password-protected on the blog, so not chosen: once imported, everyone "
                "who can see the document reads it"
            )
        label = format_html('“{}” <span class="hint">{}</span>', metadata.title, details)
        choices.append((post.post_id, label))
    return choices


@staff_member_required
@require_http_methods(["GET", "POST"])
def import_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload or paste a document and see what was found; confirming stores it."""
    if token := request.POST.get("token"):
        return _confirm(request, token)
    # "Upload a new version" on a document's page arrives with its address filled in.
    initial = {"slug": request.GET.get("slug", "")}
    form = ImportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data, name = _content(form.cleaned_data)
        source_format = form.cleaned_data["source_format"] or detect_format(name)
        try:
            if source_format == WORDPRESS:
                found: ParsedDocument | list[WordPressPost] = parse_wordpress(data)
            else:
                found = parse_document(
                    data,
                    source_format=source_format,
                    title=form.cleaned_data["title"],
                    encoding=form.cleaned_data["encoding"] or None,
                )
        except ImportFailed as error:
            form.add_error(None, f"{error} Nothing was imported.")
        else:
            return _preview(
                request, form.cleaned_data, found, data=data, name=name, source_format=source_format
            )
    status = (
        HTTPStatus.REQUEST_ENTITY_TOO_LARGE if form.has_error(NON_FIELD_ERRORS, TOO_LARGE) else 200
    )
    return render(request, "readinggroup/import.html", {"form": form}, status=status)


def _preview(
    request: HttpRequest,
    options: dict[str, Any],
    found: ParsedDocument | list[WordPressPost],
    *,
    data: bytes,
    name: str,
    source_format: str,
) -> HttpResponse:
    """Keep the file for the confirmation and show what was found in it."""
    token = secrets.token_urlsafe(16)
    pending: PendingImport = {
        "data": data,
        "name": name,
        "format": source_format,
        "options": {
            "title": options["title"],
            "author": options["author"],
            "slug": options["slug"],
            "encoding": options["encoding"],
        },
        "groups": [group.pk for group in options["groups"]],
    }
    if isinstance(found, list):
        # The confirmation checks the chosen posts against these choices.
        pending["posts"] = post_choices(found)
    cache.set(f"readinggroup:import:{token}", pending, PREVIEW_SECONDS)
    context: dict[str, object] = {"token": token, "name": name, "source_format": source_format}
    if isinstance(found, list):
        chosen = [post.post_id for post in found if chosen_by_default(post)]
        form = PostsForm(choices=pending["posts"], initial={"posts": chosen})
        return render(request, "readinggroup/import_preview.html", context | {"form": form})
    parsed = found
    slug = document_slug(parsed, title=options["title"], slug=options["slug"], source_name=name)
    context |= {
        "parsed": parsed,
        "blocks": parsed.blocks[:PREVIEW_BLOCKS],
        "more_blocks": max(0, len(parsed.blocks) - PREVIEW_BLOCKS),
        "warnings": import_warnings(parsed),
        "existing": Document.objects.filter(slug=slug).first(),
    }
    return render(request, "readinggroup/import_preview.html", context)


def _content(data: dict[str, Any]) -> tuple[bytes, str]:
    upload = data.get("file")
    if upload is not None:
        return upload.read(), upload.name
    return data["pasted"].encode(), "pasted.txt"


def _confirm(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    pending: PendingImport | None = cache.get(f"readinggroup:import:{token}")
    if pending is None:
        messages.error(request, "The preview has expired: upload the file again.")
        return redirect("import")
    if pending["format"] == WORDPRESS:
        return _confirm_posts(request, token, pending)
    try:
        with transaction.atomic():
            imported = import_text(
                data=pending["data"],
                source_format=pending["format"],
                source_name=pending["name"],
                imported_by=request.user,
                **pending["options"],
            )
            _add_to_groups(pending["groups"], [imported])
    except ImportFailed as error:
        messages.error(request, f"{error} Nothing was imported.")
        return redirect("import")
    cache.delete(f"readinggroup:import:{token}")
    messages.add_message(request, *import_message(imported))
    return redirect(imported.document)


def import_message(imported: ImportedDocument) -> tuple[int, str]:
    """What the Import page and `import_document` say of an import: (message level, text)."""
    document, revision = imported.document, imported.revision
    if imported.unchanged:
        return messages.INFO, "The same text and details as the current version: nothing changed."
    if imported.same_text:
        names = ", ".join(DETAIL_NAMES.get(field, field) for field in imported.updated)
        return messages.SUCCESS, (
            f"Updated “{document.title}” ({names}); the text is the same as revision "
            f"{revision.number}, so it stays."
        )
    number = f" (revision {revision.number})" if imported.previous is not None else ""
    return messages.SUCCESS, f"Imported “{document.title}”{number}."


def _confirm_posts(
    request: AuthenticatedHttpRequest, token: str, pending: PendingImport
) -> HttpResponse:
    """Import the posts chosen in a WordPress export's preview."""
    form = PostsForm(request.POST, choices=pending["posts"])
    if not form.is_valid():
        context = {"token": token, "name": pending["name"], "form": form}
        return render(request, "readinggroup/import_preview.html", context)
    try:
        with transaction.atomic():
            imported = import_posts(
                data=pending["data"],
                post_ids=set(form.cleaned_data["posts"]),
                source_name=pending["name"],
                imported_by=request.user,
            )
            _add_to_groups(pending["groups"], imported)
    except ImportFailed as error:
        messages.error(request, f"{error} Nothing was imported.")
        return redirect("import")
    cache.delete(f"readinggroup:import:{token}")
    titles = ", ".join(f"“{each.document.title}”" for each in imported)
    messages.success(request, f"Imported {len(imported)} from {pending['name']}: {titles}.")
    return redirect("texts:document_list")


def import_text(**source: Unpack[ImportSource]) -> ImportedDocument:
    """Import a document, or a corrected version of it, and bring along all that points into
    its text: the annotations (annotations.source_comments.import_with_comments, which takes
    the same options), then the agenda passages and reading ranges of meetings. One
    transaction: a failure anywhere leaves nothing behind. Raises ImportFailed."""
    with transaction.atomic():
        imported = import_with_comments(**source)
        _follow_correction(imported)
    return imported


def import_posts(
    *,
    data: bytes,
    post_ids: Collection[int] | None = None,
    source_name: str = "",
    imported_by: User | None = None,
) -> list[ImportedDocument]:
    """Import a WordPress export's posts (annotations.source_comments.import_wordpress), each
    bringing its annotations and agendas along as `import_text` does. All or none; raises
    ImportFailed."""
    with transaction.atomic():
        imported = import_wordpress(
            data=data, post_ids=post_ids, source_name=source_name, imported_by=imported_by
        )
        for each in imported:
            _follow_correction(each)
    return imported


def _follow_correction(imported: ImportedDocument) -> None:
    # Here, not in annotations: the annotations app must not know about meetings.
    if imported.previous is not None and not imported.unchanged:
        reanchor_meetings(document=imported.document, new=imported.revision)


def _add_to_groups(group_ids: list[int], imported: list[ImportedDocument]) -> None:
    for group in Group.objects.filter(pk__in=group_ids):
        for each in imported:
            add_document(group=group, document=each.document)
