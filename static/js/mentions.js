// @mentions: typing "@" and a few letters in an annotation offers the group's members; arrow
// keys choose, Enter or Tab takes one, Escape closes the list.
let list = null;
let field = null;
let choices = [];
let chosen = 0;

function close() {
  list?.remove();
  list = null;
  choices = [];
}

function wordBeforeCaret(textarea) {
  const before = textarea.value.slice(0, textarea.selectionStart);
  const match = before.match(/(?:^|\s)@([\w.+-]{0,30})$/);
  return match ? match[1] : null;
}

function render() {
  list.replaceChildren(...choices.map((member, index) => {
    const item = document.createElement("li");
    item.id = `mention-${index}`;
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", String(index === chosen));
    item.textContent = `${member.name} (@${member.username})`;
    item.addEventListener("mousedown", (event) => {
      event.preventDefault();
      take(index);
    });
    return item;
  }));
  field.setAttribute("aria-activedescendant", `mention-${chosen}`);
}

function take(index) {
  const member = choices[index];
  const caret = field.selectionStart;
  const before = field.value.slice(0, caret).replace(/@[\w.+-]*$/, `@${member.username} `);
  field.value = before + field.value.slice(caret);
  field.selectionStart = field.selectionEnd = before.length;
  close();
}

async function suggest(textarea) {
  const query = wordBeforeCaret(textarea);
  if (query === null) return close();
  const response = await fetch(`${textarea.dataset.mentions}?q=${encodeURIComponent(query)}`, { credentials: "same-origin" });
  if (!response.ok) return close();
  choices = (await response.json()).members;
  if (!choices.length) return close();
  field = textarea;
  chosen = 0;
  if (!list) {
    list = document.createElement("ul");
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Members to mention");
    textarea.insertAdjacentElement("afterend", list);
  }
  render();
}

document.addEventListener("input", (event) => {
  if (event.target.matches("textarea[data-mentions]")) suggest(event.target);
});

document.addEventListener("keydown", (event) => {
  if (!list || event.target !== field) return;
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    chosen = (chosen + (event.key === "ArrowDown" ? 1 : choices.length - 1)) % choices.length;
    render();
  } else if (event.key === "Enter" || event.key === "Tab") {
    event.preventDefault();
    take(chosen);
  } else if (event.key === "Escape") {
    close();
  }
});

document.addEventListener("focusout", (event) => {
  if (event.target === field) setTimeout(close, 150);
});
