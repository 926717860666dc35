"""HTML tables: a table of data becomes one TABLE block (texts.importers.parsed.table_block),
a table used for layout keeps the blocks of its cells.

The reader makes its blocks as usual while a table is open, and this module notes which
blocks each cell made. When the table ends it is a table of data when every cell made at most
one block of inline text (a paragraph, nothing made of headings, lists, preformatted text,
quotations or another table) and it has two cells or more; the cells' blocks then become the
table's cells. Blocks made before the first cell (a `<caption>`) stay before the table.
"""

from dataclasses import dataclass, field

from texts.importers.parsed import Block, BlockKind, TableCell, table_block

# Elements that make a cell more than a line of data: the table is laid out with them.
LAYOUT_TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "pre", "blockquote", "table"}
)
CELL_KINDS = frozenset({BlockKind.PARAGRAPH, BlockKind.QUOTATION})


@dataclass
class _Cell:
    start: int  # the index of the first block the cell may make
    header: bool
    end: int | None = None  # one past its last block, once it ends


@dataclass
class _Table:
    start: int  # the number of blocks made before the table
    rows: list[list[_Cell]] = field(default_factory=list)
    layout: bool = False

    def end_cell(self, blocks: int) -> None:
        if self.rows and self.rows[-1] and self.rows[-1][-1].end is None:
            self.rows[-1][-1].end = blocks


class Tables:
    """The tables open around the reader's position (tables nest in layout)."""

    def __init__(self) -> None:
        self.open: list[_Table] = []

    def start_tag(self, tag: str, blocks: int) -> None:
        """Note a start tag read after `blocks` blocks were made."""
        if not self.open:
            if tag == "table":
                self.open.append(_Table(start=blocks))
            return
        table = self.open[-1]
        if tag in LAYOUT_TAGS:
            table.layout = True
        if tag == "table":
            self.open.append(_Table(start=blocks))
        elif tag == "tr":
            table.end_cell(blocks)
            table.rows.append([])
        elif tag in {"td", "th"}:
            table.end_cell(blocks)
            if not table.rows:
                table.rows.append([])
            table.rows[-1].append(_Cell(start=blocks, header=tag == "th"))

    def end_tag(self, tag: str, blocks: int) -> None:
        """Note the end of a cell or row read after `blocks` blocks were made."""
        if self.open and tag in {"td", "th", "tr"}:
            self.open[-1].end_cell(blocks)

    def end_table(self, blocks: list[Block], links: list[int]) -> None:
        """At `</table>`: replace the blocks of a table of data by one TABLE block, in place.
        `links` counts, per block, the letters inside links to the site's other pages."""
        if not self.open:
            return
        table = self.open.pop()
        table.end_cell(len(blocks))
        cells = [cell for row in table.rows for cell in row]
        if table.layout or len(cells) < 2:
            return
        if any((cell.end or cell.start) - cell.start > 1 for cell in cells):
            return
        covered = {cell.start for cell in cells if cell.end != cell.start}
        first = cells[0].start
        made = range(first, len(blocks))
        if any(index not in covered or blocks[index].kind not in CELL_KINDS for index in made):
            return
        rows = [[_table_cell(blocks, cell) for cell in row] for row in table.rows]
        block = table_block(rows)
        counted = sum(links[first:])
        del blocks[first:], links[first:]
        if block is not None:
            blocks.append(block)
            links.append(counted)


def _table_cell(blocks: list[Block], cell: _Cell) -> TableCell:
    if cell.end == cell.start:
        return TableCell("", "", header=cell.header)
    block = blocks[cell.start]
    return TableCell(block.text, block.html, header=cell.header)
