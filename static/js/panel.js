// The side panel: opens when a fragment is swapped into it, closes with its Close link or
// Escape, brings the focused annotation into view, and opens a paragraph's threads when a
// highlight is clicked.
const reader = document.querySelector(".reader");
const panel = document.getElementById("panel");
const content = document.getElementById("panel-content");

function open() {
  panel.dataset.open = "";
  reader.classList.add("panel-open");
}

function close() {
  delete panel.dataset.open;
  reader.classList.remove("panel-open");
}

function showFocused({ scrollText }) {
  const focused = content.querySelector(".annotation.focused") || content.querySelector(".annotation");
  if (focused) focused.scrollIntoView({ block: "nearest" });
  const quote = content.querySelector("[data-scroll-to]");
  if (scrollText && quote) {
    const block = document.getElementById(quote.dataset.scrollTo);
    block?.scrollIntoView({ block: "center" });
  }
}

if (panel && content) {
  document.body.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target !== content) return;
    open();
    const heading = content.querySelector("h2");
    const field = content.querySelector("textarea[autofocus]");
    // A heading takes focus only once it is focusable: then screen readers say where they are.
    if (heading && !field) heading.tabIndex = -1;
    (field || heading)?.focus?.({ preventScroll: true });
    showFocused({ scrollText: false });
  });

  document.addEventListener("click", (event) => {
    const closer = event.target.closest("[data-close-panel]");
    if (closer && panel.contains(closer)) {
      event.preventDefault();
      close();
      return;
    }
    // A margin count or "+" opens its paragraph's threads or form here, not on a new page.
    const link = event.target.closest(".document-body .count, .document-body .annotate-link");
    if (link) {
      event.preventDefault();
      window.htmx.ajax("GET", link.href, { target: "#panel-content" });
      return;
    }
    const mark = event.target.closest("mark.hl");
    if (!mark || window.getSelection()?.toString()) return;
    const block = mark.closest(".block");
    const [first] = mark.dataset.ids.split(" ");
    const url = `${document.querySelector(".document").dataset.paragraphUrl}${block.id}/`;
    window.htmx.ajax("GET", url, { target: "#panel-content" }).then(() => {
      const thread = document.getElementById(`annotation-${first}`);
      thread?.classList.add("focused");
      thread?.scrollIntoView({ block: "nearest" });
    });
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && panel.hasAttribute("data-open")) close();
  });

  // A permalink opens with its thread in the panel (or below the text): bring it into view.
  if (panel.hasAttribute("data-open")) showFocused({ scrollText: true });
  document.querySelector(".comments .annotation.focused")?.scrollIntoView({ block: "start" });
}
