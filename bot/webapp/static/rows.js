// One account as a list row, built with DOM calls: every value is text or a checked URL.
import { i18n, t } from "./text.js";

const PLACEHOLDER = "avatar.svg";

// Only web addresses reach src and href (never javascript: or data:).
function safeHttps(url) {
  return typeof url === "string" && url.startsWith("https://") ? url : null;
}

function safeWeb(url) {
  return typeof url === "string" && /^https?:\/\//.test(url) ? url : null;
}

function avatar(row) {
  const img = document.createElement("img");
  img.className = "avatar";
  img.alt = "";
  img.loading = "lazy";
  img.decoding = "async";
  img.referrerPolicy = "no-referrer";
  img.addEventListener("error", () => {
    if (!img.src.endsWith(PLACEHOLDER)) img.src = PLACEHOLDER;
  });
  img.src = safeHttps(row.pic) || PLACEHOLDER;
  return img;
}

function mark(className, text, label) {
  const span = document.createElement("span");
  span.className = "mark " + className;
  span.textContent = text;
  span.title = label;
  span.setAttribute("aria-label", label);
  return span;
}

// "2 Dec, 06:00", with the year only when it is not this one.
function when(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const style = { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" };
  if (date.getFullYear() !== new Date().getFullYear()) style.year = "numeric";
  return new Intl.DateTimeFormat(i18n.lang, style).format(date);
}

export function renderRow(row, checked, onSelect) {
  const li = document.createElement("li");
  li.className = "row";
  li.dataset.id = row.id;
  const box = document.createElement("input");
  box.type = "checkbox";
  box.className = "pick";
  box.checked = checked;
  box.setAttribute("aria-label", row.username);
  box.addEventListener("change", () => onSelect(row.id, box.checked));
  const main = document.createElement("div");
  main.className = "main";
  const head = document.createElement("div");
  head.className = "head";
  const link = document.createElement("a");
  link.className = "username";
  link.textContent = "@" + row.username;
  const url = safeWeb(row.url);
  if (url) {
    link.title = t("open-profile");
    link.href = url;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
  }
  head.append(link);
  if (row.verified) head.append(mark("verified", "✓", t("verified")));
  if (row.private) head.append(mark("private", t("private"), t("private")));
  const name = document.createElement("div");
  name.className = "name";
  name.textContent = row.full_name || "";
  const meta = document.createElement("div");
  meta.className = "meta";
  const at = when(row.added_at);
  meta.textContent = row.added_by ? t("added", { when: at, who: row.added_by })
    : t("added-when", { when: at });
  main.append(head, name, meta);
  li.append(box, avatar(row), main);
  return li;
}
