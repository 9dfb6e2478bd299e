/* sitegen default theme: site search in the reader's browser, on the Pagefind index that
   `sitegen build` writes to /pagefind/<language>/. The header's search box works without
   this file (it opens the search page, which says that search needs JavaScript); with it,
   results appear as the reader types: every matching turn of a post, linked to that turn,
   with who said it, the question an answer answers, and the matching words marked.
   Filters: questions or answers only, a speaker, a tag, and a language when the site has
   more than one. Keys: arrows move between the box and the results, Escape closes them. */

const form = document.querySelector("form.site-search");
const PAGE_SIZE = 12;
/* Only a record's own words find it: not its post's title, nor the question it answers. */
const META_WEIGHTS = { title: 0, question: 0, speaker: 0, role: 0, link: 0, date: 0 };

if (form) start(form);

function start(form) {
  const words = JSON.parse(form.dataset.words);
  const input = form.querySelector("input[type=search]");
  const page = document.querySelector("[data-search-page]");
  const ui = makePanel(words, page);
  const state = { bundle: null, shown: PAGE_SIZE, run: 0, engine: null, loaded: {} };
  if (page) {
    page.replaceChildren(ui.panel);
  } else {
    form.after(ui.panel);
  }

  const search = () => runSearch(form, words, input, ui, state, Boolean(page));
  const again = () => { state.shown = PAGE_SIZE; search(); };
  input.addEventListener("input", again);
  input.addEventListener("focus", () => prepare(form, words, ui, state));
  ui.panel.addEventListener("change", async (event) => {
    if (event.target.matches("[data-language]")) {
      await switchBundle(form, ui, state, event.target.value);
    }
    again();
  });
  ui.more.addEventListener("click", () => { state.shown += PAGE_SIZE; search(); });
  form.addEventListener("submit", (event) => { event.preventDefault(); search(); });
  document.addEventListener("keydown", (event) => {
    if (form.contains(event.target) || ui.panel.contains(event.target)) {
      onKey(event, input, ui, page);
    }
  });
  if (!page) closeOnClickOutside(form, ui);
  if (page) {
    input.value = new URLSearchParams(location.search).get("q") || "";
    prepare(form, words, ui, state).then(search);
  }
}

/* The panel: filters, a status line that screen readers hear, the results. */
function makePanel(words, page) {
  const panel = el("div", { class: "search-panel", id: "search-panel" });
  panel.hidden = !page;
  const roles = el("fieldset", { class: "search-roles" }, [el("legend", {}, [words.show])]);
  [["", words.everything], ["asker", words.questions], ["answerer", words.answers]]
    .forEach(([value, label]) => {
      const radio = el("input", { type: "radio", name: "search-role", value: value });
      radio.checked = value === "";
      roles.append(el("label", {}, [radio, " ", label]));
    });
  const speaker = select(words.speaker, words.anyone, "speaker");
  const tag = select(words.tag, words.any_tag, "tag");
  const language = select(words.language, null, null);
  language.control.dataset.language = "";
  const filters = el("div", { class: "search-filters" },
    [roles, speaker.label, tag.label, language.label]);
  const status = el("p", { class: "search-status", role: "status" });
  const list = el("ol", { class: "search-results" });
  const more = el("button", { class: "search-more", type: "button" }, [words.more]);
  more.hidden = true;
  panel.append(filters, status, list, more);
  return { panel, status, list, more, speaker, tag, language };
}

function select(text, anyText, filter) {
  const control = el("select", filter ? { "data-filter": filter } : {});
  if (anyText !== null) control.append(el("option", { value: "" }, [anyText]));
  const label = el("label", { class: "search-select" }, [text + " ", control]);
  label.hidden = true;
  return { label, control };
}

/* Loading: which bundles exist, then Pagefind for the page's language (on first use). */
async function prepare(form, words, ui, state) {
  if (state.ready) return state.ready;
  state.ready = (async () => {
    const manifest = await fetchJson(form.dataset.index + "bundles.json");
    const bundles = manifest ? manifest.bundles.map((b) => b.bundle) : [];
    const chosen = pickBundle(bundles, manifest ? manifest.default : "");
    if (manifest && bundles.length > 1) fillLanguages(ui.language, manifest.bundles, chosen);
    if (chosen) await switchBundle(form, ui, state, chosen);
  })();
  return state.ready;
}

function pickBundle(bundles, fallback) {
  const lang = (document.documentElement.lang || "").toLowerCase();
  const primary = lang.split("-")[0];
  return [lang, primary, fallback].find((b) => bundles.includes(b)) || bundles[0] || null;
}

function fillLanguages(language, bundles, chosen) {
  bundles.forEach((b) => {
    const option = el("option", { value: b.bundle, lang: b.bundle }, [b.name]);
    option.selected = b.bundle === chosen;
    language.control.append(option);
  });
  language.label.hidden = false;
}

async function switchBundle(form, ui, state, bundle) {
  state.bundle = bundle;
  if (!state.loaded[bundle]) {
    state.loaded[bundle] = loadEngine(form.dataset.index + bundle + "/pagefind.js");
  }
  state.engine = await state.loaded[bundle];
  if (state.engine) await fillFilters(ui, state.engine);
}

async function loadEngine(url) {
  try {
    const engine = await import(url);
    await engine.options({ excerptLength: 24, ranking: { metaWeights: META_WEIGHTS } });
    engine.init();
    return engine;
  } catch (error) {
    return null;
  }
}

async function fillFilters(ui, engine) {
  const counts = await engine.filters();
  [[ui.speaker, counts.speaker], [ui.tag, counts.tag]].forEach(([box, values]) => {
    const keep = box.control.value;
    box.control.querySelectorAll("option:not([value=''])").forEach((o) => o.remove());
    Object.keys(values || {}).sort((a, b) => a.localeCompare(b)).forEach((value) => {
      const option = el("option", { value: value }, [value]);
      option.selected = value === keep;
      box.control.append(option);
    });
    box.label.hidden = !values || Object.keys(values).length < 2;
  });
}

/* Searching: the words and filters of the moment; older answers are dropped. */
async function runSearch(form, words, input, ui, state, onPage) {
  const query = input.value.trim();
  const run = ++state.run;
  if (onPage) history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : "?");
  ui.panel.hidden = !query && !onPage;
  if (!query) return clear(ui, "", "");
  await prepare(form, words, ui, state);
  if (!state.engine) return clear(ui, words.unavailable, query);
  const found = await state.engine.debouncedSearch(query, { filters: chosenFilters(ui) }, 120);
  if (found === null || run !== state.run) return;
  const results = found.results.filter((r) => r.words.length > 0);  /* not by meta alone */
  const data = await Promise.all(results.slice(0, state.shown).map((r) => r.data()));
  if (run !== state.run) return;
  show(ui, words, form.dataset.base, data, results.length, state.shown);
  ui.list.dataset.query = query;  /* what the list answers (tests wait for it) */
  ui.list.dataset.filters = Object.values(chosenFilters(ui)).join(" ");
}

function chosenFilters(ui) {
  const filters = {};
  const role = ui.panel.querySelector("input[name=search-role]:checked");
  if (role && role.value) filters.role = role.value;
  ui.panel.querySelectorAll("select[data-filter]").forEach((s) => {
    if (s.value) filters[s.dataset.filter] = s.value;
  });
  return filters;
}

function clear(ui, message, query) {
  ui.list.dataset.query = query;
  ui.list.dataset.filters = "";
  ui.list.replaceChildren();
  ui.status.textContent = message;
  ui.more.hidden = true;
}

/* Results: grouped by post, best first; each hit is one link to its turn. */
function show(ui, words, base, data, total, shown) {
  const groups = new Map();
  data.forEach((hit) => {
    const link = hit.meta.link || hit.url;
    const post = link.split("#")[0];
    if (!groups.has(post)) groups.set(post, { title: hit.meta.title, hits: [] });
    groups.get(post).hits.push(hit);
  });
  const items = [...groups.values()].map((group) => postItem(group, words, base));
  ui.list.replaceChildren(...items);
  ui.status.textContent = total ? plural(words, total) : words.none;
  ui.more.hidden = total <= shown;
}

function postItem(group, words, base) {
  const hits = el("ul", { class: "search-hits" }, group.hits.map((h) => hitItem(h, words, base)));
  return el("li", { class: "search-post" },
    [el("p", { class: "search-post-title" }, [group.title || ""]), hits]);
}

function hitItem(hit, words, base) {
  const meta = hit.meta;
  const parts = [];
  if (meta.speaker) {
    const role = words["role_" + meta.role] || "";
    parts.push(el("span", { class: "search-who" },
      [el("span", { class: "name" }, [meta.speaker]), " ", el("span", { class: "role" }, [role])]));
  }
  if (meta.question) {
    parts.push(el("span", { class: "search-question" },
      [words.question.replace("{question}", meta.question)]));
  }
  parts.push(el("span", { class: "search-excerpt" }, marked(hit.excerpt)));
  const href = base.replace(/\/$/, "") + (meta.link || hit.url);
  const role = meta.role ? " " + meta.role : "";
  return el("li", {}, [el("a", { class: "search-hit" + role, href: href }, parts)]);
}

/* Pagefind's excerpt (HTML) as nodes: its text and <mark>s, nothing else. */
function marked(excerpt) {
  const parsed = new DOMParser().parseFromString(excerpt, "text/html").body;
  return [...parsed.childNodes].map((node) => node.nodeName === "MARK"
    ? el("mark", {}, [node.textContent]) : document.createTextNode(node.textContent));
}

function plural(words, n) {
  const form = new Intl.PluralRules(document.documentElement.lang || "en").select(n);
  return (form === "one" ? words.results_one : words.results_other).replace("{n}", n);
}

/* Keys: Down from the box goes into the results, Up and Down move, Escape closes. */
function onKey(event, input, ui, page) {
  const hits = [...ui.list.querySelectorAll("a.search-hit")];
  const at = hits.indexOf(document.activeElement);
  if (event.key === "Escape" && !page && !ui.panel.hidden) {
    event.preventDefault();  /* a second Escape clears the box */
    ui.panel.hidden = true;
    input.focus();
  } else if (event.key === "ArrowDown" && (event.target === input || at >= 0) && hits.length) {
    event.preventDefault();
    ui.panel.hidden = false;
    hits[Math.min(at + 1, hits.length - 1)].focus();
  } else if (event.key === "ArrowUp" && at >= 0) {
    event.preventDefault();
    (at === 0 ? input : hits[at - 1]).focus();
  } else if (event.target === input && event.key.length === 1 && input.value.trim()) {
    ui.panel.hidden = false;
  }
}

function closeOnClickOutside(form, ui) {
  document.addEventListener("click", (event) => {
    if (!form.contains(event.target) && !ui.panel.contains(event.target)) ui.panel.hidden = true;
  });
  form.querySelector("input").addEventListener("focus", (event) => {
    if (event.target.value.trim()) ui.panel.hidden = false;
  });
}

async function fetchJson(url) {
  try {
    const response = await fetch(url);
    return response.ok ? await response.json() : null;
  } catch (error) {
    return null;
  }
}

function el(tag, attrs, children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([key, value]) => node.setAttribute(key, value));
  (children || []).forEach((child) => node.append(child));
  return node;
}
