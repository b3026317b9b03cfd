// The Mini App: one project's accounts as a searchable, filterable list with actions.
// Every value from the server is put in the page with textContent or DOM properties,
// never as HTML. Every API call carries Telegram's signed initData.
import { i18n, number, t } from "./text.js";
import { renderRow } from "./rows.js";

const tg = (window.Telegram && window.Telegram.WebApp) || null;
const PAGE = 50;
const $ = (id) => document.getElementById(id);

const state = {
  projects: [], project: null,
  q: "", filters: new Set(), sort: "newest",
  cursor: null, done: false, failed: false, loading: false, gen: 0, total: null,
  rows: new Map(), selected: new Set(), undo: null, booted: false,
};

// --- the API -----------------------------------------------------------------------------
async function api(path, body) {
  const init = { headers: { Authorization: "tma " + (tg ? tg.initData : "") } };
  if (body !== undefined) {
    init.method = "POST";
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    throw new Error(t("offline"));
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(typeof data.error === "string" ? data.error : t("offline"));
  }
  return data;
}

function showError(err) {
  $("error-text").textContent = err.message;
  $("error").hidden = false;
}

function notice(text, undo) {
  state.undo = undo || null;
  $("toast-text").textContent = text;
  $("undo").hidden = !undo;
  $("toast").hidden = false;
}

// --- texts and theme ---------------------------------------------------------------------
function applyTexts() {
  document.documentElement.lang = i18n.lang;
  document.title = t("title");
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  for (const el of document.querySelectorAll("[data-t-placeholder]")) {
    el.placeholder = t(el.dataset.tPlaceholder);
  }
  for (const el of document.querySelectorAll("[data-t-label]")) {
    el.setAttribute("aria-label", t(el.dataset.tLabel));
    el.title = t(el.dataset.tLabel);
  }
}

function applyTheme() {
  const scheme = tg && tg.colorScheme === "dark" ? "dark" : "light";
  document.documentElement.dataset.scheme = scheme;
}

// --- rows --------------------------------------------------------------------------------
function openLink(event) {
  const link = event.target.closest("a.username");
  if (link && link.href && tg && typeof tg.openLink === "function") {
    event.preventDefault();
    tg.openLink(link.href);
  }
}

// --- loading pages -----------------------------------------------------------------------
function query() {
  const params = new URLSearchParams({ project: String(state.project), sort: state.sort });
  if (state.q) params.set("q", state.q);
  for (const name of state.filters) params.set(name, "1");
  params.set("limit", String(PAGE));
  if (state.cursor) params.set("cursor", state.cursor);
  return "/api/users?" + params.toString();
}

function showStatus() {
  let text = "";
  if (state.loading) text = t("loading");
  else if (state.failed) text = "";
  else if (state.done) text = state.rows.size ? t("end") : t("empty");
  $("status").textContent = text;
  $("total").textContent = state.total === null ? "" : t("total", { count: number(state.total) });
}

async function loadMore() {
  if (state.loading || state.done || state.project === null) return;
  const gen = state.gen;
  state.loading = true;
  showStatus();
  try {
    const data = await api(query());
    if (gen !== state.gen) return;
    const items = document.createDocumentFragment();
    for (const row of data.rows) {
      if (state.rows.has(row.id)) continue;
      state.rows.set(row.id, row);
      items.append(renderRow(row, state.selected.has(row.id), select));
    }
    $("rows").append(items);
    if (typeof data.total === "number") state.total = data.total;
    state.cursor = data.next || null;
    state.done = !data.next;
  } catch (err) {
    if (gen === state.gen) {
      state.done = true;
      state.failed = true;
      showError(err);
    }
  } finally {
    if (gen === state.gen) {
      state.loading = false;
      showStatus();
      syncSelection();
      if (!state.done && sentinelVisible()) loadMore();
    }
  }
}

function sentinelVisible() {
  return $("sentinel").getBoundingClientRect().top < window.innerHeight + 600;
}

function reload() {
  $("error").hidden = true;
  state.gen += 1;
  state.cursor = null;
  state.done = false;
  state.failed = false;
  state.loading = false;
  state.total = null;
  state.rows.clear();
  state.selected.clear();
  $("rows").replaceChildren();
  syncSelection();
  loadMore();
}

// --- selection and actions ---------------------------------------------------------------
function select(id, on) {
  if (on) state.selected.add(id);
  else state.selected.delete(id);
  syncSelection();
}

function syncSelection() {
  const n = state.selected.size;
  $("actions").hidden = n === 0;
  $("selected").textContent = t("selected", { count: number(n) });
  const all = $("select-all");
  all.checked = n > 0 && n === state.rows.size;
  all.indeterminate = n > 0 && n < state.rows.size;
}

// Touches every loaded row: only on a select-all or a clear, never per page.
function selectAll(on) {
  state.selected = on ? new Set(state.rows.keys()) : new Set();
  for (const box of document.querySelectorAll("#rows .pick")) box.checked = on;
  syncSelection();
}

function dropRows(ids) {
  for (const id of ids) {
    state.rows.delete(id);
    state.selected.delete(id);
    const li = $("rows").querySelector(`li[data-id="${CSS.escape(id)}"]`);
    if (li) li.remove();
  }
  syncSelection();
  showStatus();
}

async function action(run) {
  $("error").hidden = true;
  try {
    await run();
  } catch (err) {
    showError(err);
  }
}

async function removeSelected() {
  const ids = [...state.selected];
  const data = await api("/api/remove", { ids });
  dropRows(ids);
  if (state.total !== null) state.total = Math.max(0, state.total - data.removed);
  showStatus();
  notice(t("removed", { count: number(data.removed) }), data.undo);
}

async function undo() {
  const data = await api("/api/undo", { undo: state.undo });
  notice(t("restored", { count: number(data.restored) }));
  reload();
}

function moveSelected(copy) {
  const picker = $("target-project");
  const others = state.projects.filter((p) => p.active && p.id !== state.project);
  picker.replaceChildren(...others.map(projectOption));
  $("target-title").textContent = t(copy ? "copy-to" : "move-to");
  $("target-ok").textContent = t(copy ? "copy" : "move");
  $("target-ok").disabled = others.length === 0;
  const dialog = $("target");
  dialog.returnValue = "";
  dialog.onclose = () => {
    if (dialog.returnValue === "ok" && picker.value) {
      action(() => moveTo(Number(picker.value), copy));
    }
  };
  dialog.showModal();
}

async function moveTo(to, copy) {
  const ids = [...state.selected];
  const data = await api("/api/move", { ids, to, copy });
  const clashes = (data.clashes || []).map((c) => t("clash", { username: c.username }));
  const text = [t(copy ? "copied" : "moved", { count: number(data.done) }), ...clashes].join(" ");
  notice(text);
  if (copy) selectAll(false);
  else reload();
}

async function exportSelected() {
  const data = await api("/api/export", { project: state.project, ids: [...state.selected] });
  notice(t("exported", { count: number(data.rows) }));
}

// --- projects and controls ---------------------------------------------------------------
function projectOption(p) {
  const option = document.createElement("option");
  option.value = String(p.id);
  option.textContent = p.active ? p.name : t("project-inactive", { name: p.name });
  return option;
}

async function loadProjects() {
  const data = await api("/api/projects");
  state.projects = data.projects;
  if (!state.projects.length) {
    $("status").textContent = t("no-projects");
    return;
  }
  $("project").replaceChildren(...state.projects.map(projectOption));
  const current = state.projects.find((p) => p.id === data.current) || state.projects[0];
  state.project = current.id;
  $("project").value = String(current.id);
  reload();
}

function wire() {
  let timer = 0;
  $("search").addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const q = $("search").value.trim();
      if (q !== state.q) {
        state.q = q;
        reload();
      }
    }, 300);
  });
  for (const chip of document.querySelectorAll("[data-filter]")) {
    chip.addEventListener("click", () => {
      const on = !state.filters.has(chip.dataset.filter);
      if (on) state.filters.add(chip.dataset.filter);
      else state.filters.delete(chip.dataset.filter);
      chip.setAttribute("aria-pressed", String(on));
      reload();
    });
  }
  $("sort").addEventListener("change", () => { state.sort = $("sort").value; reload(); });
  $("project").addEventListener("change", () => {
    state.project = Number($("project").value);
    reload();
  });
  $("select-all").addEventListener("change", () => selectAll($("select-all").checked));
  $("remove").addEventListener("click", () => action(removeSelected));
  $("move").addEventListener("click", () => moveSelected(false));
  $("copy").addEventListener("click", () => moveSelected(true));
  $("export").addEventListener("click", () => action(exportSelected));
  $("undo").addEventListener("click", () => action(undo));
  $("toast-close").addEventListener("click", () => { $("toast").hidden = true; });
  $("error-close").addEventListener("click", () => { $("error").hidden = true; });
  $("retry").addEventListener("click", () => { $("error").hidden = true; boot(); });
  $("clear").addEventListener("click", () => selectAll(false));
  $("rows").addEventListener("click", openLink);
  new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) loadMore();
  }, { rootMargin: "600px 0px" }).observe($("sentinel"));
}

// Texts and projects once; after a failure, Retry goes on from where it stopped.
async function boot() {
  try {
    if (!state.booted) {
      const session = await api("/api/session");
      i18n.texts = session.texts || {};
      i18n.lang = session.lang || "en";
      applyTexts();
      document.body.classList.remove("booting");
      state.booted = true;
    }
    if (state.project === null) {
      await loadProjects();
    } else {
      state.done = false;
      state.failed = false;
      loadMore();
    }
  } catch (err) {
    showError(err);
  }
}

function start() {
  if (tg) {
    tg.ready();
    tg.expand();
    if (typeof tg.onEvent === "function") tg.onEvent("themeChanged", applyTheme);
  }
  applyTheme();
  applyTexts();
  wire();
  boot();
}

start();
