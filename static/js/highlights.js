// Draws the group's highlights on the text: one <mark> per stretch of text, carrying the ids of
// every annotation covering it, so overlapping and cross-paragraph annotations both show.
import { codePointLength, textNodes, textOf, unitIndex } from "./text-positions.js";

const segments = new Map(); // block anchor -> [{ id, start, end, kind }]
const blocks = [...document.querySelectorAll(".document-body .block")];
const positionOf = new Map(blocks.map((block, index) => [block.id, index]));

function addItem([id, startAnchor, startOffset, endAnchor, endOffset, kind]) {
  const from = positionOf.get(startAnchor);
  const to = positionOf.get(endAnchor);
  if (from === undefined || to === undefined) return;
  for (let i = from; i <= to; i += 1) {
    const text = textOf(blocks[i]);
    if (!text) continue;
    const start = i === from ? startOffset : 0;
    const end = i === to ? endOffset : Infinity;
    const list = segments.get(blocks[i].id) || [];
    list.push({ id, start, end, kind });
    segments.set(blocks[i].id, list);
  }
}

function unwrap(text) {
  for (const mark of text.querySelectorAll("mark.hl")) {
    mark.replaceWith(...mark.childNodes);
  }
  text.normalize();
}

function drawBlock(anchor) {
  const block = document.getElementById(anchor);
  const text = textOf(block);
  if (!text) return;
  unwrap(text);
  const list = segments.get(anchor) || [];
  if (!list.length) return;
  for (const { node, start } of textNodes(text)) {
    // Offsets are in code points, as the server stores them; splitText wants UTF-16 units.
    const end = start + codePointLength(node.data);
    const cuts = new Set([start, end]);
    for (const s of list) {
      if (s.start > start && s.start < end) cuts.add(s.start);
      if (s.end > start && s.end < end) cuts.add(s.end);
    }
    const points = [...cuts].sort((a, b) => a - b);
    // Split from the end so earlier offsets stay valid, then wrap each covered piece.
    let piece = node;
    const pieces = [];
    for (let i = points.length - 2; i >= 0; i -= 1) {
      const tail = points[i] > start ? piece.splitText(unitIndex(piece.data, points[i] - start)) : piece;
      pieces.unshift({ node: tail, from: points[i], to: points[i + 1] });
      if (tail === piece) break;
    }
    for (const p of pieces) {
      const covering = list.filter((s) => s.start <= p.from && s.end >= p.to);
      if (!covering.length) continue;
      const mark = document.createElement("mark");
      mark.className = `hl hl-${Math.min(covering.length, 3)}`;
      if (covering.some((s) => s.kind === "q")) mark.classList.add("hl-question");
      mark.dataset.ids = covering.map((s) => s.id).join(" ");
      p.node.replaceWith(mark);
      mark.append(p.node);
    }
  }
}

/** Redraw after a change: new or moved highlights, and removed threads. */
export function applyChanges({ highlights = [], removed = [], counts = {} }) {
  const gone = new Set([...removed, ...highlights.map((h) => h[0])]);
  const touched = new Set(Object.keys(counts));
  for (const [anchor, list] of segments) {
    const kept = list.filter((s) => !gone.has(s.id));
    if (kept.length !== list.length) touched.add(anchor);
    segments.set(anchor, kept);
  }
  for (const item of highlights) {
    addItem(item);
    touched.add(item[1]);
    touched.add(item[3]);
  }
  touched.forEach(drawBlock);
  for (const [anchor, count] of Object.entries(counts)) updateCount(anchor, count);
}

function updateCount(anchor, count) {
  const margin = document.querySelector(`#${CSS.escape(anchor)} > .margin`);
  if (!margin) return;
  let link = margin.querySelector(".count");
  if (!count) {
    link?.remove();
    return;
  }
  if (!link) {
    link = document.createElement("a");
    link.className = "count";
    link.href = `${document.querySelector(".document").dataset.paragraphUrl}${anchor}/`;
    margin.prepend(link);
  }
  link.textContent = String(count);
  link.setAttribute("aria-label", `${count} annotation${count === 1 ? "" : "s"}`);
}

function drawAll() {
  const data = document.getElementById("highlight-data");
  if (!data) return;
  JSON.parse(data.textContent).forEach(addItem);
  segments.forEach((_, anchor) => drawBlock(anchor));
}

document.addEventListener("annotations-changed", (event) => applyChanges(event.detail));
drawAll();
