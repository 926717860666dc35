"""Imported comments' authors were accounts named "imported-<name>" (inactive placeholders,
or a real account that signed up under such a name and so received every later comment by
that name). They become source authors: a name on a site. No annotation is deleted.

Each imported comment (an annotation with a source number) gets the source author who signed
it on its source: the name its revision's comments record (else the placeholder's first name,
else the user name without its prefix), on the host of the document's source address (else the
document's slug). A comment still under an "imported-" account loses that author; one a member
claimed keeps its author, who becomes the source author's claimant. Placeholders left with no
annotations are deleted; every other account stays.

The rules are copied here, not imported, so that this migration keeps meaning what it meant.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import migrations
from django.utils.text import slugify

PREFIX = "imported-"
UNSIGNED = "Commenter"


def source_of(document) -> str:
    host = (urlsplit(document.source_url).hostname or "").removeprefix("www.")
    return host or document.slug


def placeholder_name(user) -> str:
    """The name a placeholder stood for: its first name; but a real account's first name is its
    owner's, so for one of those the user name without its prefix."""
    return (user.first_name if not user.is_active else "") or user.username[len(PREFIX) :]


def placeholders_become_source_authors(apps, schema_editor) -> None:
    """Forward: sign every imported comment by its source author (see the module docstring)."""
    annotation_model = apps.get_model("annotations", "Annotation")
    source_author_model = apps.get_model("annotations", "SourceAuthor")
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    comments = annotation_model.objects.filter(
        source_number__isnull=False, source_author__isnull=True
    ).select_related("author", "document", "revision")
    names_by_revision: dict[int, dict[int, str]] = {}
    authors: dict[tuple[str, str], object] = {}
    changed = []
    for annotation in comments.iterator(chunk_size=500):
        if annotation.revision_id not in names_by_revision:
            names_by_revision[annotation.revision_id] = {
                c.get("number"): " ".join((c.get("author") or "").split())
                for c in annotation.revision.comments
            }
        user = annotation.author
        placeholder = user is not None and user.username.startswith(PREFIX)
        recorded = names_by_revision[annotation.revision_id].get(annotation.source_number)
        name = recorded or (placeholder_name(user) if placeholder else "") or UNSIGNED
        key = (source_of(annotation.document), name[:150])
        if key not in authors:
            authors[key] = source_author_model.objects.get_or_create(source=key[0], name=key[1])[0]
        source_author = authors[key]
        annotation.source_author = source_author
        if placeholder:
            annotation.author = None
        elif user is not None and source_author.claimed_by_id is None:
            # Claimed before: the claim carries over to the comments imported from now on.
            source_author.claimed_by = user
            source_author.save(update_fields=["claimed_by"])
        changed.append(annotation)
    annotation_model.objects.bulk_update(changed, ["source_author", "author"], batch_size=500)
    user_model.objects.filter(
        username__startswith=PREFIX, is_active=False, annotations__isnull=True
    ).delete()


def source_authors_become_placeholders(apps, schema_editor) -> None:
    """Backward: unclaimed source authors' comments go back to inactive placeholder accounts."""
    annotation_model = apps.get_model("annotations", "Annotation")
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    placeholders: dict[str, object] = {}
    unclaimed = annotation_model.objects.filter(
        source_author__isnull=False, author__isnull=True
    ).select_related("source_author")
    for annotation in unclaimed.iterator(chunk_size=500):
        name = annotation.source_author.name
        username = f"{PREFIX}{slugify(name)[:100] or 'commenter'}"
        if username not in placeholders:
            placeholders[username] = user_model.objects.get_or_create(
                username=username,
                defaults={"first_name": name, "is_active": False, "password": make_password(None)},
            )[0]
        annotation_model.objects.filter(pk=annotation.pk).update(author=placeholders[username])


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0008_source_authors"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(placeholders_become_source_authors, source_authors_become_placeholders)
    ]
