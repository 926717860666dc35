// Live updates: while a document is open, ask every so often whether others posted; show
// "3 new" and, when clicked, draw the new highlights and counts in place.
import { applyChanges } from "./highlights.js";

const live = document.querySelector(".live[data-poll-url]");

if (live) {
  const button = live.querySelector(".live-button");
  let latest = Number(live.dataset.latest || 0);
  let shown = latest;

  async function poll() {
    if (document.hidden) return;
    const response = await fetch(`${live.dataset.pollUrl}?after=${latest}`, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.status !== 200) return; // 304: nothing new
    const { new: count, latest: newest } = await response.json();
    latest = Math.max(latest, newest);
    const waiting = count + Number(button.dataset.waiting || 0);
    button.dataset.waiting = String(waiting);
    button.textContent = `${waiting} new`;
    button.hidden = false;
    document.body.dispatchEvent(new CustomEvent("annotations-polled"));
  }

  button.addEventListener("click", async () => {
    const response = await fetch(`${live.dataset.changesUrl}?after=${shown}`, { credentials: "same-origin" });
    if (!response.ok) return;
    const changes = await response.json();
    applyChanges(changes);
    shown = Math.max(shown, changes.latest);
    latest = Math.max(latest, shown);
    button.hidden = true;
    button.dataset.waiting = "0";
  });

  // Our own posts are drawn already: count from them on.
  document.addEventListener("annotations-changed", (event) => {
    const ids = (event.detail.highlights || []).map((h) => h[0]);
    latest = Math.max(latest, ...ids);
  });

  setInterval(poll, Number(live.dataset.interval || 20) * 1000);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) poll(); });
}
