// OrleansGov dashboard page: runs list, run view (live charts over SSE, steering, drill-down), compare view.
// Plain JavaScript, no build step; charts by the vendored uPlot.
"use strict";

const METRICS = [
  ["cloud_adoption", "Cloud adoption"], ["share_within_rate", "Data sharing within a government"],
  ["share_region_rate", "Data sharing across regions"], ["share_province_rate", "Data sharing across provinces"],
  ["fragmentation", "Fragmentation"], ["leader_attention", "Leader attention"],
  ["directive_compliance", "Directive compliance"], ["service_quality", "Service quality"],
  ["citizen_satisfaction", "Citizen satisfaction"],
];
const COLORS = ["#1d2f4f", "#d1495b", "#00798c", "#edae49", "#66a182", "#8d6cab", "#e07a5f", "#3d5a80", "#9c6644", "#52796f"];
const EVENTS = {
  "appoint-national-chief": [], "dismiss-national-chief": [], "set-dials": ["vertical", "horizontal"],
  "set-lever": ["lever", "value"], "attention-shift": ["province", "value"], "upgrade-office": ["province"],
};
const LEVERS = ["national-chief", "accountability", "linkage", "outsourcing", "participation"];

let cleanup = [];            // closers of the current view (event sources, timers)
const $ = (sel, root = document) => root.querySelector(sel);
const esc = s => String(s ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const fmt = v => v == null ? "–" : (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString("en") : Number(v).toFixed(3));

// ---- token and API -------------------------------------------------------------------------
(function takeToken() {
  const m = location.hash.match(/token=([0-9a-zA-Z_-]+)/);
  if (m) { sessionStorage.setItem("og-token", m[1]); history.replaceState(null, "", location.pathname + "#/runs"); }
  const input = $("#token");
  input.value = sessionStorage.getItem("og-token") || "";
  input.addEventListener("change", () => sessionStorage.setItem("og-token", input.value.trim()));
})();

async function api(method, url, body) {
  const headers = { "Accept": "application/json" };
  if (method !== "GET") { headers["X-OrleansGov-Token"] = sessionStorage.getItem("og-token") || ""; }
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

function every(ms, fn) { fn(); const id = setInterval(fn, ms); cleanup.push(() => clearInterval(id)); }

// ---- charts --------------------------------------------------------------------------------
function chart(el, title, labels) {
  const box = document.createElement("div");
  box.className = "chart"; box.dataset.points = "0";
  box.innerHTML = `<h3>${esc(title)}</h3>`;
  el.appendChild(box);
  const width = Math.max(360, box.clientWidth - 10);
  const opts = {
    width, height: 220, scales: { x: { time: false } }, legend: { live: false },
    series: [{ label: "tick" }, ...labels.map((l, i) => ({ label: l, stroke: COLORS[i % COLORS.length], width: i === 0 && labels.length > 2 ? 2.5 : 1.3, spanGaps: true }))],
    axes: [{ label: "tick" }, {}],
  };
  const plot = new uPlot(opts, [[], ...labels.map(() => [])], box);
  return { box, plot };
}

/** A set of charts, one per metric, each with one series per key (scope or run). */
function chartSet(el, keys, labels) {
  el.innerHTML = "";
  const ticks = [];                     // sorted tick numbers
  const values = new Map();             // metric -> key -> Map(tick -> value)
  const charts = METRICS.map(([m, t]) => ({ m, ...chart(el, t, labels || keys) }));
  let pending = false;
  function redraw() {
    pending = false;
    for (const c of charts) {
      const series = keys.map(k => ticks.map(t => values.get(c.m)?.get(k)?.get(t) ?? null));
      c.plot.setData([ticks.slice(), ...series]);
      c.box.dataset.points = String(ticks.length);
    }
  }
  return {
    add(key, tick, row) {
      if (!ticks.includes(tick)) { ticks.push(tick); ticks.sort((a, b) => a - b); }
      for (const [m] of METRICS) {
        if (!values.has(m)) values.set(m, new Map());
        const byKey = values.get(m);
        if (!byKey.has(key)) byKey.set(key, new Map());
        byKey.get(key).set(tick, row[m]);
      }
      if (!pending) { pending = true; requestAnimationFrame(redraw); }
    },
  };
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

// ---- runs list -----------------------------------------------------------------------------
async function showRuns(view) {
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
        <th>dials (v, h)</th><th>tick</th><th>agent-ticks/s</th><th>started (UTC)</th><th>compare</th></tr></thead><tbody></tbody></table>
      <p><button id="compare-selected">Compare selected</button></p>
    </section>`;
  const presets = await api("GET", "/api/presets");
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
      <td>${r.ticks_done} / ${r.total_ticks}</td><td>${fmt(r.agent_ticks_per_second)}</td>
      <td>${r.started_utc ? esc(r.started_utc.replace("T", " ").slice(0, 19)) : ""}</td>
      <td><input type="checkbox" value="${esc(r.run_id)}" ${checked.has(r.run_id) ? "checked" : ""}></td></tr>`).join("");
  }));
}

// ---- one run -------------------------------------------------------------------------------
async function showRun(view, runId) {
  const detail = await api("GET", `/api/runs/${encodeURIComponent(runId)}`);
  const scenario = detail.scenario, onCluster = detail.run.source === "cluster";
  const provinces = scenario.provinces.map(p => p.name);
  view.innerHTML = `
    <section><div class="runbar">
      <h2 style="margin:0">${esc(runId)}</h2><span id="run-status" class="status"></span>
      <span class="tick">tick <span id="run-tick">0</span> / ${detail.run.total_ticks}</span>
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
    <section><h2>Metrics: nation (bold) and provinces</h2><div class="charts" id="charts"></div></section>
    <section><h2>Drill-down <span class="muted">(read from the grains on demand)</span> <button id="drill-refresh">Refresh</button></h2>
      <div class="crumbs" id="drill-crumbs"></div><div class="drill" id="drill"></div></section>`;
  const charts = chartSet($("#charts"), ["nation", ...provinces]);
  let lastTick = 0;
  follow(runId, (tick, rows) => {
    for (const row of rows) charts.add(row.scope, tick, row);
    lastTick = Math.max(lastTick, tick + 1);
  });
  const showTimeline = s => { const t = $("#timeline"); if (t) t.textContent = "timeline: " + (s.timeline.map(e => `t${e.tick} ${e.kind.replace(/_/g, "-")}`).join(", ") || "none"); };
  showTimeline(scenario);
  every(1000, guard(async () => {
    const d = await api("GET", `/api/runs/${encodeURIComponent(runId)}`);
    if (!$("#run-status")) return;
    $("#run-status").textContent = d.run.status; $("#run-status").className = `status ${d.run.status}`;
    $("#run-tick").textContent = String(d.run.ticks_done);
    $("#run-rate").textContent = d.run.agent_ticks_per_second ? `${fmt(d.run.agent_ticks_per_second)} agent-ticks/s` : "";
    $("#run-error").textContent = d.run.error ?? "";
    showTimeline(d.scenario);
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
  drill(runId, ["nation"]);
  $("#drill-refresh").addEventListener("click", () => drill(runId, currentPath));
}

// ---- drill-down ----------------------------------------------------------------------------
let currentPath = ["nation"];
async function drill(runId, path) {
  currentPath = path;
  const key = path[path.length - 1], base = `/api/runs/${encodeURIComponent(runId)}/agents/`;
  const crumbs = $("#drill-crumbs"), box = $("#drill");
  try {
    const gov = await api("GET", base + encodeURIComponent(key));
    crumbs.innerHTML = path.map((p, i) => `<button data-depth="${i}">${esc(p)}</button>`).join(" › ");
    crumbs.querySelectorAll("button").forEach(b => b.addEventListener("click", () => drill(runId, path.slice(0, Number(b.dataset.depth) + 1))));
    const units = gov.children.filter(c => c.kind !== "government");
    const govs = gov.children.filter(c => c.kind === "government");
    const states = await Promise.all(units.slice(0, 40).map(u => api("GET", base + encodeURIComponent(u.id)).then(v => ({ u, v }))));
    const keys = [...new Set(states.flatMap(s => Object.keys(s.v.state)))];
    box.innerHTML = `
      <div><h3 id="drill-title">${esc(gov.id)} <span class="muted">${esc(gov.level)} government${gov.active ? `, after ${gov.ticks_done} ticks` : ""}</span></h3>
        ${gov.active ? stateTable(gov.state) : `<p class="muted">No state held: the run has not stepped this government yet, or has ended and released its grains.</p>`}
        ${govs.length ? `<h3>${govs.length} lower governments</h3><div class="children" id="drill-children">${govs.map(g => `<button data-id="${esc(g.id)}">${esc(g.label)} <span class="muted">${esc(g.id)}</span></button>`).join("")}</div>` : ""}
      </div>
      <div><h3>Departments and other units (${units.length})</h3>
        ${keys.length ? `<table id="drill-units"><thead><tr><th>unit</th>${keys.map(k => `<th>${esc(k)}</th>`).join("")}</tr></thead><tbody>
          ${states.map(s => `<tr><td>${esc(s.u.label)}</td>${keys.map(k => `<td>${fmt(s.v.state[k])}</td>`).join("")}</tr>`).join("")}</tbody></table>`
          : `<p class="muted">No unit state held.</p>`}
      </div>`;
    box.querySelectorAll("#drill-children button").forEach(b => b.addEventListener("click", () => drill(runId, [...path, b.dataset.id])));
  } catch (e) { box.innerHTML = `<p class="error">${esc(e.message)}</p>`; }
}
function stateTable(state) {
  return `<table class="state"><tbody>${Object.entries(state).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${fmt(v)}</td></tr>`).join("")}</tbody></table>`;
}

// ---- compare -------------------------------------------------------------------------------
async function showCompare(view, ids) {
  if (ids.length === 0) {
    view.innerHTML = `<section><h2>Compare runs</h2><p class="muted">Select runs in the <a href="#/runs">runs list</a> and press "Compare selected", or start the four governance modes there.</p></section>`;
    return;
  }
  const details = await Promise.all(ids.map(id => api("GET", `/api/runs/${encodeURIComponent(id)}`)));
  const labels = details.map(d => `${d.scenario.mode ?? d.scenario.name} (${d.run.run_id})`);
  view.innerHTML = `<section><h2>Compare: nation-level metrics, one line per run</h2>
    <p class="muted" id="compare-ticks"></p><div class="charts" id="charts"></div></section>`;
  const charts = chartSet($("#charts"), ids, labels);
  const done = ids.map(() => 0);
  const show = () => { const t = $("#compare-ticks"); if (t) t.textContent = details.map((d, i) => `${labels[i]}: ${done[i]} / ${d.run.total_ticks}`).join(" · "); };
  show();
  ids.forEach((id, i) => follow(id, (tick, rows) => {
    const nation = rows.find(r => r.scope === "nation");
    if (nation) charts.add(id, tick, nation);
    done[i] = Math.max(done[i], tick + 1); show();
  }));
}

// ---- routing -------------------------------------------------------------------------------
async function route() {
  cleanup.forEach(c => c()); cleanup = [];
  const view = $("#view"), hash = location.hash || "#/runs";
  document.querySelectorAll("header nav a").forEach(a => a.classList.toggle("active", hash.startsWith(a.getAttribute("href"))));
  try {
    let m;
    if ((m = hash.match(/^#\/run\/(.+)$/))) { await showRun(view, decodeURIComponent(m[1])); }
    else if ((m = hash.match(/^#\/compare\/?(.*)$/))) { await showCompare(view, m[1] ? m[1].split(",").map(decodeURIComponent) : []); }
    else { await showRuns(view); }
  } catch (e) { view.innerHTML = `<section><p class="error">${esc(e.message)}</p></section>`; }
}
window.addEventListener("hashchange", route);
route();
