"""What the reader shows of a revision: blocks with lists grouped, and a contents list."""

from dataclasses import dataclass
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
