"""Tags on annotations: the names members type, checked and normalised, and stored twice (the
Tag rows for filtering, the names on the annotation for display without a query)."""

import re

from annotations.errors import AnnotationError
from annotations.models import Annotation, Tag

MAX_TAGS = 10
TAG_PATTERN = re.compile(r"[\w-]{1,50}")
TOO_MANY_TAGS = "Use at most {limit} tags."
BAD_TAG = "Tags are words of letters, digits and hyphens, at most 50 characters: {tag!r} is not."


def normalize_tags(tags: list[str]) -> list[str]:
    """Tags lowercased, without '#', duplicates dropped, in the order given.

    Raises AnnotationError for more than MAX_TAGS or a name that is not a word of at most 50
    letters, digits and hyphens.
    """
    names = list(dict.fromkeys(t.strip().lstrip("#").lower() for t in tags if t.strip()))
    if len(names) > MAX_TAGS:
        raise AnnotationError(TOO_MANY_TAGS.format(limit=MAX_TAGS))
    for name in names:
        if not TAG_PATTERN.fullmatch(name):
            raise AnnotationError(BAD_TAG.format(tag=name))
    return names


def set_tags(annotation: Annotation, names: list[str]) -> None:
    """Give a saved annotation exactly the tags `names` (already normalised), in both forms."""
    tags = [Tag.objects.get_or_create(name=name)[0] for name in names]
    annotation.tags.set(tags)
    if annotation.tag_names != " ".join(names):
        annotation.tag_names = " ".join(names)
        annotation.save(update_fields=["tag_names"])
