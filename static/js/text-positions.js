// Positions in a block's plain text, measured as the server measures them: the text content of
// the block's `.text` element, where a <br> counts as one newline.

/** The element holding a block's text, or null. */
export function textOf(block) {
  return block ? block.querySelector(":scope > .text") : null;
}

/** The reader block (paragraph, heading, list item…) that contains `node`, or null. */
export function blockOf(node) {
  const element = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
  return element ? element.closest(".document-body .block") : null;
}

/** The character offset, in `root`'s text, of the DOM point (container, offset). */
export function offsetOf(root, container, offset) {
  const range = document.createRange();
  range.setStart(root, 0);
  range.setEnd(container, offset);
  const breaks = range.cloneContents().querySelectorAll("br").length;
  return range.toString().length + breaks;
}

/** The length of `root`'s text as the server counts it. */
export function lengthOf(root) {
  return root.textContent.length + root.querySelectorAll("br").length;
}

/** Text nodes of `root` with their start offsets, in document order. */
export function textNodes(root) {
  const nodes = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  let position = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) {
      nodes.push({ node, start: position });
      position += node.data.length;
    } else if (node.nodeName === "BR") {
      position += 1;
    }
  }
  return nodes;
}
