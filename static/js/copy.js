// "Copy link" buttons: `data-copy` names the read-only field whose text they copy, and
// `data-copy-status` the live region that says so. Without JavaScript the buttons stay hidden
// and the field's text can still be selected and copied by hand.
function say(region, text) {
  if (!region) return;
  // Emptied first, so that copying twice is announced twice.
  region.textContent = "";
  window.setTimeout(() => {
    region.textContent = text;
  }, 50);
}

for (const button of document.querySelectorAll("button[data-copy]")) {
  const field = document.getElementById(button.dataset.copy);
  const region = document.getElementById(button.dataset.copyStatus);
  if (!field) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      // navigator.clipboard is missing outside secure contexts, and writing may be refused.
      await navigator.clipboard.writeText(field.value);
      say(region, "Link copied");
    } catch {
      field.focus();
      field.select();
      say(region, "Link selected: press Ctrl+C (⌘C on a Mac) to copy it");
    }
  });
}

// Clicking into a link field selects all of it, ready to copy by hand.
for (const field of document.querySelectorAll("input[readonly].invite-link")) {
  field.addEventListener("focus", () => field.select());
}
