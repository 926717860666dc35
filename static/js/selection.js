// Selecting words in the text offers an "Annotate" button beside the selection (mouse, touch,
// or the keyboard shortcut "a"); it opens the annotation form for exactly that passage.
import { blockOf, lengthOf, offsetOf, textOf } from "./text-positions.js";

const article = document.querySelector(".document[data-can-annotate]");
const body = document.querySelector(".document-body");

/** One end of the selection as (block anchor, offset), moved onto text when it falls outside. */
function endpoint(container, offset, isStart) {
  const block = blockOf(container);
  const text = textOf(block);
  if (!text) return null;
  if (text.contains(container)) return { anchor: block.id, offset: offsetOf(text, container, offset) };
  // The point is in a paragraph number or the margin: take the start or end of the text.
  const before = text.compareDocumentPosition(container) & Node.DOCUMENT_POSITION_PRECEDING;
  return { anchor: block.id, offset: before ? 0 : lengthOf(text) };
}

/** The end of the text of the last block with text before `anchor`'s block, or null. */
function endBefore(anchor) {
  const blocks = [...body.querySelectorAll(".block")];
  for (let i = blocks.findIndex((block) => block.id === anchor) - 1; i >= 0; i -= 1) {
    const text = textOf(blocks[i]);
    if (text) return { anchor: blocks[i].id, offset: lengthOf(text) };
  }
  return null;
}

/** The current selection as a passage, or null when it is not a passage of the text. */
export function currentPassage() {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
  const range = selection.getRangeAt(0);
  if (!body.contains(range.startContainer) || !body.contains(range.endContainer)) return null;
  const start = endpoint(range.startContainer, range.startOffset, true);
  let end = endpoint(range.endContainer, range.endOffset, false);
  if (!start || !end) return null;
  // A drag that overshoots onto the next block's number (or its first character's left edge)
  // selects none of its text: end at the end of the block before, as the server does too.
  if (end.anchor !== start.anchor && end.offset === 0) end = endBefore(end.anchor);
  if (!end) return null;
  if (start.anchor === end.anchor && start.offset >= end.offset) return null;
  return { start, end, rect: range.getBoundingClientRect() };
}

function formUrl(passage, base = article.dataset.annotateUrl) {
  const query = new URLSearchParams({
    start: passage.start.anchor,
    start_offset: passage.start.offset,
    end: passage.end.anchor,
    end_offset: passage.end.offset,
  });
  return `${base}?${query}`;
}

function openForm(passage) {
  button.hidden = true;
  // The form quotes the passage; a lingering selection would only bring the button back.
  window.getSelection().removeAllRanges();
  if (article.dataset.reattachUrl) {
    // Re-attaching an orphan: its own page shows the chosen words to confirm.
    window.location.assign(formUrl(passage, article.dataset.reattachUrl));
    return;
  }
  window.htmx.ajax("GET", formUrl(passage), { target: "#panel-content", swap: "innerHTML" });
}

const button = document.createElement("button");
button.type = "button";
button.className = "annotate-button";
const reattaching = Boolean(article?.dataset.reattachUrl);
button.textContent = reattaching ? "Re-attach here" : "Annotate";
button.title = `${reattaching ? "Re-attach the annotation to" : "Annotate"} the selected words (shortcut: a)`;
button.hidden = true;
// Keep the selection: a mousedown on the button would otherwise clear it before the click.
button.addEventListener("mousedown", (event) => event.preventDefault());
button.addEventListener("click", () => {
  const passage = currentPassage();
  if (passage) openForm(passage);
});

// Facilitators can also put the selected passage on an agenda.
const agendaButton = document.createElement("button");
agendaButton.type = "button";
agendaButton.className = "annotate-button agenda-button";
agendaButton.textContent = "Add to agenda";
agendaButton.hidden = true;
agendaButton.addEventListener("mousedown", (event) => event.preventDefault());
agendaButton.addEventListener("click", () => {
  const passage = currentPassage();
  if (!passage) return;
  // A block's number is its ordinal, the position agendas record. The numbers count in this
  // document, so its slug goes with them (from its annotate URL, /groups/…/texts/<slug>/annotate/).
  const ordinal = (anchor) => document.querySelector(`#${CSS.escape(anchor)} > .pnum`).textContent.trim();
  const query = new URLSearchParams({
    start_ordinal: ordinal(passage.start.anchor),
    end_ordinal: ordinal(passage.end.anchor),
    document: article.dataset.annotateUrl.split("/").at(-3),
  });
  window.location.assign(`${article.dataset.agendaUrl}?${query}`);
});

function place() {
  const passage = currentPassage();
  agendaButton.hidden = !passage || !article.dataset.agendaUrl;
  if (!passage) {
    button.hidden = true;
    return;
  }
  const { rect } = passage;
  button.hidden = false;
  const top = window.scrollY + rect.bottom + 8;
  const left = Math.max(8, Math.min(window.scrollX + rect.left, window.scrollX + document.documentElement.clientWidth - button.offsetWidth - 8));
  button.style.setProperty("--top", `${top}px`);
  button.style.setProperty("--left", `${left}px`);
  agendaButton.style.setProperty("--top", `${top}px`);
  agendaButton.style.setProperty("--left", `${left + button.offsetWidth + 8}px`);
}

if (article && body) {
  document.body.append(button, agendaButton);
  let pending = 0;
  document.addEventListener("selectionchange", () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(place);
  });
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest("input, textarea, select, [contenteditable]");
    if (event.key !== "a" || typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const passage = currentPassage();
    if (!passage) return;
    event.preventDefault();
    openForm(passage);
  });
}
