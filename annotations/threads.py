"""Threads built in Python from one query's rows: each reply under its parent."""

from dataclasses import dataclass, field

from annotations import permissions
from annotations.models import Annotation

# Replies indent up to this depth, then stay flat so deep threads remain readable on a phone.
MAX_INDENT = 4


@dataclass
class ThreadNode:
    annotation: Annotation
    depth: int
    can_reply: bool
    can_change: bool
    replies: list["ThreadNode"] = field(default_factory=list)

    @property
    def indent(self) -> int:
        return min(self.depth, MAX_INDENT)

    @property
    def reply_count(self) -> int:
        return sum(1 + r.reply_count for r in self.replies)


def build_threads(
    annotations: list[Annotation], viewer: permissions.Viewer, group_id: int | None = None
) -> list[ThreadNode]:
    """Roots in the order given, each with its replies in creation order, nested.

    `group_id` is the group the reader is in: replies to a document's own comments go there.
    """
    nodes: dict[int, ThreadNode] = {}
    roots: list[ThreadNode] = []
    # A reply is written after its parent, so creation order meets parents first; a reply whose
    # parent is not in the list (not readable) is left out rather than shown out of context.
    given_roots = [a for a in annotations if a.parent_id is None]
    replies = sorted(
        (a for a in annotations if a.parent_id is not None), key=lambda a: a.created_at
    )
    for annotation in [*given_roots, *replies]:
        parent = nodes.get(annotation.parent_id) if annotation.parent_id else None
        if annotation.parent_id and parent is None:
            continue
        node = ThreadNode(
            annotation=annotation,
            depth=parent.depth + 1 if parent else 0,
            can_reply=permissions.can_reply(viewer, annotation, group_id),
            can_change=permissions.can_change(viewer.user, annotation),
        )
        nodes[annotation.pk] = node
        (parent.replies if parent else roots).append(node)
    return roots
