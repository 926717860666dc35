// Reordering an agenda by drag and drop (the ↑ ↓ buttons do the same without JavaScript):
// drop an item where it belongs, and the new order is saved.
const agenda = document.querySelector(".agenda[data-order-url]");

function token() {
  return document.querySelector("input[name=csrfmiddlewaretoken]")?.value ?? "";
}

if (agenda) {
  let dragged = null;
  const itemIds = () =>
    [...agenda.querySelectorAll(".agenda-item")].map((li) => Number(li.dataset.item));
  // The order this page shows: the server refuses a new order if the agenda changed since.
  const seen = itemIds();
  agenda.addEventListener("dragstart", (event) => {
    dragged = event.target.closest(".agenda-item");
    dragged?.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
  });
  agenda.addEventListener("dragover", (event) => {
    const over = event.target.closest(".agenda-item");
    if (!dragged || !over || over === dragged) return;
    event.preventDefault();
    const { top, height } = over.getBoundingClientRect();
    over[event.clientY < top + height / 2 ? "before" : "after"](dragged);
  });
  agenda.addEventListener("dragend", async () => {
    if (!dragged) return;
    dragged.classList.remove("dragging");
    dragged = null;
    const response = await fetch(agenda.dataset.orderUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token() },
      credentials: "same-origin",
      body: JSON.stringify({ order: itemIds(), seen }),
    });
    // The page's numbering and ↑ ↓ buttons follow the saved order; when someone else changed
    // the agenda meanwhile (409), the reloaded page shows theirs and says so.
    if (response.ok || response.status === 409) window.location.reload();
  });
}
