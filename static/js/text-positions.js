// Positions in a block's plain text, measured as the server measures them: the text content of
// the block's `.text` element, where a <br> counts as one newline. The server (and the W3C
// TextPositionSelector) counts code points, while DOM offsets count UTF-16 code units: an emoji
// outside the Basic Multilingual Plane is one code point but two units, so every position is
// converted here, at the boundary, in both directions.

/** The number of code points in `string` (a lone surrogate counts as one). */
export function codePointLength(string) {
  let length = 0;
  for (const _ of string) length += 1;
  return length;
}

/** The UTF-16 index in `string` of its code point number `points` (clamped to its length). */
export function unitIndex(string, points) {
  let index = 0;
  for (let left = points; left > 0 && index < string.length; left -= 1) {
    index += string.codePointAt(index) > 0xffff ? 2 : 1;
  }
  return index;
}

/** The element holding a block's text, or null. */
export function textOf(block) {
  return block ? block.querySelector(":scope > .text") : null;
}

/** The reader block (paragraph, heading, list item…) that contains `node`, or null. */
export function blockOf(node) {
  const element = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
  return element ? element.closest(".document-body .block") : null;
}

/** The code-point offset, in `root`'s text, of the DOM point (container, offset). */
export function offsetOf(root, container, offset) {
  const range = document.createRange();
  range.setStart(root, 0);
  range.setEnd(container, offset);
  const breaks = range.cloneContents().querySelectorAll("br").length;
  return codePointLength(range.toString()) + breaks;
}

/** The length of `root`'s text as the server counts it. */
export function lengthOf(root) {
  return codePointLength(root.textContent) + root.querySelectorAll("br").length;
}

/** Text nodes of `root` with their start offsets (in code points), in document order. */
export function textNodes(root) {
  const nodes = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  let position = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) {
      nodes.push({ node, start: position });
      position += codePointLength(node.data);
    } else if (node.nodeName === "BR") {
      position += 1;
    }
  }
  return nodes;
}
