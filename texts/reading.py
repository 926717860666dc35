"""What the reader shows of a revision: blocks with lists grouped, a contents list, comments."""

from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

from texts.models import Paragraph


@dataclass(frozen=True)
class ListGroup:
    """Consecutive list items of one list, rendered as one <ul> or <ol>."""

    items: list[Paragraph]

    @property
    def ordered(self) -> bool:
        return self.items[0].list_style != Paragraph.ListStyle.BULLET

    @property
    def style(self) -> str:
        return self.items[0].list_style


@dataclass
class CommentView:
    number: int
    author: str
    body: str
    posted_at: datetime | None
    reply_to: int | None
    replies: list["CommentView"] = field(default_factory=list)


def group_blocks(paragraphs: list[Paragraph]) -> list[Paragraph | ListGroup]:
    """The revision's blocks in order, with each list's items gathered into one group."""
    grouped: list[Paragraph | ListGroup] = []
    for list_id, run in groupby(paragraphs, key=lambda p: p.list_id):
        if list_id is None:
            grouped.extend(run)
        else:
            grouped.append(ListGroup(items=list(run)))
    return grouped


def table_of_contents(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The headings, for the contents list."""
    return [p for p in paragraphs if p.kind == Paragraph.Kind.HEADING]


def comment_threads(comments: list[dict]) -> list[CommentView]:
    """The source's comments as threads: each reply under the comment it answers."""
    views = {
        c["number"]: CommentView(
            number=c["number"],
            author=c.get("author") or "Commenter",
            body=c["body"],
            posted_at=datetime.fromisoformat(c["posted_at"]) if c.get("posted_at") else None,
            reply_to=c.get("reply_to"),
        )
        for c in comments
    }
    roots = []
    for view in views.values():
        parent = views.get(view.reply_to) if view.reply_to else None
        (parent.replies if parent else roots).append(view)
    return roots
