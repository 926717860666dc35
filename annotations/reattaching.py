"""Re-attaching an orphan: a thread the last re-import could not place is put back on words a
person chose in the current text (beside revisions.py, which places them automatically)."""

from django.db import transaction

from annotations.errors import AnnotationError
from annotations.models import Annotation
from annotations.revisions import MOVED_FIELDS
from annotations.selections import Selection, place
from texts.models import Paragraph


def reattach(*, annotation: Annotation, words: str, paragraph: Paragraph) -> Annotation:
    """Place an orphan thread on `words` of `paragraph` (in the current text): the root and
    its replies move there together, and the revision's report counts one orphan fewer.

    `words` is compared with runs of whitespace collapsed; raises AnnotationError when they are
    not in the paragraph.
    """
    words = " ".join(words.split())
    start = paragraph.text.find(words) if words else -1
    if start < 0:
        raise AnnotationError(
            f"Those words are not in paragraph {paragraph.ordinal}: copy them from the text "
            "exactly, or choose another paragraph."
        )
    revision = paragraph.revision
    with transaction.atomic():
        place(
            annotation,
            revision,
            Selection(paragraph.anchor, start, paragraph.anchor, start + len(words)),
        )
        annotation.revision, annotation.anchor_status = revision, ""
        annotation.save(update_fields=[*MOVED_FIELDS, "exact", "prefix", "suffix"])
        Annotation.objects.filter(root=annotation).update(
            **{field: getattr(annotation, field) for field in MOVED_FIELDS}
        )
        report = revision.reanchoring
        if annotation.pk in report.get("orphans", []):
            report["orphans"].remove(annotation.pk)
            report["orphan"] = len(report["orphans"])
            revision.save(update_fields=["reanchoring"])
    return annotation
