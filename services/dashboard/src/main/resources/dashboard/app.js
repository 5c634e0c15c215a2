// Rebound live dashboard. Everything shown comes from the server's state (server-sent events);
// text from scenario files is inserted with textContent, never as HTML.
"use strict";
const $ = (id) => document.getElementById(id);
const fmt = (v) => {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  const a = Math.abs(v), units = ["", "k", "M", "G", "T", "P"];
  let i = 0, x = v;
  while (Math.abs(x) >= 999.5 && i < units.length - 1) { x /= 1000; i++; }
  const d = Math.abs(x) >= 99.95 ? 0 : Math.abs(x) >= 9.995 ? 1 : 2;
  return x.toFixed(d) + units[i];
};
const text = (el, value) => { el.textContent = value; return el; };
const cell = (row, value) => text(row.insertCell(), value);
let dailyChart = null, reboundChart = null, controlsFor = null, lastState = null;
const charts = {};
const COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]; // Okabe–Ito
const UNITS = { facility_energy_kwh: "kWh", co2e_kg: "kg CO₂e", water_l: "L" };
const quantity = () => $("quantity").value;
// "likely p5 – p95 · bounds low – high", or the bounds alone when the aggregate has no likely range
const ranges = (q, unit) => (q.p5 === null || q.p5 === undefined)
  ? `${fmt(q.low)} – ${fmt(q.high)}${unit}`
  : `likely ${fmt(q.p5)} – ${fmt(q.p95)} · bounds ${fmt(q.low)} – ${fmt(q.high)}${unit}`;

function render(state) {
  document.body.dataset.version = state.version;
  if (!state.run) return;
  text($("title"), state.title || state.scenario || state.run);
  text($("span"), `${state.start || ""} → ${state.end || ""} · simulated now ${(state.now || "").slice(0, 16).replace("T", " ")} · run ${state.run}`);
  text($("narrative"), state.narrative || "");
  const t = state.totals;
  if (t) {
    text($("requests"), fmt(t.requests));
    text($("energy"), fmt(t.facility_energy_kwh.central) + " kWh");
    text($("energy-range"), ranges(t.facility_energy_kwh, " kWh"));
    text($("co2e"), fmt(t.co2e_kg.central) + " kg");
    text($("co2e-range"), ranges(t.co2e_kg, " kg"));
    text($("water"), fmt(t.water_l.central) + " L");
    text($("water-range"), ranges(t.water_l, " L"));
  }
  const eq = $("equivalences"); eq.replaceChildren();
  (state.equivalences || []).forEach((e) => text(eq.appendChild(document.createElement("li")),
      `${fmt(e.central)} (${ranges(e, "")}) ${e.unit}`));
  lastState = state;
  renderDaily(state.daily || []);
  renderStack("chart-kind", state.stack_kind);
  renderStack("chart-datacentre", state.stack_datacentre);
  renderBeside(state);
  renderPeriods(state.periods || []);
  renderChange(state.change || null);
  renderDatacentres(state);
  renderChanges(state.changes || []);
  if (controlKey && state.controls && controlsFor !== state.run) { renderControls(state.controls); controlsFor = state.run; }
}

function renderDaily(days) {
  const q = quantity();
  text($("daily-heading"), `Per day: ${UNITS[q]} (central, likely p5–p95 band inside the low–high band)`);
  const x = days.map((d) => Date.parse(d.day + "T00:00:00Z") / 1000);
  const likely = (d, k) => (d[q][k] === null || d[q][k] === undefined ? null : d[q][k]);
  const data = [x, days.map((d) => d[q].low), days.map((d) => d[q].central), days.map((d) => d[q].high),
    days.map((d) => likely(d, "p5")), days.map((d) => likely(d, "p95"))];
  if (!dailyChart) {
    const span = () => [Date.parse(lastState.start) / 1000, Date.parse(lastState.end) / 1000];
    dailyChart = new uPlot({ width: 540, height: 260, scales: { x: { time: true, range: span } }, series: [{},
      { label: "low", stroke: "#9bb", dash: [4, 4] }, { label: "central", stroke: "#06c", width: 2 }, { label: "high", stroke: "#9bb", dash: [4, 4] },
      { label: "p5", stroke: "#69c", width: 1 }, { label: "p95", stroke: "#69c", width: 1 }],
      bands: [{ series: [3, 1], fill: "rgba(0,102,204,0.12)" }, { series: [5, 4], fill: "rgba(0,102,204,0.22)" }] }, data, $("chart-daily"));
  } else dailyChart.setData(data);
}

// Running totals stacked: series i is the sum of members i..n-1, each filled down to the next.
function renderStack(id, stack) {
  if (!stack || !stack.x || stack.x.length === 0) return;
  const q = quantity(), names = Object.keys(stack.members);
  const sums = names.map(() => new Array(stack.x.length).fill(0));
  for (let i = names.length - 1; i >= 0; i--) {
    const own = stack.members[names[i]][q];
    for (let j = 0; j < stack.x.length; j++) sums[i][j] = own[j] + (i + 1 < names.length ? sums[i + 1][j] : 0);
  }
  const key = id + "|" + names.join(",");
  if (!charts[id] || charts[id].key !== key) {
    if (charts[id]) charts[id].plot.destroy();
    const series = [{}].concat(names.map((n, i) => ({ label: n, stroke: COLOURS[i % COLOURS.length],
      fill: COLOURS[i % COLOURS.length] + "55", value: (u, v, si, idx) => idx == null ? "–" : fmt(stack.members[n][quantity()][idx]) })));
    charts[id] = { key, plot: new uPlot({ width: 540, height: 260, series, axes: [{}, { values: (u, ticks) => ticks.map(fmt) }] }, [stack.x].concat(sums), $(id)) };
  } else charts[id].plot.setData([stack.x].concat(sums));
}

function renderBeside(state) {
  const others = state.beside || [];
  $("beside-section").hidden = others.length === 0;
  if (others.length === 0) return;
  const all = [state].concat(others);
  const body = $("beside").tBodies[0]; body.replaceChildren();
  all.forEach((s) => {
    const row = body.insertRow(), t = s.totals;
    cell(row, s.title || s.run); cell(row, t ? fmt(t.requests) : "–");
    cell(row, t ? fmt(t.facility_energy_kwh.central) : "–"); cell(row, t ? fmt(t.co2e_kg.central) : "–"); cell(row, t ? fmt(t.water_l.central) : "–");
  });
  const periods = Math.max(...all.map((s) => (s.periods || []).length));
  const x = Array.from({ length: periods }, (_, i) => i + 1);
  const data = [x].concat(all.map((s) => x.map((p) => { const row = (s.periods || [])[p - 1]; return row ? row.energy_kwh_per_day : null; })));
  const key = all.map((s) => s.run).join(",");
  if (!charts.beside || charts.beside.key !== key) {
    if (charts.beside) charts.beside.plot.destroy();
    const series = [{ label: "period" }].concat(all.map((s, i) => ({ label: s.title || s.run, stroke: COLOURS[i % COLOURS.length], width: 2 })));
    charts.beside = { key, plot: new uPlot({ width: 540, height: 260, scales: { x: { time: false } }, series,
      axes: [{ label: "period" }, { values: (u, ticks) => ticks.map(fmt) }] }, data, $("chart-beside")) };
  } else charts.beside.plot.setData(data);
}

function renderPeriods(periods) {
  const body = $("periods").tBodies[0]; body.replaceChildren();
  periods.forEach((p) => {
    const row = body.insertRow();
    cell(row, p.start.endsWith("T00:00:00Z") ? p.start.slice(0, 10) : p.start.slice(0, 16).replace("T", " ")); cell(row, fmt(p.requests_per_day)); cell(row, fmt(p.wh_per_request)); cell(row, fmt(p.energy_kwh_per_day));
    const re = row.insertCell();
    if (p.rebound_effect === null) text(re, "–");
    else {
      // a period under way shows its sums so far, said so
      text(re, `${p.under_way ? "so far " : ""}${Math.round(100 * p.rebound_effect)} % `);
      if (p.backfire) re.appendChild(text(document.createElement("span"), "BACKFIRE")).className = "backfire";
    }
  });
  const data = [periods.map((p) => p.period + 1), periods.map((p) => p.wh_per_request), periods.map((p) => p.energy_kwh_per_day)];
  if (!reboundChart) {
    reboundChart = new uPlot({ width: 540, height: 260, scales: { x: { time: false } },
      axes: [{ label: "period" }, { label: "Wh/request", scale: "wh" }, { label: "kWh/day", scale: "kwh", side: 1 }],
      series: [{ label: "period" }, { label: "Wh per request", stroke: "#0a7", width: 2, scale: "wh" }, { label: "energy per day (kWh)", stroke: "#c50", width: 2, scale: "kwh" }] },
      data, $("chart-rebound"));
  } else reboundChart.setData(data);
}

// The decomposition of the change from the first period to the latest, as the report's waterfall:
// first total, +growth, +mix, −efficiency, +rebound, last total (signed values on the bars).
// (the page's inline <svg> gives the SVG namespace: nothing is fetched)
const svgEl = (name, attrs) => { const el = document.createElementNS($("chart-change").namespaceURI, name); Object.entries(attrs).forEach(([k, v]) => el.setAttribute(k, v)); return el; };
function renderChange(change) {
  const svg = $("chart-change");
  svg.replaceChildren();
  text($("change-sentence"), change ? (change.under_way ? "So far: " : "") + change.sentence : "After the first period: what growth, the mix, efficiency and the rebound changed.");
  if (!change) return;
  const steps = [["growth", change.activity], ["mix", change.mix], ["efficiency", change.intensity], ["rebound", change.rebound]];
  const bars = [[change.from, 0, change.from_kwh_per_day]];
  let level = change.from_kwh_per_day;
  steps.forEach(([label, delta]) => { bars.push([label, level, level + delta]); level += delta; });
  bars.push([change.to, 0, level]);
  const width = 540, height = 260, top = 30, bottom = 40, left = 10;
  const lo = Math.min(0, ...bars.map((b) => Math.min(b[1], b[2]))), hi = Math.max(...bars.map((b) => Math.max(b[1], b[2])));
  const y = (v) => top + (height - top - bottom) * (hi - v) / ((hi - lo) || 1);
  const slot = (width - left) / bars.length, w = slot * 0.6;
  svg.setAttribute("aria-label", change.sentence);
  svg.appendChild(svgEl("line", { x1: left, x2: width, y1: y(0), y2: y(0), stroke: "#333" }));
  bars.forEach(([label, from, to], i) => {
    const x = left + slot * i + (slot - w) / 2, total = i === 0 || i === bars.length - 1, delta = to - from;
    svg.appendChild(svgEl("rect", { x, y: y(Math.max(from, to)), width: w, height: Math.max(1, Math.abs(y(from) - y(to))),
      fill: total ? "#8fb8d8" : delta >= 0 ? "#D55E00" : "#009E73", stroke: "#222", "data-step": i }));
    const value = total ? `${fmt(to)} kWh` : `${delta >= 0 ? "+" : "−"}${fmt(Math.abs(delta))} kWh`;
    svg.appendChild(text(svgEl("text", { x: x + w / 2, y: y(Math.max(from, to)) - 5, "text-anchor": "middle", "font-size": 11 }), value));
    svg.appendChild(text(svgEl("text", { x: x + w / 2, y: height - bottom + 16, "text-anchor": "middle", "font-size": 11 }), label));
  });
}

function renderDatacentres(state) {
  const body = $("datacentres").tBodies[0]; body.replaceChildren();
  ((state.controls && state.controls.datacentres) || []).forEach((dc) => {
    const t = (state.by_datacentre || {})[dc.id];
    const row = body.insertRow();
    cell(row, dc.id); cell(row, dc.region); cell(row, fmt(dc.carbon_g_per_kwh_now)); cell(row, fmt(dc.pue));
    cell(row, t ? fmt(t.requests) : "–"); cell(row, t ? fmt(t.facility_energy_kwh.central) : "–");
    cell(row, t ? fmt(t.co2e_kg.central) : "–"); cell(row, t ? fmt(t.water_l.central) : "–");
  });
}

function renderChanges(changes) {
  const list = $("changes"); list.replaceChildren();
  changes.forEach((c) => text(list.appendChild(document.createElement("li")),
      `${c.at ? c.at.slice(0, 16) : "live"} ${c.note || ""} (${Object.entries(c.set).map(([k, v]) => k + " = " + v).join(", ")})`));
}

function slider(form, label, path, value, min, max, step, toValue, fromValue) {
  const wrap = form.appendChild(document.createElement("label"));
  text(wrap.appendChild(document.createElement("span")), label);
  const input = wrap.appendChild(document.createElement("input"));
  Object.assign(input, { type: "range", min, max, step, value: fromValue(value) });
  input.dataset.path = path;
  const out = wrap.appendChild(document.createElement("output"));
  text(out, fmt(value));
  input.addEventListener("input", () => text(out, fmt(toValue(+input.value))));
  input.addEventListener("change", () => send(path, toValue(+input.value)));
}

function renderControls(c) {
  const form = $("controls"); form.replaceChildren();
  slider(form, "requests per day", "workload.requests_per_day", c.requests_per_day, 3, 12, 0.05, (v) => Math.round(10 ** v), (v) => Math.log10(v));
  slider(form, "elasticity of demand", "workload.elasticity", c.elasticity, 0, 3, 0.05, (v) => v, (v) => v);
  c.kinds.forEach((k) => slider(form, `energy factor: ${k.name}`, `kinds.${k.name}.energy_factor`, k.energy_factor, 0.05, 2, 0.05, (v) => v, (v) => v));
  c.datacentres.forEach((d) => slider(form, `PUE: ${d.id}`, `datacentres.${d.id}.pue`, d.pue, 1, 2.5, 0.01, (v) => v, (v) => v));
}

// The facilitator's address carries the key (?key=…); the room's page has none and shows no control.
const controlKey = new URLSearchParams(location.search).get("key");
if (controlKey) $("controls-box").hidden = false;

async function send(path, value) {
  const response = await fetch("/api/set", { method: "POST",
    headers: { "Content-Type": "application/json", "Authorization": `Bearer ${controlKey}` },
    body: JSON.stringify({ set: { [path]: value }, note: `slider: ${path} = ${value}` }) });
  const body = await response.json();
  text($("control-result"), response.ok ? `sent: ${path} = ${value} (applies at the next tick)` : `refused: ${(body.problems || [body.error]).join("; ")}`);
}

$("quantity").addEventListener("change", () => { if (lastState) render(lastState); });
// live.js follows /events (the state once, then what changed) and calls render with the whole state each time.
import("/live.js").then((live) => live.start(render));
