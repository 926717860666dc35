"""Threads built in Python from one query's rows: each reply under its parent, with what the
reader may do with each annotation."""

from collections import Counter
from dataclasses import dataclass, field

from annotations import permissions
from annotations.models import Annotation, Reaction
from groups.names import display_name

# Replies indent up to this depth, then stay flat so deep threads remain readable on a phone.
MAX_INDENT = 4


@dataclass(frozen=True)
class ReactionCount:
    kind: str
    label: str
    count: int
    names: str
    mine: bool


@dataclass
class ThreadNode:
    annotation: Annotation
    depth: int
    can_reply: bool
    can_change: bool
    show_body: bool = True
    can_react: bool = False
    can_flag: bool = False
    can_moderate: bool = False
    can_mark_answer: bool = False
    answerable: bool = False
    is_answer: bool = False
    reactions: list[ReactionCount] = field(default_factory=list)
    replies: list["ThreadNode"] = field(default_factory=list)

    @property
    def indent(self) -> int:
        return min(self.depth, MAX_INDENT)

    @property
    def reply_count(self) -> int:
        return sum(1 + r.reply_count for r in self.replies)

    @property
    def reaction_total(self) -> int:
        return sum(r.count for r in self.reactions) + sum(r.reaction_total for r in self.replies)


def build_threads(
    annotations: list[Annotation], viewer: permissions.Viewer, group_id: int | None = None
) -> list[ThreadNode]:
    """Roots in the order given, each with its replies in creation order, nested.

    `group_id` is the group the reader is in: replies to a document's own comments go there.
    """
    nodes: dict[int, ThreadNode] = {}
    roots: list[ThreadNode] = []
    answers = {a.answer_id for a in annotations if a.answer_id}
    given_roots = [a for a in annotations if a.parent_id is None]
    replies = sorted(
        (a for a in annotations if a.parent_id is not None), key=lambda a: a.created_at
    )
    # A reply is written after its parent, so creation order meets parents first; a reply whose
    # parent is not in the list (not readable) is left out rather than shown out of context.
    for annotation in [*given_roots, *replies]:
        parent = nodes.get(annotation.parent_id) if annotation.parent_id else None
        if annotation.parent_id and parent is None:
            continue
        node = _node(annotation, viewer, group_id, depth=parent.depth + 1 if parent else 0)
        node.is_answer = annotation.pk in answers
        root = nodes.get(annotation.root_id) if annotation.root_id else None
        # A reply can be marked as its question's answer by whoever may mark it.
        node.answerable = bool(root and root.can_mark_answer and not annotation.is_deleted)
        nodes[annotation.pk] = node
        (parent.replies if parent else roots).append(node)
    return roots


def _node(
    annotation: Annotation, viewer: permissions.Viewer, group_id: int | None, *, depth: int
) -> ThreadNode:
    return ThreadNode(
        annotation=annotation,
        depth=depth,
        can_reply=permissions.can_reply(viewer, annotation, group_id),
        can_change=permissions.can_change(viewer.user, annotation),
        show_body=permissions.can_read_body(viewer, annotation),
        can_react=permissions.can_react(viewer, annotation),
        can_flag=permissions.can_flag(viewer, annotation),
        can_moderate=viewer.moderates and annotation.group_id in viewer.posting_groups,
        can_mark_answer=permissions.can_mark_answer(viewer, annotation),
        reactions=_reactions(
            annotation, viewer, every_kind=permissions.can_react(viewer, annotation)
        ),
    )


def _reactions(
    annotation: Annotation, viewer: permissions.Viewer, *, every_kind: bool
) -> list[ReactionCount]:
    """Counts per kind, with who reacted, from the prefetched reactions (no query); every kind
    (as buttons) for someone who may react, else only those given."""
    given = list(annotation.reactions.all())
    counts = Counter(r.kind for r in given)
    return [
        ReactionCount(
            kind=kind,
            label=label,
            count=counts[kind],
            names=", ".join(display_name(r.user) for r in given if r.kind == kind),
            mine=any(r.user_id == viewer.user.pk and r.kind == kind for r in given),
        )
        for kind, label in Reaction.Kind.choices
        if counts[kind] or every_kind
    ]


def by_reactions(nodes: list[ThreadNode]) -> list[ThreadNode]:
    """Threads with the most reactions first (stable: text order among equals)."""
    return sorted(nodes, key=lambda node: -node.reaction_total)
