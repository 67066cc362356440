// OrleansGov dashboard page: runs list, run view (live charts and a province map over SSE, steering,
// drill-down), compare view. Plain JavaScript, no build step; charts by the vendored uPlot, the map a
// tile grid (china-tiles.js). The metric list comes from GET /api/metrics (the contract), never from here.
"use strict";

let METRICS = [];                 // [{name, label, unit, unit_interval, count, key}] from the server
const NATION_COLOR = "#1d2f4f";
// Okabe & Ito (2008), "Color Universal Design": distinct for the common colour-vision deficiencies.
const OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7", "#0072B2", "#000000", "#F0E442"];
// viridis (matplotlib; perceptually uniform, colour-blind safe), 9 stops, for the map's sequential scale.
const VIRIDIS = ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725"];
const MAX_HIGHLIGHTS = 4;
const EVENTS = {
  "appoint-national-chief": [], "dismiss-national-chief": [], "set-dials": ["vertical", "horizontal"],
  "set-lever": ["lever", "value"], "attention-shift": ["province", "value"], "upgrade-office": ["province"],
};
const LEVERS = ["national-chief", "accountability", "linkage", "outsourcing", "participation"];
const FINISHED = new Set(["completed", "failed", "cancelled", "stale"]);

let cleanup = [];            // closers of the current view (event sources, timers, observers)
// The navigation being shown. A view whose first answer comes after a newer navigation stops there:
// drawn on, it would fail on the newer view's page and replace it with that error.
let shown = 0;
const $ = (sel, root = document) => root.querySelector(sel);
const esc = s => String(s ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const metricInfo = name => METRICS.find(m => m.name === name) || { name, label: name, unit: "value", unit_interval: false, count: false };

/** A metric value as people read it: counts as integers, shares with 3 decimals, nothing as "–". */
function fmt(v, count) {
  if (v == null || Number.isNaN(v)) return "–";
  if (count || Number.isInteger(v)) return Math.round(v).toLocaleString("en");
  return Math.abs(v) >= 1000 ? Math.round(v).toLocaleString("en") : Number(v).toFixed(3);
}
/** Speeds: "288", "12.3 k", "1.2 M". */
function fmtRate(v) {
  if (v == null) return "–";
  if (v >= 1e6) return (v / 1e6).toFixed(1) + " M";
  if (v >= 1e4) return (v / 1e3).toFixed(1) + " k";
  return Math.round(v).toLocaleString("en");
}
/** An agent's state value: -1 in tick-like fields means "none", has_* are yes/no, whole numbers are integers. */
function fmtState(key, v) {
  if (v == null) return "–";
  if (key.startsWith("has_")) return v ? "yes" : "no";
  if (v < 0 && /_(until|at|tick)$/.test(key)) return "none";
  return fmt(v, Number.isInteger(v));
}

// ---- token and API -------------------------------------------------------------------------
(function takeToken() {
  const m = location.hash.match(/token=([0-9a-zA-Z_-]+)/);
  if (m) { sessionStorage.setItem("og-token", m[1]); history.replaceState(null, "", location.pathname + "#/runs"); }
  const input = $("#token");
  const save = t => {
    sessionStorage.setItem("og-token", t);
    // For the event streams (EventSource sends no headers) when the dashboard needs the token for reads.
    document.cookie = `og_token=${encodeURIComponent(t)}; path=/; SameSite=Strict${location.protocol === "https:" ? "; Secure" : ""}`;
  };
  input.value = sessionStorage.getItem("og-token") || "";
  if (input.value) save(input.value);
  input.addEventListener("change", () => save(input.value.trim()));
})();

async function api(method, url, body) {
  const headers = { "Accept": "application/json", "X-OrleansGov-Token": sessionStorage.getItem("og-token") || "" };
  if (body !== undefined) { headers["Content-Type"] = "application/json"; }
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await response.json().catch(() => null);
  if (!response.ok) { throw new Error((data && data.error) || `${response.status} ${response.statusText}`); }
  return data;
}

function say(text, ok) {
  const box = $("#message");
  box.textContent = text; box.className = ok ? "ok" : ""; box.hidden = !text;
  if (ok) { setTimeout(() => { if (box.textContent === text) box.hidden = true; }, 3000); }
}
const guard = fn => async (...args) => { try { say(""); await fn(...args); } catch (e) { say(e.message); } };

// Calls fn now and then ms after each call has finished — one at a time. With setInterval a slow answer
// could land after a newer one and draw an older state over it: under load a paused run's view went back
// to "running" at an earlier tick, then jumped forward again (the browser test saw the tick move while paused).
function every(ms, fn) {
  let timer = null, stopped = false;
  const loop = async () => { try { await fn(); } finally { if (!stopped) timer = setTimeout(loop, ms); } };
  loop();
  cleanup.push(() => { stopped = true; clearTimeout(timer); });
}

// ---- charts --------------------------------------------------------------------------------
function quantile(sorted, q) {
  const pos = (sorted.length - 1) * q, lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** One chart box with a title and a uPlot; resizes with its box. */
function chartBox(el, metric, series, bands, tickLabel) {
  const info = metricInfo(metric);
  const box = document.createElement("div");
  box.className = "chart"; box.dataset.points = "0"; box.dataset.metric = metric;
  box.innerHTML = `<h3>${esc(info.label)} <span class="unit">${esc(info.unit)}</span></h3>`;
  el.appendChild(box);
  const opts = {
    width: Math.max(300, box.clientWidth - 12), height: 220, legend: { show: false }, series: [{}, ...series], bands,
    scales: { x: { time: false }, y: info.unit_interval ? { range: [0, 1] } : {} },
    axes: [
      { label: tickLabel, labelSize: 18, incrs: [1, 2, 5, 10, 13, 26, 52, 104, 260, 520, 1040] },
      { label: shortUnit(info), labelSize: 18, size: 56, values: (u, vals) => vals.map(v => info.count ? v.toLocaleString("en") : +v.toFixed(2)) },
    ],
  };
  const plot = new uPlot(opts, [[], ...series.map(() => [])], box);
  const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(300, box.clientWidth - 12), height: 220 }));
  resize.observe(box);
  cleanup.push(() => resize.disconnect());
  return { box, plot, metric };
}

/**
 * The run view's charts: per metric the nation (bold), the provinces as a band (min–max, lighter, and
 * interquartile range, darker), and up to MAX_HIGHLIGHTS highlighted provinces in Okabe–Ito colours.
 */
function bandCharts(el, model, metrics, highlights, tickLabel) {
  el.innerHTML = "";
  const series = [
    { label: "nation", stroke: NATION_COLOR, width: 2.5, spanGaps: true, points: { show: false } },
    ...["min", "max", "q1", "q3"].map(label => ({ label, stroke: "transparent", width: 0, points: { show: false }, spanGaps: true })),
    ...highlights.map((p, i) => ({ label: p, stroke: OKABE_ITO[i], width: 1.6, spanGaps: true, points: { show: false } })),
  ];
  const bands = model.provinces.length > 1 ? [
    { series: [3, 2], fill: "rgba(29,47,79,0.10)" },
    { series: [5, 4], fill: "rgba(29,47,79,0.24)" },
  ] : [];
  // Per chart the columns drawn so far: a redraw computes the new ticks only (a tick's band sorts every province).
  const charts = metrics.map(m => ({ ...chartBox(el, m, series, bands, tickLabel), cols: [[], [], [], [], [], [], ...highlights.map(() => [])] }));
  function redraw() {
    const ticks = model.ticks;
    for (const c of charts) {
      const from = model.since(c.cols[0].length);
      for (const col of c.cols) col.length = from;
      const [xs, nation, mins, maxs, q1s, q3s, ...hi] = c.cols;
      for (let k = from; k < ticks.length; k++) {
        const t = ticks[k], rows = model.rows.get(t);
        xs.push(t);
        nation.push(rows.get("nation")?.[c.metric] ?? null);
        const vals = model.provinces.map(p => rows.get(p)?.[c.metric]).filter(v => v != null).sort((a, b) => a - b);
        mins.push(vals.length ? vals[0] : null); maxs.push(vals.length ? vals[vals.length - 1] : null);
        q1s.push(vals.length ? quantile(vals, 0.25) : null); q3s.push(vals.length ? quantile(vals, 0.75) : null);
        highlights.forEach((p, i) => hi[i].push(rows.get(p)?.[c.metric] ?? null));
      }
      c.plot.setData(c.cols.map(col => col.slice()));
      c.box.dataset.points = String(ticks.length);
      c.box.dataset.band = model.provinces.length > 1 && ticks.length ? `${mins[mins.length - 1]}..${maxs[maxs.length - 1]}` : "";
    }
  }
  return { redraw };
}

/** The compare view's charts: one line per run (nation level); bold only for the chosen baseline. */
function lineCharts(el, model, metrics, labels, baseline, tickLabel) {
  el.innerHTML = "";
  const series = model.keys.map((k, i) => ({
    label: labels[i], stroke: OKABE_ITO[i % OKABE_ITO.length], width: k === baseline ? 3 : 1.6, spanGaps: true, points: { show: false },
  }));
  const charts = metrics.map(m => chartBox(el, m, series, [], tickLabel));
  function redraw() {
    for (const c of charts) {
      c.plot.setData([model.ticks.slice(), ...model.keys.map(k => model.ticks.map(t => model.rows.get(t)?.get(k)?.[c.metric] ?? null))]);
      c.box.dataset.points = String(model.ticks.length);
    }
  }
  return { redraw, series };
}

/**
 * Rows by tick and key (scope or run), redrawn at most once per animation frame and, when drawing is slow,
 * less often: after a redraw that took d ms the next waits 4·d ms, so drawing takes at most a fifth of the
 * page's time however fast the run's ticks come (a `small` run streams ~1,000 ticks a second; redrawing on
 * each left the page thousands of ticks behind and deaf to clicks). The last tick is always drawn: a tick
 * that arrives while a redraw waits is drawn by it. model.since(n) tells a redraw whether the ticks it drew
 * (the first n) are still the first n: ticks normally arrive in order and are appended.
 */
function seriesModel(onChange) {
  const model = { ticks: [], rows: new Map(), provinces: [], keys: [] };
  let pending = false, reordered = Infinity, notBefore = 0;
  model.add = (tick, key, row) => {
    if (!model.rows.has(tick)) {
      model.rows.set(tick, new Map());
      const ticks = model.ticks;
      if (!ticks.length || tick > ticks[ticks.length - 1]) ticks.push(tick);
      else {
        let lo = 0, hi = ticks.length;
        while (lo < hi) { const mid = (lo + hi) >> 1; if (ticks[mid] < tick) lo = mid + 1; else hi = mid; }
        ticks.splice(lo, 0, tick);
        reordered = Math.min(reordered, lo);
      }
    }
    model.rows.get(tick).set(key, row);
    if (!pending) { pending = true; setTimeout(() => requestAnimationFrame(draw), Math.max(0, notBefore - performance.now())); }
  };
  /** The index of the first tick a redraw must (re)compute, given that it drew the first drawn ones. */
  model.since = drawn => { const from = Math.min(drawn, reordered); return from; };
  function draw() {
    pending = false;
    const start = performance.now();
    onChange();
    reordered = Infinity;
    const end = performance.now();
    notBefore = end + 4 * (end - start);
  }
  return model;
}

/** Follows a run's metrics over SSE; calls onTick(tick, rows) once per tick, onEnd(status) at the end. */
function follow(runId, onTick, onEnd) {
  const seen = new Set();
  const source = new EventSource(`/api/runs/${encodeURIComponent(runId)}/metrics`);
  source.addEventListener("metric", e => {
    const d = JSON.parse(e.data);
    if (seen.has(d.tick)) return;
    seen.add(d.tick); onTick(d.tick, d.rows, d);
  });
  source.addEventListener("status", e => { source.close(); onEnd && onEnd(JSON.parse(e.data)); });
  cleanup.push(() => source.close());
  return source;
}

/** The y axis's label: the unit in a few characters (the chart's title carries it in full). */
function shortUnit(info) {
  if (info.unit_interval) return "0–1";
  return info.unit.replace(/^cumulative /, "").replace(/^messages /, "");
}

function tickLabelOf(scenario) { return scenario.ticks_per_year === 52 ? "tick (week)" : "tick"; }

// ---- map ------------------------------------------------------------------------------------
const normal = s => String(s).toLowerCase().replace(/[^a-z]/g, "");
function tileOf(province) {
  const n = normal(province);
  return CHINA_TILES.find(t => normal(t[3]) === n || t[4].includes(n)) || null;
}
function viridis(x) {
  const t = Math.min(1, Math.max(0, x)) * (VIRIDIS.length - 1), i = Math.min(VIRIDIS.length - 2, Math.floor(t)), f = t - i;
  const a = VIRIDIS[i].match(/\w\w/g).map(h => parseInt(h, 16)), b = VIRIDIS[i + 1].match(/\w\w/g).map(h => parseInt(h, 16));
  return `rgb(${a.map((v, k) => Math.round(v + (b[k] - v) * f)).join(", ")})`;
}

/** Tile map of the provinces coloured by one metric at one tick; provinces without a tile are listed beside it. */
function provinceMap(el, model, provinces, onPick) {
  const placed = provinces.map((p, i) => ({ name: p, index: i, tile: tileOf(p) }));
  const off = placed.filter(p => !p.tile);
  const metricOptions = METRICS.map(m => `<option value="${esc(m.name)}">${esc(m.label)}</option>`).join("");
  el.innerHTML = `
    <div class="map-controls">
      <label>colour by <select id="map-metric">${metricOptions}</select></label>
      <label>tick <input id="map-tick" type="range" min="0" max="0" value="0"> <span id="map-tick-label">–</span></label>
      <label><input id="map-follow" type="checkbox" checked> follow the latest tick</label>
    </div>
    <div class="map-body">
      <div class="map-grid" id="map-grid" ${placed.some(p => p.tile) ? "" : "hidden"}>${placed.filter(p => p.tile).map(p => `
        <button class="tile" data-province="${esc(p.name)}" data-index="${p.index}" style="grid-row:${p.tile[1]};grid-column:${p.tile[2]}"
          title="${esc(p.tile[3])}"><b>${esc(p.tile[0])}</b><span class="v"></span></button>`).join("")}</div>
      <div class="map-side">
        <div class="legend" id="map-legend"></div>
        ${off.length ? `<h4>Not on the map (no tile of China's provinces has these names)</h4><table id="map-unplaced"><tbody>${off.map(p =>
          `<tr data-province="${esc(p.name)}"><td><button class="link" data-index="${p.index}">${esc(p.name)}</button></td><td class="v">–</td></tr>`).join("")}</tbody></table>` : ""}
        <p class="muted">Layout: geofacet's china_prov_grid1 (<a href="/static/china-tiles.LICENSE.txt">MIT</a>). Click a province for its drill-down.</p>
      </div>
    </div>`;
  $("#map-metric").value = "cloud_adoption";
  el.querySelectorAll("button[data-index]").forEach(b => b.addEventListener("click", () => onPick(Number(b.dataset.index), provinces[Number(b.dataset.index)])));
  const slider = $("#map-tick"), follow = $("#map-follow");
  slider.addEventListener("input", () => { follow.checked = false; draw(); });
  follow.addEventListener("change", draw);
  $("#map-metric").addEventListener("change", draw);
  function draw() {
    const ticks = model.ticks;
    if (!ticks.length || !$("#map-legend")) return;
    slider.max = String(ticks[ticks.length - 1]);
    if (follow.checked) slider.value = slider.max;
    const tick = Number(slider.value), info = metricInfo($("#map-metric").value);
    $("#map-tick-label").textContent = String(tick);
    const rows = model.rows.get(tick) || new Map();
    const values = provinces.map(p => rows.get(p)?.[info.name]).filter(v => v != null);
    const lo = info.unit_interval ? 0 : Math.min(...values), hi = info.unit_interval ? 1 : Math.max(...values);
    const scale = v => hi > lo ? (v - lo) / (hi - lo) : 0.5;
    for (const p of placed) {
      const v = rows.get(p.name)?.[info.name];
      const cell = el.querySelector(`[data-province="${CSS.escape(p.name)}"]`);
      if (!cell) continue;
      cell.querySelector(".v").textContent = fmt(v, info.count);
      cell.dataset.value = v == null ? "" : String(v);
      if (p.tile) {
        cell.style.background = v == null ? "#e7eaf0" : viridis(scale(v));
        cell.style.color = v != null && scale(v) > 0.6 ? "#111" : (v == null ? "#556" : "#fff");
        cell.title = `${p.name}: ${info.label} ${fmt(v, info.count)} at tick ${tick}`;
      }
    }
    const stops = VIRIDIS.map((c, i) => `${c} ${Math.round(100 * i / (VIRIDIS.length - 1))}%`).join(", ");
    $("#map-legend").innerHTML = `<div class="muted">${esc(info.label)} (${esc(info.unit)}), tick ${tick}</div>
      <div class="ramp" style="background:linear-gradient(to right, ${stops})"></div>
      <div class="ramp-labels"><span>${fmt(values.length ? lo : null, info.count)}</span><span>${fmt(values.length ? (lo + hi) / 2 : null, info.count)}</span><span>${fmt(values.length ? hi : null, info.count)}</span></div>`;
  }
  return { draw };
}

// ---- runs list -----------------------------------------------------------------------------
async function showRuns(view, left) {
  view.innerHTML = `
    <section><h2>Start a run</h2>
      <form class="inline" id="start-form">
        <label>preset <select id="start-preset"></select></label>
        <label>or scenario file <input id="start-file" type="file" accept=".yaml,.yml"></label>
        <label>seed <input id="start-seed" type="number" min="0" placeholder="scenario's"></label>
        <label>ticks <input id="start-ticks" type="number" min="1" placeholder="scenario's"></label>
        <label><span>start paused</span><input id="start-paused" type="checkbox"></label>
        <button class="primary" id="start-button" type="submit">Start</button>
        <button id="start-modes" type="button" title="authority, loose, cooperative and collaborative presets with one seed, side by side">Start the four modes</button>
      </form>
    </section>
    <section><h2>Runs</h2>
      <table id="runs-table"><thead><tr><th>run</th><th>source</th><th>status</th><th>scenario</th><th>mode</th>
        <th>dials (v, h)</th><th>tick</th><th title="agents × ticks ÷ seconds">agent-ticks/s</th><th>started (UTC)</th><th>compare</th></tr></thead><tbody></tbody></table>
      <p><button id="compare-selected">Compare selected</button></p>
    </section>`;
  const presets = await api("GET", "/api/presets");
  if (left()) return;
  $("#start-preset").innerHTML = presets.map(p => `<option value="${esc(p.name)}" title="${esc(p.description)}">${esc(p.name)}</option>`).join("");
  $("#start-preset").value = presets.some(p => p.name === "small") ? "small" : presets[0]?.name;
  const numberOrNull = id => { const v = $(id).value.trim(); return v === "" ? null : Number(v); };
  $("#start-form").addEventListener("submit", guard(async e => {
    e.preventDefault();
    const file = $("#start-file").files[0];
    const body = { seed: numberOrNull("#start-seed"), ticks: numberOrNull("#start-ticks"), paused: $("#start-paused").checked };
    if (file) { body.yaml = await file.text(); } else { body.preset = $("#start-preset").value; }
    const started = await api("POST", "/api/runs", body);
    location.hash = `#/run/${encodeURIComponent(started.run.run_id)}`;
  }));
  $("#start-modes").addEventListener("click", guard(async () => {
    const seed = numberOrNull("#start-seed"), ticks = numberOrNull("#start-ticks");
    const ids = [];
    for (const preset of ["authority", "loose", "cooperative", "collaborative"]) {
      ids.push((await api("POST", "/api/runs", { preset, seed, ticks })).run.run_id);
    }
    location.hash = `#/compare/${ids.map(encodeURIComponent).join(",")}`;
  }));
  $("#compare-selected").addEventListener("click", () => {
    const ids = [...document.querySelectorAll("#runs-table input:checked")].map(c => c.value);
    location.hash = `#/compare/${ids.map(encodeURIComponent).join(",")}`;
  });
  every(2000, guard(async () => {
    const runs = await api("GET", "/api/runs");
    const checked = new Set([...document.querySelectorAll("#runs-table input:checked")].map(c => c.value));
    const body = $("#runs-table tbody");
    if (!body) return;
    body.innerHTML = runs.length === 0 ? `<tr><td colspan="10" class="muted">No runs yet.</td></tr>` : runs.map(r => `
      <tr data-run="${esc(r.run_id)}"><td><a href="#/run/${encodeURIComponent(r.run_id)}">${esc(r.run_id)}</a></td><td>${esc(r.source)}</td>
      <td><span class="status ${esc(r.status)}">${esc(r.status)}</span>${r.error ? ` <span class="error">${esc(r.error)}</span>` : ""}</td>
      <td>${esc(r.scenario)}</td><td>${esc(r.mode ?? "")}</td><td>${fmt(r.dials.vertical)}, ${fmt(r.dials.horizontal)}</td>
      <td>${r.ticks_done.toLocaleString("en")} / ${r.total_ticks.toLocaleString("en")}</td><td class="rate">${fmtRate(r.agent_ticks_per_second)}</td>
      <td>${r.started_utc ? esc(r.started_utc.replace("T", " ").slice(0, 19)) : ""}</td>
      <td><input type="checkbox" value="${esc(r.run_id)}" ${checked.has(r.run_id) ? "checked" : ""}></td></tr>`).join("");
  }));
}

// ---- one run -------------------------------------------------------------------------------
async function showRun(view, runId, left) {
  const detail = await api("GET", `/api/runs/${encodeURIComponent(runId)}`);
  if (left()) return;
  const scenario = detail.scenario, onCluster = detail.run.source === "cluster";
  const provinces = scenario.provinces.map(p => p.name);
  const tickLabel = tickLabelOf(scenario);
  view.innerHTML = `
    <section><div class="runbar">
      <h2 style="margin:0">${esc(runId)}</h2><span id="run-status" class="status"></span>
      <span class="tick">tick <span id="run-tick">0</span> / ${detail.run.total_ticks.toLocaleString("en")}</span>
      <span class="muted">${esc(scenario.name)} · mode ${esc(scenario.mode ?? "custom")} · seed ${scenario.seed} · ${detail.run.agents.toLocaleString("en")} agents</span>
      <span id="run-rate" class="muted"></span><span id="run-error" class="error"></span>
      ${onCluster ? `<span style="margin-left:auto"><button id="btn-pause">Pause</button> <button id="btn-resume">Resume</button> <button id="btn-cancel">Cancel</button></span>` : ""}
    </div></section>
    ${onCluster ? `<section><h2>Intervene at the next tick</h2><form class="inline" id="intervene-form">
      <label>event <select id="iv-event">${Object.keys(EVENTS).map(e => `<option>${e}</option>`).join("")}</select></label>
      <label data-field="province">province <select id="iv-province"><option value="">(all)</option>${provinces.map(p => `<option>${esc(p)}</option>`).join("")}</select></label>
      <label data-field="lever">lever <select id="iv-lever">${LEVERS.map(l => `<option>${l}</option>`).join("")}</select></label>
      <label data-field="value">value <input id="iv-value" type="number" min="0" max="1" step="0.05" value="0.5"></label>
      <label data-field="vertical">vertical <input id="iv-vertical" type="number" min="0" max="1" step="0.05" value="0.8"></label>
      <label data-field="horizontal">horizontal <input id="iv-horizontal" type="number" min="0" max="1" step="0.05" value="0.8"></label>
      <button class="primary" type="submit" id="iv-apply">Apply</button></form>
      <p class="muted" id="timeline"></p></section>` : ""}
    <section><h2>Provinces on the map</h2><div id="map"></div></section>
    <section><h2>Metrics</h2>
      <div class="chart-controls">
        <span class="key"><i style="border-top:3px solid ${NATION_COLOR}"></i> nation</span>
        ${provinces.length > 1 ? `<span class="key"><i class="band-key"></i> provinces: interquartile range (dark) and min–max (light)</span>` : ""}
        <span id="highlight-keys"></span>
        <label>highlight provinces (up to ${MAX_HIGHLIGHTS}) <select id="highlight" multiple size="3">${provinces.map(p => `<option>${esc(p)}</option>`).join("")}</select></label>
        <label><input id="all-metrics" type="checkbox"> all metrics</label>
      </div>
      <div class="charts" id="charts"></div></section>
    <section><h2>Drill-down <span class="muted">(read from the grains on demand)</span> <button id="drill-refresh">Refresh</button></h2>
      <div class="crumbs" id="drill-crumbs"></div><div class="drill" id="drill"></div></section>`;

  let highlights = provinces.length <= MAX_HIGHLIGHTS && provinces.length > 1 ? [] : [];
  let charts;
  const model = seriesModel(() => { charts.redraw(); map.draw(); });
  model.provinces = provinces;
  const metricsShown = () => METRICS.filter(m => $("#all-metrics").checked || m.key).map(m => m.name);
  const rebuild = () => {
    charts = bandCharts($("#charts"), model, metricsShown(), highlights, tickLabel);
    $("#highlight-keys").innerHTML = highlights.map((p, i) => `<span class="key"><i style="border-top:3px solid ${OKABE_ITO[i]}"></i> ${esc(p)}</span>`).join("");
    charts.redraw();
  };
  const map = provinceMap($("#map"), model, provinces, (index, name) => {
    drill(runId, [{ id: "nation", label: "nation" }, { id: `p${index}.gov.0`, label: name }], live);
    $("#drill").scrollIntoView({ behavior: "smooth" });
  });
  rebuild();
  $("#highlight").addEventListener("change", () => {
    const chosen = [...$("#highlight").selectedOptions].map(o => o.value);
    if (chosen.length > MAX_HIGHLIGHTS) { say(`at most ${MAX_HIGHLIGHTS} highlighted provinces: the first ${MAX_HIGHLIGHTS} are shown`); }
    highlights = chosen.slice(0, MAX_HIGHLIGHTS);
    rebuild();
  });
  $("#all-metrics").addEventListener("change", rebuild);
  follow(runId, (tick, rows) => { for (const row of rows) model.add(tick, row.scope, row); });

  let live = onCluster && !FINISHED.has(detail.run.status);
  const showTimeline = s => { const t = $("#timeline"); if (t) t.textContent = "timeline: " + (s.timeline.map(e => `t${e.tick} ${e.kind.replace(/_/g, "-")}`).join(", ") || "none"); };
  showTimeline(scenario);
  const setEnded = ended => {
    for (const el of document.querySelectorAll("#btn-pause, #btn-resume, #btn-cancel, #intervene-form select, #intervene-form input, #intervene-form button")) {
      el.disabled = ended;
    }
    const form = $("#intervene-form");
    if (form) form.title = ended ? "the run has ended: nothing can be changed" : "";
  };
  every(1000, guard(async () => {
    const d = await api("GET", `/api/runs/${encodeURIComponent(runId)}`);
    if (!$("#run-status")) return;
    $("#run-status").textContent = d.run.status; $("#run-status").className = `status ${d.run.status}`;
    $("#run-tick").textContent = String(d.run.ticks_done);
    $("#run-rate").textContent = d.run.agent_ticks_per_second ? `${fmtRate(d.run.agent_ticks_per_second)} agent-ticks/s` : "";
    $("#run-error").textContent = d.run.error ?? "";
    showTimeline(d.scenario);
    live = onCluster && !FINISHED.has(d.run.status);
    setEnded(!live);
  }));
  if (onCluster) {
    for (const verb of ["pause", "resume", "cancel"]) {
      $(`#btn-${verb}`).addEventListener("click", guard(async () => { await api("POST", `/api/runs/${encodeURIComponent(runId)}/${verb}`); say(`${verb} sent`, true); }));
    }
    const fields = () => { const ev = $("#iv-event").value; document.querySelectorAll("#intervene-form [data-field]").forEach(l => l.hidden = !EVENTS[ev].includes(l.dataset.field)); };
    $("#iv-event").addEventListener("change", fields); fields();
    $("#intervene-form").addEventListener("submit", guard(async e => {
      e.preventDefault();
      const ev = $("#iv-event").value, body = { event: ev };
      for (const f of EVENTS[ev]) {
        const v = $(`#iv-${f}`).value;
        if (f === "province" || f === "lever") { if (v) body[f] = v; } else body[f] = Number(v);
      }
      const r = await api("POST", `/api/runs/${encodeURIComponent(runId)}/interventions`, body);
      say(`${r.event} recorded at tick ${r.tick}`, true);
    }));
  }
  drill(runId, [{ id: "nation", label: "nation" }], live);
  $("#drill-refresh").addEventListener("click", () => drill(runId, currentPath, live));
  // The drill-down follows the run while it is live.
  every(3000, () => { if (live && $("#drill") && document.visibilityState === "visible") drill(runId, currentPath, live, true); });
}

// ---- drill-down ----------------------------------------------------------------------------
let currentPath = [{ id: "nation", label: "nation" }];
async function drill(runId, path, live, quiet) {
  currentPath = path;
  const key = path[path.length - 1].id, base = `/api/runs/${encodeURIComponent(runId)}/agents/`;
  const crumbs = $("#drill-crumbs"), box = $("#drill");
  if (!crumbs || !box) return;
  try {
    const gov = await api("GET", base + encodeURIComponent(key));
    if (currentPath !== path) return; // another drill started meanwhile
    crumbs.innerHTML = path.map((p, i) => `<button data-depth="${i}" title="${esc(p.id)}">${esc(p.label)}</button>`).join(" › ");
    crumbs.querySelectorAll("button").forEach(b => b.addEventListener("click", () => drill(runId, path.slice(0, Number(b.dataset.depth) + 1), live)));
    const units = gov.children.filter(c => c.kind !== "government");
    const govs = gov.children.filter(c => c.kind === "government");
    const states = [];
    for (let i = 0; i < units.length; i += 8) {   // every unit, 8 requests at a time
      states.push(...await Promise.all(units.slice(i, i + 8).map(u => api("GET", base + encodeURIComponent(u.id)).then(v => ({ u, v })))));
    }
    if (currentPath !== path) return;
    const keys = [...new Set(states.flatMap(s => Object.keys(s.v.state)))];
    const title = path[path.length - 1].label;
    box.innerHTML = `
      <div><h3 id="drill-title" data-id="${esc(gov.id)}">${esc(title)} <span class="muted">${esc(gov.level)} government${gov.active ? `, after ${gov.ticks_done} ticks` : ""}</span></h3>
        ${gov.active ? stateTable(gov.state) : `<p class="muted">No state held: the run has not stepped this government yet, or has ended and released its grains.</p>`}
        ${govs.length ? `<h3>${govs.length} lower governments</h3><div class="children" id="drill-children">${govs.map(g => `<button data-id="${esc(g.id)}" data-label="${esc(g.label)}">${esc(g.label)}</button>`).join("")}</div>` : ""}
      </div>
      <div><h3>Departments and other units (${units.length}, all listed)</h3>
        ${keys.length ? `<table id="drill-units"><thead><tr><th>unit</th>${keys.map(k => `<th>${esc(k.replace(/_/g, " "))}</th>`).join("")}</tr></thead><tbody>
          ${states.map(s => `<tr><td>${esc(s.u.label)}</td>${keys.map(k => `<td>${fmtState(k, s.v.state[k])}</td>`).join("")}</tr>`).join("")}</tbody></table>`
          : `<p class="muted">${units.length ? "No unit state held (not stepped yet, or the run has ended and released its grains)." : "This government hosts no units."}</p>`}
      </div>`;
    box.querySelectorAll("#drill-children button").forEach(b => b.addEventListener("click", () => drill(runId, [...path, { id: b.dataset.id, label: b.dataset.label }], live)));
  } catch (e) { if (!quiet) box.innerHTML = `<p class="error">${esc(e.message)}</p>`; }
}
function stateTable(state) {
  return `<table class="state"><tbody>${Object.entries(state).map(([k, v]) => `<tr><th>${esc(k.replace(/_/g, " "))}</th><td>${fmtState(k, v)}</td></tr>`).join("")}</tbody></table>`;
}

// ---- compare -------------------------------------------------------------------------------
async function showCompare(view, ids, left) {
  if (ids.length === 0) {
    view.innerHTML = `<section><h2>Compare runs</h2><p class="muted">Select runs in the <a href="#/runs">runs list</a> and press "Compare selected", or start the four governance modes there.</p></section>`;
    return;
  }
  const details = await Promise.all(ids.map(id => api("GET", `/api/runs/${encodeURIComponent(id)}`)));
  if (left()) return;
  const labels = details.map(d => `${d.scenario.mode ?? d.scenario.name} (${d.run.run_id})`);
  view.innerHTML = `<section><h2>Compare: nation-level metrics, one line per run</h2>
    <div class="chart-controls"><span id="compare-keys"></span>
      <label>baseline <select id="compare-baseline"><option value="">none</option>${ids.map((id, i) => `<option value="${esc(id)}">${esc(labels[i])}</option>`).join("")}</select></label>
      <label><input id="all-metrics" type="checkbox"> all metrics</label></div>
    <p class="muted" id="compare-ticks"></p><div class="charts" id="charts"></div></section>`;
  let charts;
  const model = seriesModel(() => charts.redraw());
  model.keys = ids;
  const rebuild = () => {
    const baseline = $("#compare-baseline").value;
    charts = lineCharts($("#charts"), model, METRICS.filter(m => $("#all-metrics").checked || m.key).map(m => m.name), labels, baseline, tickLabelOf(details[0].scenario));
    $("#compare-keys").innerHTML = charts.series.map(s => `<span class="key"><i style="border-top:${s.width}px solid ${s.stroke}"></i> ${esc(s.label)}</span>`).join("");
    charts.redraw();
  };
  rebuild();
  $("#compare-baseline").addEventListener("change", rebuild);
  $("#all-metrics").addEventListener("change", rebuild);
  const done = ids.map(() => 0);
  const show = () => { const t = $("#compare-ticks"); if (t) t.textContent = details.map((d, i) => `${labels[i]}: ${done[i]} / ${d.run.total_ticks}`).join(" · "); };
  show();
  ids.forEach((id, i) => follow(id, (tick, rows) => {
    const nation = rows.find(r => r.scope === "nation");
    if (nation) model.add(tick, id, nation);
    done[i] = Math.max(done[i], tick + 1); show();
  }));
}

// ---- routing -------------------------------------------------------------------------------
async function route() {
  const mine = ++shown, left = () => mine !== shown;
  cleanup.forEach(c => c()); cleanup = [];
  const view = $("#view"), hash = location.hash || "#/runs";
  document.querySelectorAll("header nav a").forEach(a => a.classList.toggle("active", hash.startsWith(a.getAttribute("href"))));
  try {
    if (METRICS.length === 0) METRICS = await api("GET", "/api/metrics");
    if (left()) return;
    let m;
    if ((m = hash.match(/^#\/run\/(.+)$/))) { await showRun(view, decodeURIComponent(m[1]), left); }
    else if ((m = hash.match(/^#\/compare\/?(.*)$/))) { await showCompare(view, m[1] ? m[1].split(",").map(decodeURIComponent) : [], left); }
    else { await showRuns(view, left); }
  } catch (e) { if (!left()) view.innerHTML = `<section><p class="error">${esc(e.message)}</p></section>`; }
}
window.addEventListener("hashchange", route);
route();
