// The Veille dashboard: plain DOM, no framework, no network beyond this server.
// Every string that comes from an article reaches the page through text nodes
// (el() below), never as markup, so an article cannot inject anything.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const FILTERS = ["type", "modality", "actor", "country", "dyad", "since", "until", "has_deadline", "q", "bbox", "cluster", "sort"];
const MODALITIES = ["", "asserted", "alleged", "future", "hypothetical", "negated"];
const SORTS = ["-date", "date", "-confidence", "-sources", "deadline"];
const PALETTE = ["#d2453a", "#3a7bd2", "#3aa35b", "#d2903a", "#8a4fd2", "#2fa3a3", "#c2417f", "#7a8a2f", "#5a5a5a", "#d2c23a"];
const PAGE = 25;
let WORLD = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined) node.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
  for (const child of children.flat()) {
    if (child) node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.detail || response.statusText);
  return body;
}

function typeColor(type) {
  let h = 0;
  for (const c of type) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

function names(side) {
  return side.map((a) => a.name).join(", ");
}

function who(event) {
  const actors = names(event.actors) || "?";
  return event.recipients.length ? `${actors} → ${names(event.recipients)}` : actors;
}

function hashParams() {
  const [path, query] = location.hash.replace(/^#/, "").split("?");
  return { path: path || "/", params: new URLSearchParams(query || "") };
}

function querystring(params, keys) {
  const out = new URLSearchParams();
  for (const key of keys) if (params.get(key)) out.set(key, params.get(key));
  return out.toString();
}

// Overview: filters, timeline, map, deadlines, table.

function filterForm(params) {
  const input = (name, label, attrs) =>
    el("label", {}, label, el("input", { name, value: params.get(name) || "", ...attrs }));
  const select = (name, label, options) => {
    const box = el("select", { name }, options.map((o) => el("option", { value: o }, o || "any")));
    box.value = params.get(name) || options[0];
    return el("label", {}, label, box);
  };
  const deadline = el("select", { name: "has_deadline" },
    el("option", { value: "" }, "any"), el("option", { value: "true" }, "with"), el("option", { value: "false" }, "without"));
  deadline.value = params.get("has_deadline") || "";
  const form = el("form", { class: "filters", id: "filters" },
    input("q", "Text", { placeholder: "words", size: 14 }),
    input("type", "Type", { placeholder: "ASSAULT", size: 10 }),
    select("modality", "Modality", MODALITIES),
    input("actor", "Actor id", { size: 10 }),
    input("country", "Country", { placeholder: "UKR", size: 5 }),
    input("dyad", "Dyad", { placeholder: "ISR,PSE", size: 8 }),
    input("since", "Since", { type: "date" }),
    input("until", "Until", { type: "date" }),
    el("label", {}, "Deadline", deadline),
    input("bbox", "Box W,S,E,N", { size: 12 }),
    select("sort", "Sort", SORTS),
    el("button", { type: "submit" }, "Filter"),
    el("button", { type: "button", id: "reset" }, "Reset"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const out = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (value && !(key === "sort" && value === "-date")) out.set(key, value);
    if (params.get("today")) out.set("today", params.get("today"));
    location.hash = "#/?" + out.toString();
  });
  form.querySelector("#reset").addEventListener("click", () => { location.hash = "#/"; });
  return form;
}

function timeline(stats) {
  const perDate = new Map();
  for (const row of stats.by_day) {
    if (!row.date || row.date.length !== 10) continue;
    const day = perDate.get(row.date) || new Map();
    day.set(row.type, (day.get(row.type) || 0) + row.events);
    perDate.set(row.date, day);
  }
  const dates = [...perDate.keys()].sort();
  if (!dates.length) return el("p", { class: "muted" }, "No dated events.");
  const width = 720, height = 170, left = 28, bottom = 28;
  const max = Math.max(...dates.map((d) => [...perDate.get(d).values()].reduce((a, b) => a + b, 0)));
  const step = (width - left) / dates.length;
  const bar = Math.max(2, Math.min(40, step * 0.7));
  const chart = svg("svg", { class: "timeline", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Events per day by type" });
  chart.appendChild(svg("text", { x: 0, y: 10 }, String(max)));
  chart.appendChild(svg("line", { x1: left, y1: height - bottom, x2: width, y2: height - bottom, stroke: "#999", "stroke-width": 0.5 }));
  const types = new Set();
  dates.forEach((date, i) => {
    let y = height - bottom;
    const x = left + i * step + (step - bar) / 2;
    for (const [type, n] of [...perDate.get(date)].sort()) {
      types.add(type);
      const h = (n / max) * (height - bottom - 16);
      y -= h;
      chart.appendChild(svg("rect", { x, y, width: bar, height: h, fill: typeColor(type), class: "bar" },
        svg("title", {}, `${date}: ${n} ${type}`)));
    }
    if (dates.length <= 12 || i % Math.ceil(dates.length / 12) === 0) {
      chart.appendChild(svg("text", { x: x, y: height - bottom + 14 }, date.slice(5)));
    }
  });
  chart.appendChild(svg("text", { x: left, y: height - 2 }, `${dates[0].slice(0, 4)}`));
  const legend = el("div", { class: "legend" }, [...types].sort().map((t) =>
    el("span", {}, el("i", { style: null, "data-color": typeColor(t) }), t)));
  for (const i of legend.querySelectorAll("i")) i.style.background = i.dataset.color;
  return el("div", {}, chart, legend);
}

async function worldMap(events) {
  if (!WORLD) WORLD = await api("/static/world.json");
  const map = svg("svg", { class: "map", viewBox: WORLD.viewBox, role: "img", "aria-label": "Map of event locations" });
  for (const country of WORLD.countries) map.appendChild(svg("path", { d: country.d }, svg("title", {}, country.name)));
  const seen = new Map();
  for (const event of events) {
    for (const place of event.locations) {
      if (place.lat === null || place.lon === null) continue;
      const key = `${place.lat},${place.lon}`;
      const spot = seen.get(key) || { place, events: [] };
      spot.events.push(event);
      seen.set(key, spot);
    }
  }
  for (const { place, events: here } of seen.values()) {
    const dot = svg("circle", { cx: place.lon + 180, cy: 90 - place.lat, r: Math.min(4, 1.2 + here.length * 0.5), class: "event-dot" },
      svg("title", {}, `${place.name}: ${here.map((e) => e.type).join(", ")}`));
    dot.addEventListener("click", () => { location.hash = `#/event/${here[0].id}`; });
    map.appendChild(dot);
  }
  return map;
}

function countdown(expires, today) {
  // The deadline runs to the end of its last day, local time; `today` (a
  // dashboard parameter) moves the clock to the start of that day.
  const end = new Date(expires + "T23:59:59");
  const shift = today ? Date.now() - new Date(today + "T00:00:00") : 0;
  const span = el("span", { class: "countdown" });
  const tick = () => {
    const left = Math.max(0, end - (Date.now() - shift));
    const d = Math.floor(left / 86400000), h = Math.floor(left / 3600000) % 24, m = Math.floor(left / 60000) % 60;
    span.textContent = `${d}d ${String(h).padStart(2, "0")}h ${String(m).padStart(2, "0")}m`;
  };
  tick();
  const timer = setInterval(() => (span.isConnected ? tick() : clearInterval(timer)), 30000);
  return span;
}

function deadlinesPanel(deadlines, today) {
  if (!deadlines.length) return el("p", { class: "muted", id: "no-deadlines" }, "No running deadlines.");
  return el("ul", { class: "deadlines" }, deadlines.map((d) =>
    el("li", { class: "deadline" },
      el("a", { href: `#/event/${d.event.id}` }, `${d.event.type}: ${who(d.event)}`), el("br"),
      `expires ${d.expires} · ${d.days_left} day${d.days_left === 1 ? "" : "s"} left · `, countdown(d.expires, today))));
}

function eventTable(events) {
  if (!events.length) return el("p", { class: "muted", id: "no-events" }, "No events match.");
  return el("table", { id: "events" },
    el("thead", {}, el("tr", {}, ["", "Date", "Type", "Modality", "Who", "Where", "Sources"].map((h) => el("th", {}, h)))),
    el("tbody", {}, events.map((e) => {
      const row = el("tr", { class: "event-row", "data-id": e.id },
        el("td", {}, el("a", { href: `#/event/${e.id}` }, `#${e.id}`)),
        el("td", {}, e.date || "–"),
        el("td", { class: "type" }, e.type, e.mode ? ` (${e.mode})` : ""),
        el("td", {}, e.modality),
        el("td", {}, who(e)),
        el("td", {}, e.locations.map((p) => p.name).join(", ") || "–"),
        el("td", {}, e.sources));
      row.addEventListener("click", () => { location.hash = `#/event/${e.id}`; });
      return row;
    })));
}

async function overview(params) {
  const main = el("div");
  const filters = querystring(params, FILTERS);
  const offset = Number(params.get("offset") || 0);
  const today = params.get("today");
  const [page, stats, mapped, deadlines] = await Promise.all([
    api(`/events?limit=${PAGE}&offset=${offset}&${filters}`),
    api(`/stats?${filters}`),
    api(`/events?limit=500&${filters}`),
    api(`/deadlines?limit=10${today ? "&today=" + encodeURIComponent(today) : ""}`),
  ]);
  const pager = el("div", { class: "pager" });
  if (offset > 0) pager.appendChild(el("a", { href: `#/?${filters}&offset=${Math.max(0, offset - PAGE)}` }, "← newer"));
  pager.appendChild(el("span", { class: "muted" }, `${stats.events} events · showing ${offset + 1}–${offset + page.items.length}`));
  if (page.next_offset !== null) pager.appendChild(el("a", { href: `#/?${filters}&offset=${page.next_offset}` }, "older →"));
  main.append(
    el("div", { class: "panel" }, filterForm(params)),
    el("div", { class: "grid" },
      el("div", {},
        el("div", { class: "panel", id: "timeline" }, el("h2", {}, "Timeline by type"), timeline(stats)),
        el("div", { class: "panel", id: "map" }, el("h2", {}, "Where"), await worldMap(mapped.items))),
      el("div", { class: "panel", id: "deadlines" }, el("h2", {}, "Running deadlines"), deadlinesPanel(deadlines, today))),
    el("div", { class: "panel" }, el("h2", {}, "Events"), eventTable(page.items), pager));
  return main;
}

// Event detail: each report, with its article text and the spans highlighted.

function highlightedText(text, record) {
  const spans = [];
  const add = (span, kind, label) => {
    if (span && span.start !== null && span.start !== undefined && span.end > span.start) spans.push({ ...span, kind, label });
  };
  add(record.trigger, "trigger", record.type);
  for (const a of record.actors || []) add(a, "actor", a.name);
  for (const a of record.recipients || []) add(a, "recipient", a.name);
  for (const p of record.locations || []) add(p, "place", p.name);
  add(record.date, "time", record.date && record.date.value);
  add(record.deadline, "deadline", record.deadline && record.deadline.value);
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const box = el("div", { class: "article-text" });
  const evidence = record.evidence || { start: 0, end: 0 };
  let at = 0;
  const plain = (from, to) => {
    // The evidence sentence is underlined around the highlights.
    const cuts = [from, Math.max(from, Math.min(to, evidence.start)), Math.max(from, Math.min(to, evidence.end)), to];
    for (let i = 0; i < 3; i++) {
      if (cuts[i + 1] <= cuts[i]) continue;
      const piece = text.slice(cuts[i], cuts[i + 1]);
      box.appendChild(i === 1 ? el("mark", { class: "hl-evidence" }, piece) : document.createTextNode(piece));
    }
  };
  for (const span of spans) {
    if (span.start < at || span.end > text.length) continue;
    plain(at, span.start);
    box.appendChild(el("mark", { class: `hl-${span.kind}`, title: `${span.kind}: ${span.label || ""}` }, text.slice(span.start, span.end)));
    at = span.end;
  }
  plain(at, text.length);
  return box;
}

function fields(event) {
  const rows = [
    ["Type", `${event.type}${event.mode ? " (" + event.mode + ")" : ""} · CAMEO ${event.cameo || "–"} · quad ${event.quad_class ?? "–"}`],
    ["Modality", event.modality],
    ["Date", event.date ? `${event.date} (${event.date_granularity}, from ${event.date_from})` : "unknown"],
    ["Deadline", event.deadline || "none"],
    ["Actors", event.actors.map((a) => el("a", { href: a.id ? `#/actor/${encodeURIComponent(a.id)}` : null }, `${a.name} `))],
    ["Recipients", event.recipients.map((a) => el("a", { href: a.id ? `#/actor/${encodeURIComponent(a.id)}` : null }, `${a.name} `))],
    ["Places", event.locations.map((p) => `${p.name} (${p.country || "?"})`).join(", ") || "–"],
    ["Sources", `${event.sources} article${event.sources === 1 ? "" : "s"}, confidence ${event.confidence}`],
  ];
  return el("dl", { class: "fields" }, rows.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

async function eventPage(id) {
  const event = await api(`/events/${encodeURIComponent(id)}`);
  const main = el("div", { id: "event" }, el("h1", {}, `${event.type} · ${who(event)}`), el("div", { class: "panel" }, fields(event)));
  const legend = el("p", { class: "legend" }, ["trigger", "actor", "recipient", "place", "time", "deadline"].map((k) =>
    el("span", {}, el("mark", { class: `hl-${k}` }, k))));
  main.appendChild(legend);
  for (const mention of event.mentions) {
    const article = await api(`/articles/${mention.article_id}`);
    main.appendChild(el("div", { class: "panel mention" },
      el("h2", {}, article.title || article.source),
      el("p", { class: "muted" }, [article.site, article.published, article.url].filter(Boolean).join(" · ")),
      highlightedText(article.text, mention.record)));
  }
  return main;
}

// Actors: search, and one actor's events over time.

async function actorsPage(params) {
  const q = params.get("q") || "";
  const actors = await api(`/actors?limit=100${q ? "&q=" + encodeURIComponent(q) : ""}`);
  const form = el("form", { class: "filters" }, el("label", {}, "Name or id", el("input", { name: "q", value: q })), el("button", { type: "submit" }, "Search"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = "#/actors?q=" + encodeURIComponent(new FormData(form).get("q"));
  });
  return el("div", {}, el("h1", {}, "Actors"), el("div", { class: "panel" }, form),
    el("div", { class: "panel" }, el("table", { id: "actors" },
      el("thead", {}, el("tr", {}, ["Actor", "Id", "Country", "Sector", "Events"].map((h) => el("th", {}, h)))),
      el("tbody", {}, actors.map((a) => el("tr", {},
        el("td", {}, a.id ? el("a", { href: `#/actor/${encodeURIComponent(a.id)}` }, a.name) : a.name),
        el("td", {}, a.id || "–"), el("td", {}, a.country || "–"), el("td", {}, a.sector || "–"), el("td", {}, a.events)))))));
}

async function actorPage(id) {
  const enc = encodeURIComponent(id);
  const [found, stats, page] = await Promise.all([api(`/actors?q=${enc}&limit=100`), api(`/stats?actor=${enc}`), api(`/events?actor=${enc}&limit=200`)]);
  const actor = found.find((a) => a.id === id);
  return el("div", { id: "actor" },
    el("h1", {}, actor ? `${actor.name} (${actor.country || "?"} ${actor.sector || ""})` : id),
    el("div", { class: "panel" }, el("h2", {}, `Events over time (${stats.events})`), timeline(stats)),
    el("div", { class: "panel" }, el("h2", {}, "Events"), eventTable(page.items)));
}

async function route() {
  const main = document.getElementById("main");
  const { path, params } = hashParams();
  try {
    let page;
    if (path.startsWith("/event/")) page = await eventPage(decodeURIComponent(path.slice(7)));
    else if (path.startsWith("/actor/")) page = await actorPage(decodeURIComponent(path.slice(7)));
    else if (path === "/actors") page = await actorsPage(params);
    else page = await overview(params);
    main.replaceChildren(page);
  } catch (error) {
    main.replaceChildren(el("p", { class: "error" }, `Could not load: ${error.message}`));
  }
  document.body.dataset.ready = "true";
}

window.addEventListener("hashchange", () => { document.body.dataset.ready = "false"; route(); });
route();
