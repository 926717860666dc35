"""Selecting text as a person does: with the mouse; annotating the selection, and reading back
the highlight drawn for it."""

from playwright.sync_api import Page, expect

from annotations.models import Annotation


def drag_select(page: Page, start: tuple[str, int], end: tuple[str, int]) -> None:
    """Select text with the mouse, from (anchor, offset) to (anchor, offset) in block texts."""
    page.locator(f"#{start[0]}").scroll_into_view_if_needed()
    points = page.evaluate(
        """([start, end]) => {
          const point = ([anchor, offset], side) => {
            const text = document.querySelector(`#${anchor} > .text`);
            const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
            let node = walker.nextNode(), left = offset;
            while (node && left > node.data.length) {
              left -= node.data.length;
              node = walker.nextNode();
            }
            const range = document.createRange();
            const at = side === "start" ? left : left - 1;
            range.setStart(node, at); range.setEnd(node, at + 1);
            const box = range.getBoundingClientRect();
            return [side === "start" ? box.left + 1 : box.right - 1, box.top + box.height / 2];
          };
          return [point(start, "start"), point(end, "end")];
        }""",
        [list(start), list(end)],
    )
    (x1, y1), (x2, y2) = points
    page.mouse.move(x1, y1)
    page.mouse.down()
    page.mouse.move(x2, y2, steps=8)
    page.mouse.up()


def range_select(page: Page, start: tuple[str, int], end: tuple[str, int]) -> str:
    """Select text with a DOM Range from (anchor, offset) to (anchor, offset), offsets in UTF-16
    code units of the block texts as the DOM counts them; returns the range's text."""
    page.locator(f"#{start[0]}").scroll_into_view_if_needed()
    return page.evaluate(
        """([start, end]) => {
          const point = ([anchor, offset]) => {
            const text = document.querySelector(`#${anchor} > .text`);
            const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
            let node = walker.nextNode(), left = offset;
            while (node && left > node.data.length) {
              left -= node.data.length;
              node = walker.nextNode();
            }
            return [node, left];
          };
          const range = document.createRange();
          range.setStart(...point(start));
          range.setEnd(...point(end));
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          return range.toString();
        }""",
        [list(start), list(end)],
    )


def units(text: str) -> int:
    """The length of `text` in UTF-16 code units, as the DOM counts it."""
    return len(text.encode("utf-16-le")) // 2


def annotate_selection(page: Page, body: str, author: str = "ana") -> Annotation:
    """Annotate the selected words through the reader's form; the stored annotation."""
    page.get_by_role("button", name="Annotate").click()
    form = page.locator("#annotate-form")
    form.get_by_label("Your annotation").fill(body)
    form.get_by_role("button", name="Post").click()
    expect(page.locator("#panel-content")).to_contain_text(body)
    return Annotation.objects.get(author__username=author, body=body)


def drawn(page: Page, annotation: Annotation) -> str:
    """The text of the highlight marks drawn for `annotation`."""
    marks = page.locator(f"mark.hl[data-ids~='{annotation.pk}']")
    return "".join(marks.all_text_contents())
