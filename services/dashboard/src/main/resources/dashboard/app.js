// Rebound live dashboard. Everything shown comes from the server's state (render(state), called
// with the full state at every update); text from scenario files is inserted with textContent,
// never as HTML. The page's own text comes from /messages.json (English or French), numbers and
// dates from the browser's Intl formatters for that language.
"use strict";
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
// In a workshop (./rebound room) team K's page is /team/K: its state, events and changes are under that path.
const BASE = (location.pathname.match(/^\/team\/\d+/) || [""])[0];
// The facilitator's address carries the key (?key=…); the room's page has none and shows no control.
const controlKey = params.get("key");
// Out of sight once read: a projected address bar must not show the key to the room (a reload then
// needs the printed facilitator's address again).
if (controlKey) {
  params.delete("key");
  history.replaceState(null, "", location.pathname + (params.toString() ? "?" + params : "") + location.hash);
}

// ---- language: ?lang=, else the choice saved by the switch, else the browser's Accept-Language (server side)
const LANG_STORE = "rebound.lang";
const LOCALES = { en: "en-GB", fr: "fr-FR" };
let LANG = "en", MESSAGES = null;
const locale = () => LOCALES[LANG] || LANG;
/** The sentence `key` with its ${name} placeholders filled (a key with no sentence shows as itself). */
function t(key, vars) {
  const pattern = MESSAGES && MESSAGES[key] !== undefined ? MESSAGES[key] : key;
  return vars ? pattern.replace(/\$\{(\w+)\}/g, (m, name) => (vars[name] === undefined ? m : String(vars[name]))) : pattern;
}
/** An optional sentence (a kind's or an equivalence's name), else the fallback as given. */
const tOr = (key, fallback) => (MESSAGES && MESSAGES[key] !== undefined ? MESSAGES[key] : fallback);
const capitalise = (s) => s.charAt(0).toLocaleUpperCase(locale()) + s.slice(1);
const savedLang = () => { try { return localStorage.getItem(LANG_STORE); } catch (e) { return null; } };

// ---- numbers and dates, by the language's own rules (French: decimal comma, narrow no-break spaces)
const formatters = new Map();
const nf = (options) => {
  const key = locale() + JSON.stringify(options);
  if (!formatters.has(key)) formatters.set(key, new Intl.NumberFormat(locale(), options));
  return formatters.get(key);
};
const missing = (v) => v === null || v === undefined || Number.isNaN(v);
/** Before a unit: a narrow no-break space in French, a no-break space in English. */
const unitSpace = () => (LANG === "fr" ? "\u202f" : "\u00a0");
/** 3 significant digits, whole numbers grouped: 0,24 · 12,3 · 1 234 */
const num = (v) => missing(v) ? "–" : Math.abs(v) >= 1000 ? nf({ maximumFractionDigits: 0 }).format(v) : nf({ maximumSignificantDigits: 3 }).format(v);
/** Counts in short form: 240 k, 1,02 Md (fr) · 240k, 1.02bn (en). French says 10¹² "1 000 milliards": 5 980 Md, not "5,98 Bn". */
const count = (v) => missing(v) ? "–" : Math.abs(v) < 10000 ? num(v)
  : LANG === "fr" && Math.abs(v) >= 1e12 ? nf({ maximumSignificantDigits: 3 }).format(v / 1e9) + "\u00a0Md"
  : nf({ notation: "compact", maximumSignificantDigits: 3 }).format(v);
const percent = (v) => missing(v) ? "–" : nf({ style: "percent", maximumFractionDigits: 0 }).format(v);
// Each quantity in the unit that suits its size (SI prefixes for energy, tonnes of CO₂e, m³ of water).
const SCALES = {
  facility_energy_kwh: [[1e-3, "Wh"], [1, "kWh"], [1e3, "MWh"], [1e6, "GWh"], [1e9, "TWh"]],
  co2e_kg: [[1e-3, "g CO₂e"], [1, "kg CO₂e"], [1e3, "t CO₂e"], [1e6, "kt CO₂e"], [1e9, "Mt CO₂e"]],
  water_l: [[1, "L"], [1e3, "m³"], [1e9, "unit.million_m3"]],
  power_kw: [[1e-3, "W"], [1, "kW"], [1e3, "MW"], [1e6, "GW"]],
};
/** A unit as written in the language (only "million m³" needs words). */
const unitText = (unit) => (unit.startsWith("unit.") ? tOr(unit, unit) : unit);
function scaleFor(q, v) {
  const steps = SCALES[q], a = Math.abs(v || 0);
  let chosen = steps.find((s) => s[0] === 1) || steps[0];
  steps.forEach((s) => { if (a >= s[0] * 0.9995) chosen = s; });
  if (a > 0 && a < chosen[0]) chosen = steps[0];
  return { factor: chosen[0], unit: unitText(chosen[1]) };
}
/** ["1,23", "GWh"]: the number and its unit (the unit of `scale`, or the one that suits v). */
function qtyParts(q, v, scale) {
  if (missing(v)) return ["–", ""];
  const s = scale || scaleFor(q, v), x = v / s.factor;
  return [Math.abs(x) >= 1e6 ? count(x) : num(x), s.unit];
}
/** "1,23 GWh", "456 t CO₂e", "12 300 m³" */
const qty = (q, v, scale) => qtyParts(q, v, scale).join(unitSpace());
const signedQty = (q, v, scale) => (v >= 0 ? "+" : "−") + qty(q, Math.abs(v), scale);
const dateFormat = (options) => {
  const key = "d" + locale() + JSON.stringify(options);
  if (!formatters.has(key)) formatters.set(key, new Intl.DateTimeFormat(locale(), Object.assign({ timeZone: "UTC" }, options)));
  return formatters.get(key);
};
/** A time of day: 14 h 30 in French, 14:30 in English (the simulation's instants are UTC). */
function clock(ms) {
  const parts = dateFormat({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(ms);
  const hour = parts.find((p) => p.type === "hour").value, minute = parts.find((p) => p.type === "minute").value;
  return LANG === "fr" ? `${+hour}\u00a0h\u00a0${minute}` : `${hour}:${minute}`;
}
/** 1 janv. 2025 / 1 Jan 2025, with the time when it is not midnight: 1 janv. 2025, 14 h 30. */
function instant(iso) {
  if (!iso) return "–";
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const day = dateFormat({ day: "numeric", month: "short", year: "numeric" }).format(ms);
  return ms % 86400000 === 0 ? day : `${day}, ${clock(ms)}`;
}
/** uPlot's time axis (seconds): the hour within a day, the day within a month, then months, then years. */
function timeTicks(u, splits, axisIdx, space, incr) {
  const DAY = 86400;
  return splits.map((s) => {
    const ms = s * 1000;
    if (incr < DAY) return ms % 86400000 === 0 ? dateFormat({ day: "numeric", month: "short" }).format(ms) : clock(ms);
    if (incr < 28 * DAY) return dateFormat({ day: "numeric", month: "short" }).format(ms);
    // months: the year once, at January (janv. 2026, mai, sept.)
    if (incr < 360 * DAY) return dateFormat(new Date(ms).getUTCMonth() === 0 ? { month: "short", year: "numeric" } : { month: "short" }).format(ms);
    return dateFormat({ year: "numeric" }).format(ms);
  });
}
/** Tick labels with as many decimals as the step needs (0,5 · 1 · 1,5), grouped, in the language. */
function numberTicks(u, splits, axisIdx, space, incr) {
  const decimals = Math.min(6, (String(+incr.toPrecision(6)).split(".")[1] || "").length);
  return splits.map((v) => (Math.abs(v) >= 1e6 ? count(v) : nf({ maximumFractionDigits: decimals }).format(v)));
}
/** An axis as wide as its longest label, so none is clipped (uPlot's own default is a fixed 50 px). */
function axisSize(u, values, axisIdx, cycleNum) {
  const axis = u.axes[axisIdx];
  if (cycleNum > 1) return axis._size;
  let size = axis.ticks.size + axis.gap;
  const longest = (values || []).reduce((a, v) => (String(v).length > a.length ? String(v) : a), "");
  if (longest) { u.ctx.font = axis.font[0]; size += u.ctx.measureText(longest).width / devicePixelRatio; }
  return Math.ceil(size) + 4;
}
// Periods are whole numbers: 1, 2, 3 (never 1.5).
const PERIOD_AXIS = { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500], values: (u, splits) => splits.map((v) => nf({ maximumFractionDigits: 0 }).format(v)) };
const periodRange = (u, min, max) => [Math.floor(min ?? 1) - 0.2, Math.ceil(max ?? 1) + 0.2];
const FONT = "13px system-ui, sans-serif", BIG_FONT = "15px system-ui, sans-serif";
const utc = (ts) => uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC");

const text = (el, value) => { el.textContent = value; return el; };
/** A table cell; a number's raw value stays in data-value (for tests and copy-paste). */
const cell = (row, value, raw) => { const c = text(row.insertCell(), value); if (!missing(raw)) c.dataset.value = raw; return c; };
let dailyChart = null, reboundChart = null, controlsFor = null, lastState = null, dailyRange = [0, 1];
const charts = {};
const COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]; // Okabe–Ito
const quantity = () => $("quantity").value;
const kindName = (name) => tOr("kind." + name, name);
// "likely p5 – p95 · bounds low – high" in one unit, or the bounds alone when the aggregate has no likely range
function ranges(q, v, scale) {
  const n = (x) => (q ? num(x / scale.factor) : count(x));
  const unit = q ? unitSpace() + scale.unit : "";
  const bounds = t("range.bounds", { low: n(v.low), high: n(v.high) }) + unit;
  return missing(v.p5) ? bounds : `${t("range.likely", { p5: n(v.p5), p95: n(v.p95) })} · ${bounds}`;
}

// ---- predict, then reveal: on the facilitator's page each big number and the rebound reading can be hidden
// ("?") while the room guesses. The choice is sent to the server (POST /api/reveal) and comes back in every
// page's state ("reveal": {version, hidden}): the room's page and the teams' pages follow the facilitator's.
const hidden = new Set();
const isHidden = (figure) => hidden.has(figure);
let revealVersion = -1, revealSending = 0;
/** The figures hidden as the state says, unless this page's own change is on its way (or newer). */
function followReveal(state) {
  const r = state.reveal;
  if (!r || revealSending > 0 || r.version < revealVersion) return;
  revealVersion = r.version;
  const next = new Set(r.hidden || []);
  if (next.size === hidden.size && [...next].every((f) => hidden.has(f))) return;
  hidden.clear();
  next.forEach((f) => hidden.add(f));
  labelReveal();
}
async function sendReveal() {
  revealSending++;
  try {
    const response = await fetch("/api/reveal", { method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": `Bearer ${controlKey}` },
      body: JSON.stringify({ hidden: [...hidden] }) });
    const body = await response.json();
    if (response.ok) revealVersion = Math.max(revealVersion, body.version);
    else text($("control-result"), t("controls.refused", { problems: body.error }));
  } catch (e) { /* the server is gone: this page keeps its own choice */ } finally { revealSending--; }
}

function render(state) {
  document.body.dataset.version = state.version;
  lastState = state;
  followReveal(state);
  if (!MESSAGES) return; // drawn again as soon as the text has come
  renderRoom(state);
  if (!state.run) return;
  const title = (state.titles && state.titles[LANG]) || state.title || state.scenario || state.run;
  text($("title"), state.team ? t("room.title", { team: state.team, title }) : title);
  text($("span"), t("span", { start: instant(state.start), end: instant(state.end), now: instant(state.now), run: state.run }));
  text($("narrative"), (state.narratives && state.narratives[LANG]) || state.narrative || "");
  const tot = state.totals;
  if (tot) {
    figure("requests", [count(tot.requests), ""], "");
    [["energy", "facility_energy_kwh"], ["co2e", "co2e_kg"], ["water", "water_l"]].forEach(([id, q]) => {
      const scale = scaleFor(q, tot[q].central);
      figure(id, qtyParts(q, tot[q].central, scale), ranges(q, tot[q], scale));
    });
  }
  const eq = $("equivalences"); eq.replaceChildren();
  (state.equivalences || []).forEach((e) => text(eq.appendChild(document.createElement("li")),
      `${count(e.central)} ${(e.units && e.units[LANG]) || e.unit} (${ranges(null, e)})`));
  renderReading(state.periods || []);
  renderShare(state);
  if (controlKey && state.controls && controlsFor !== state.run) { renderControls(state.controls); controlsFor = state.run; }
  renderDaily(state.daily || []);
  renderStack("chart-kind", "stack.kind", state.stack_kind, kindName);
  renderStack("chart-datacentre", "stack.datacentre", state.stack_datacentre, (n) => n);
  renderPower(state.power);
  renderBeside(state);
  renderPeriods(state.periods || []);
  renderChange(state.change || null);
  renderDatacentres(state);
  renderChanges(state.changes || []);
}

/** A big number: the value large, its unit smaller (so "381 kt CO₂e" fits a quarter of the screen), or "?". */
function figure(id, [value, unit], range) {
  const hide = isHidden(id), box = $(id);
  if (hide || !unit) text(box, hide ? "?" : value);
  else {
    const v = document.createElement("span"), u = document.createElement("span");
    text(v, value); text(u, unit); u.className = "unit";
    box.replaceChildren(v, unitSpace(), u);
  }
  const r = $(id + "-range");
  if (r) text(r, hide ? "\u00a0" : range);
}

/** The rebound effect of the latest period that has one, in one sentence. */
function renderReading(periods) {
  const p = periods.slice().reverse().find((x) => !missing(x.rebound_effect));
  let sentence;
  if (isHidden("reading")) sentence = t("reading.hidden");
  else if (!p) sentence = t("reading.none");
  else {
    const key = p.backfire || p.rebound_effect > 1 ? "reading.backfire" : p.rebound_effect <= 0 ? "reading.nil" : "reading.partial";
    sentence = t(key, { sofar: p.under_way ? t("reading.sofar") : "", period: instant(p.start), re: percent(p.rebound_effect) });
  }
  text($("reading"), sentence);
}

// ---- a workshop: the teams side by side (the room's page shows them first, a team's page below its own run)
const FIGURE_OF = { facility_energy_kwh: "energy", co2e_kg: "co2e", water_l: "water" };
const teamName = (state, run) => {
  const row = state.room && state.room.teams.find((r) => r.run === run);
  return row ? t("room.label", { team: row.team }) : null;
};
function renderRoom(state) {
  const room = state.room;
  $("room-box").hidden = !room;
  document.body.classList.toggle("room-view", !!room && !BASE);
  if (!room) return;
  if (BASE && $("room-box").parentElement !== $("below")) $("below").prepend($("room-box"));
  text(document.querySelector(".kicker"), state.team ? t("kicker.team", { team: state.team }) : t("kicker.room"));
  const targets = Object.entries(room.targets || {});
  $("room-targets-head").hidden = targets.length === 0;
  const body = $("room").tBodies[0]; body.replaceChildren();
  room.teams.forEach((r) => {
    const row = body.insertRow();
    row.dataset.team = r.team;
    if (r.team === state.team) row.className = "own";
    const name = row.insertCell();
    if (BASE) text(name, t("room.label", { team: r.team }));
    else {
      // the facilitator opens a team's page with the sliders (its key moves any team); the room, read-only
      const a = text(name.appendChild(document.createElement("a")), t("room.label", { team: r.team }));
      a.href = "/team/" + r.team;
      if (controlKey) a.addEventListener("click", (e) => { e.preventDefault(); location.href = a.href + "?key=" + encodeURIComponent(controlKey); });
    }
    const hiddenCell = (figure, shown, raw) => (isHidden(figure) ? cell(row, "?") : cell(row, shown, raw));
    hiddenCell("requests", count(r.requests), r.requests);
    ["facility_energy_kwh", "co2e_kg", "water_l"].forEach((q) => hiddenCell(FIGURE_OF[q], qty(q, r[q]), r[q]));
    const re = row.insertCell();
    re.className = "re";
    if (isHidden("reading")) text(re, "?");
    else if (missing(r.rebound_effect)) text(re, "–");
    else {
      re.dataset.value = r.rebound_effect;
      text(re, `${r.rebound_under_way ? t("periods.sofar") + " " : ""}${percent(r.rebound_effect)} `);
      if (r.backfire) re.appendChild(text(document.createElement("span"), t("periods.backfire"))).className = "backfire";
    }
    if (targets.length) {
      const c = row.insertCell();
      c.className = "target";
      const over = targets.filter(([q]) => r.targets && r.targets[q] && !r.targets[q].met).map(([q]) => q);
      if (targets.some(([q]) => isHidden(FIGURE_OF[q]))) text(c, "?");
      else {
        text(c, over.length ? t("room.missed", { quantities: over.map((q) => tOr("quantity." + q, q)).join(", ") }) : t("room.met"));
        c.dataset.met = String(over.length === 0);
      }
    }
  });
  const goals = targets.map(([q, max]) => `${tOr("quantity." + q, q)} ≤ ${qty(q, max)}`).join(", ");
  text($("room-note"), targets.length ? t("room.note.targets", { targets: goals }) : t("room.note"));
}

function setupReveal() {
  // the facilitator's page only (the room's, or a single run's): a team's page, even with a key, hides nothing
  if (!controlKey || BASE) return;
  document.querySelectorAll("[data-figure]").forEach((box) => {
    const button = box.appendChild(document.createElement("button"));
    Object.assign(button, { type: "button", className: "reveal" });
    button.dataset.figure = box.dataset.figure;
    button.addEventListener("click", () => {
      const f = box.dataset.figure;
      if (hidden.has(f)) hidden.delete(f); else hidden.add(f);
      sendReveal(); // first: from here on the state drawn is not followed until the server has this choice
      labelReveal();
      if (lastState) render(lastState);
    });
  });
}
function labelReveal() {
  document.querySelectorAll("button.reveal").forEach((b) => {
    const hide = isHidden(b.dataset.figure);
    text(b, hide ? t("reveal.show") : t("reveal.hide"));
    b.title = hide ? t("reveal.hint") : "";
    b.setAttribute("aria-pressed", String(hide));
    b.parentElement.dataset.hidden = String(hide);
  });
}

// ---- the main chart, sized to fill the first screen
function mainSize() {
  const box = $("chart-daily");
  const top = box.getBoundingClientRect().top + window.scrollY;
  const legend = $("daily-legend").offsetHeight || 24;
  return { width: Math.max(300, box.clientWidth), height: Math.round(Math.max(200, Math.min(620, window.innerHeight - top - legend - 14))) };
}

function renderDaily(days) {
  const q = quantity();
  const centrals = days.map((d) => d[q].central);
  const scale = scaleFor(q, Math.max(0, ...centrals.map(Math.abs)));
  text($("daily-heading"), t("daily.heading", { quantity: capitalise(tOr("quantity." + q, q)), unit: scale.unit }));
  const x = days.map((d) => Date.parse(d.day + "T00:00:00Z") / 1000);
  const v = (d, k) => (missing(d[q][k]) ? null : d[q][k] / scale.factor);
  const data = [x, days.map((d) => v(d, "low")), days.map((d) => v(d, "central")), days.map((d) => v(d, "high")),
    days.map((d) => v(d, "p5")), days.map((d) => v(d, "p95"))];
  // the axis follows the central value and the likely range; the low–high bounds may run off it, faintly
  const shown = [].concat(data[2], data[4], data[5]).filter((y) => y !== null);
  const lo = shown.length ? Math.min(...shown) : 0, hi = shown.length ? Math.max(...shown) : 1;
  const pad = (hi - lo) * 0.15 || Math.abs(hi) * 0.1 || 1;
  dailyRange = [lo >= 0 && lo - pad < 0 ? 0 : lo - pad, hi + pad];
  const size = mainSize();
  if (!dailyChart) {
    const span = () => lastState && lastState.start ? [Date.parse(lastState.start) / 1000, Date.parse(lastState.end) / 1000] : [0, 1];
    const faint = "rgba(0,114,178,0.35)", likelyEdge = "rgba(0,114,178,0.55)";
    dailyChart = new uPlot({ width: size.width, height: size.height, tzDate: utc, legend: { show: false },
      scales: { x: { time: true, range: span }, y: { range: () => dailyRange } },
      axes: [{ font: BIG_FONT, values: timeTicks, space: 80 }, { font: BIG_FONT, values: numberTicks, size: axisSize }],
      series: [{}, { label: "low", stroke: faint, width: 1, dash: [4, 4] }, { label: "central", stroke: "#0072B2", width: 3 },
        { label: "high", stroke: faint, width: 1, dash: [4, 4] }, { label: "p5", stroke: likelyEdge, width: 1 }, { label: "p95", stroke: likelyEdge, width: 1 }],
      bands: [{ series: [3, 1], fill: "rgba(0,114,178,0.08)" }, { series: [5, 4], fill: "rgba(0,114,178,0.30)" }] }, data, $("chart-daily"));
  } else {
    if (Math.abs(dailyChart.width - size.width) > 2 || Math.abs(dailyChart.height - size.height) > 2) dailyChart.setSize(size);
    dailyChart.setData(data);
  }
  const controls = $("controls-box");
  if (!controls.hidden) controls.style.maxHeight = Math.max(200, window.innerHeight - controls.getBoundingClientRect().top - window.scrollY - 8) + "px";
}

const belowWidth = (id) => Math.max(300, $(id).clientWidth || 540);

// Running totals stacked: series i is the sum of members i..n-1, each filled down to the next.
function renderStack(id, headingKey, stack, label) {
  if (!stack || !stack.x || stack.x.length === 0) return;
  const q = quantity(), names = Object.keys(stack.members);
  const sums = names.map(() => new Array(stack.x.length).fill(0));
  for (let i = names.length - 1; i >= 0; i--) {
    const own = stack.members[names[i]][q];
    for (let j = 0; j < stack.x.length; j++) sums[i][j] = own[j] + (i + 1 < names.length ? sums[i + 1][j] : 0);
  }
  const scale = scaleFor(q, Math.max(0, ...(sums[0] || [0])));
  text($(id.replace("chart-", "") + "-heading"), t(headingKey, { unit: scale.unit }));
  const data = [stack.x].concat(sums.map((s) => s.map((y) => y / scale.factor)));
  const key = id + "|" + names.join(",");
  if (!charts[id] || charts[id].key !== key) {
    if (charts[id]) charts[id].plot.destroy();
    const series = [{}].concat(names.map((n, i) => ({ label: label(n), stroke: COLOURS[i % COLOURS.length], fill: COLOURS[i % COLOURS.length] + "55" })));
    charts[id] = { key, plot: new uPlot({ width: belowWidth(id), height: 260, tzDate: utc, legend: { live: false }, series,
      axes: [{ font: FONT, values: timeTicks, space: 60 }, { font: FONT, values: numberTicks, size: axisSize }] }, data, $(id)) };
  } else charts[id].plot.setData(data);
}

// Facility power of each data centre, hour by hour (rebound.telemetry), over the last simulated days.
function renderPower(power) {
  const box = $("power-box");
  box.hidden = !power || !power.x || power.x.length === 0;
  if (box.hidden) return;
  const names = Object.keys(power.kw);
  const scale = scaleFor("power_kw", Math.max(0, ...names.flatMap((n) => power.kw[n].filter((v) => v !== null))));
  text($("power-heading"), t("power.heading", { unit: scale.unit }));
  const data = [power.x].concat(names.map((n) => power.kw[n].map((v) => (v === null ? null : v / scale.factor))));
  const id = "chart-power", key = id + "|" + names.join(",");
  if (!charts[id] || charts[id].key !== key) {
    if (charts[id]) charts[id].plot.destroy();
    const series = [{}].concat(names.map((n, i) => ({ label: n, stroke: COLOURS[i % COLOURS.length], width: 2 })));
    charts[id] = { key, plot: new uPlot({ width: belowWidth(id), height: 260, tzDate: utc, legend: { live: false }, series,
      axes: [{ font: FONT, values: timeTicks, space: 60 }, { font: FONT, values: numberTicks, size: axisSize }] }, data, $(id)) };
  } else charts[id].plot.setData(data);
}

function renderBeside(state) {
  const others = state.beside || [];
  $("beside-section").hidden = others.length === 0;
  if (others.length === 0) return;
  const all = [state].concat(others);
  const name = (s) => teamName(state, s.run) || s.title || s.run;
  const body = $("beside").tBodies[0]; body.replaceChildren();
  all.forEach((s) => {
    const row = body.insertRow(), tot = s.totals;
    cell(row, name(s)); cell(row, tot ? count(tot.requests) : "–", tot && tot.requests);
    cell(row, tot ? qty("facility_energy_kwh", tot.facility_energy_kwh.central) : "–", tot && tot.facility_energy_kwh.central);
    cell(row, tot ? qty("co2e_kg", tot.co2e_kg.central) : "–", tot && tot.co2e_kg.central);
    cell(row, tot ? qty("water_l", tot.water_l.central) : "–", tot && tot.water_l.central);
  });
  const periods = Math.max(...all.map((s) => (s.periods || []).length));
  const x = Array.from({ length: periods }, (_, i) => i + 1);
  const raw = all.map((s) => x.map((p) => { const row = (s.periods || [])[p - 1]; return row ? row.energy_kwh_per_day : null; }));
  const scale = scaleFor("facility_energy_kwh", Math.max(0, ...raw.flat().filter((v) => v !== null)));
  text($("beside-heading"), t("beside.chart", { unit: scale.unit }));
  const data = [x].concat(raw.map((r) => r.map((v) => (v === null ? null : v / scale.factor))));
  const key = all.map((s) => s.run).join(",");
  if (!charts.beside || charts.beside.key !== key) {
    if (charts.beside) charts.beside.plot.destroy();
    const series = [{ label: t("rebound.axis.period") }].concat(all.map((s, i) => ({ label: name(s), stroke: COLOURS[i % COLOURS.length], width: 2 })));
    charts.beside = { key, plot: new uPlot({ width: belowWidth("chart-beside"), height: 260, legend: { live: false }, scales: { x: { time: false, range: periodRange } }, series,
      axes: [Object.assign({ label: t("rebound.axis.period"), font: FONT }, PERIOD_AXIS), { font: FONT, values: numberTicks, size: axisSize }] }, data, $("chart-beside")) };
  } else charts.beside.plot.setData(data);
}

function renderPeriods(periods) {
  const body = $("periods").tBodies[0]; body.replaceChildren();
  const energyScale = scaleFor("facility_energy_kwh", Math.max(0, ...periods.map((p) => p.energy_kwh_per_day)));
  periods.forEach((p) => {
    const row = body.insertRow();
    cell(row, instant(p.start)); cell(row, count(p.requests_per_day), p.requests_per_day); cell(row, num(p.wh_per_request), p.wh_per_request);
    cell(row, qty("facility_energy_kwh", p.energy_kwh_per_day, energyScale), p.energy_kwh_per_day);
    const re = row.insertCell();
    if (missing(p.rebound_effect)) text(re, "–");
    else if (isHidden("reading")) text(re, "?");
    else {
      re.dataset.value = p.rebound_effect;
      // a period under way shows its sums so far, said so
      text(re, `${p.under_way ? t("periods.sofar") + " " : ""}${percent(p.rebound_effect)} `);
      if (p.backfire) re.appendChild(text(document.createElement("span"), t("periods.backfire"))).className = "backfire";
    }
  });
  const data = [periods.map((p) => p.period + 1), periods.map((p) => p.wh_per_request), periods.map((p) => p.energy_kwh_per_day / energyScale.factor)];
  if (!reboundChart) {
    reboundChart = new uPlot({ width: belowWidth("chart-rebound"), height: 260, legend: { live: false }, scales: { x: { time: false, range: periodRange } },
      axes: [Object.assign({ label: t("rebound.axis.period"), font: FONT }, PERIOD_AXIS),
        { label: t("periods.wh"), scale: "wh", font: FONT, values: numberTicks, size: axisSize },
        { label: energyScale.unit + "/" + t("rebound.axis.day"), scale: "kwh", side: 1, font: FONT, values: numberTicks, size: axisSize, grid: { show: false } }],
      series: [{ label: t("rebound.axis.period") }, { label: t("rebound.series.wh"), stroke: "#009E73", width: 2, scale: "wh" },
        { label: t("rebound.series.kwh", { unit: energyScale.unit }), stroke: "#D55E00", width: 2, scale: "kwh" }] },
      data, $("chart-rebound"));
    reboundChart.energyUnit = energyScale.unit;
  } else if (reboundChart.energyUnit !== energyScale.unit) { reboundChart.destroy(); reboundChart = null; renderPeriods(periods); }
  else reboundChart.setData(data);
}

// The decomposition of the change from the first period to the latest, as the report's waterfall:
// first total, +growth, +mix, −efficiency, +rebound, last total (signed values on the bars).
// (the page's inline <svg> gives the SVG namespace: nothing is fetched)
const svgEl = (name, attrs) => { const el = document.createElementNS($("chart-change").namespaceURI, name); Object.entries(attrs).forEach(([k, v]) => el.setAttribute(k, v)); return el; };
function changeSentence(c, scale) {
  const effect = (v) => (Math.abs(v) <= 1e-9 * Math.abs(c.from_kwh_per_day) ? t("change.nothing")
    : t(v >= 0 ? "change.added" : "change.took", { value: qty("facility_energy_kwh", Math.abs(v), scale) }));
  return t("change.sentence", { from: instant(c.from), to: instant(c.to),
    fromValue: qty("facility_energy_kwh", c.from_kwh_per_day, scale), toValue: qty("facility_energy_kwh", c.to_kwh_per_day, scale),
    delta: signedQty("facility_energy_kwh", c.to_kwh_per_day - c.from_kwh_per_day, scale),
    growth: effect(c.activity), mix: effect(c.mix), efficiency: effect(c.intensity), rebound: effect(c.rebound) });
}
function renderChange(change) {
  const svg = $("chart-change");
  svg.replaceChildren();
  if (!change) { text($("change-sentence"), t("change.before")); return; }
  const scale = scaleFor("facility_energy_kwh", Math.max(change.from_kwh_per_day, change.to_kwh_per_day));
  const sentence = isHidden("reading") ? "?" : (change.under_way ? t("change.sofar") + " " : "") + changeSentence(change, scale);
  text($("change-sentence"), sentence);
  const steps = [[t("change.growth"), change.activity], [t("change.mix"), change.mix], [t("change.efficiency"), change.intensity], [t("change.rebound"), change.rebound]];
  const bars = [[instant(change.from), 0, change.from_kwh_per_day]];
  let level = change.from_kwh_per_day;
  steps.forEach(([label, delta]) => { bars.push([label, level, level + delta]); level += delta; });
  bars.push([instant(change.to), 0, level]);
  const width = 540, height = 260, top = 30, bottom = 40, left = 10;
  const lo = Math.min(0, ...bars.map((b) => Math.min(b[1], b[2]))), hi = Math.max(...bars.map((b) => Math.max(b[1], b[2])));
  const y = (v) => top + (height - top - bottom) * (hi - v) / ((hi - lo) || 1);
  const slot = (width - left) / bars.length, w = slot * 0.6;
  svg.setAttribute("aria-label", sentence);
  svg.appendChild(svgEl("line", { x1: left, x2: width, y1: y(0), y2: y(0), stroke: "#333" }));
  bars.forEach(([label, from, to], i) => {
    const x = left + slot * i + (slot - w) / 2, total = i === 0 || i === bars.length - 1, delta = to - from;
    svg.appendChild(svgEl("rect", { x, y: y(Math.max(from, to)), width: w, height: Math.max(1, Math.abs(y(from) - y(to))),
      fill: total ? "#8fb8d8" : delta >= 0 ? "#D55E00" : "#009E73", stroke: "#222", "data-step": i }));
    const value = total ? qty("facility_energy_kwh", to, scale) : signedQty("facility_energy_kwh", delta, scale);
    svg.appendChild(text(svgEl("text", { x: x + w / 2, y: y(Math.max(from, to)) - 5, "text-anchor": "middle", "font-size": 11 }), value));
    svg.appendChild(text(svgEl("text", { x: x + w / 2, y: height - bottom + 16, "text-anchor": "middle", "font-size": 11 }), label));
  });
}

function renderDatacentres(state) {
  const body = $("datacentres").tBodies[0]; body.replaceChildren();
  ((state.controls && state.controls.datacentres) || []).forEach((dc) => {
    const tot = (state.by_datacentre || {})[dc.id];
    const row = body.insertRow();
    cell(row, dc.id); cell(row, dc.region); cell(row, num(dc.carbon_g_per_kwh_now), dc.carbon_g_per_kwh_now); cell(row, num(dc.pue), dc.pue);
    cell(row, tot ? count(tot.requests) : "–", tot && tot.requests);
    cell(row, tot ? qty("facility_energy_kwh", tot.facility_energy_kwh.central) : "–", tot && tot.facility_energy_kwh.central);
    cell(row, tot ? qty("co2e_kg", tot.co2e_kg.central) : "–", tot && tot.co2e_kg.central);
    cell(row, tot ? qty("water_l", tot.water_l.central) : "–", tot && tot.water_l.central);
  });
}

const setText = (set) => Object.entries(set).map(([k, v]) => k + " = " + v).join(", ");
function renderChanges(changes) {
  const list = $("changes"); list.replaceChildren();
  changes.forEach((c) => text(list.appendChild(document.createElement("li")),
      `${c.at ? instant(c.at) : t("timeline.live")} ${c.note || ""} (${setText(c.set)})`));
}

// ---- share: a link that names the scenario and the live changes applied so far (?scenario=…&set=k=v…),
// and the command that runs it again (a browser alone cannot start a run). Never the facilitator's key.
const shellWord = (w) => (/^[\w.,:=+\-\/@%]+$/.test(w) ? w : "'" + w.replace(/'/g, "'\\''") + "'");
function liveChanges(state) {
  const live = (state.changes || []).filter((c) => c.source === "LIVE");
  const merged = new Map();
  live.forEach((c) => Object.entries(c.set).forEach(([k, v]) => { merged.delete(k); merged.set(k, v); }));
  return { live, merged };
}
const command = (scenario, sets) => ["./rebound", "run", shellWord(`scenarios/${scenario}.yaml`), "--dashboard"]
  .concat(...sets.map(([k, v]) => ["--set", shellWord(`${k}=${v}`)])).join(" ");
function renderShare(state) {
  if (!state.scenario) return;
  const { live, merged } = liveChanges(state);
  const link = new URLSearchParams();
  link.set("scenario", state.scenario);
  merged.forEach((v, k) => link.append("set", `${k}=${v}`));
  const url = `${location.origin}/?${link}`;
  const a = $("share-link");
  if (a.href !== url) { a.href = url; text(a, url); }
  $("share-none").hidden = merged.size > 0;
  text($("share-command"), command(state.scenario, [...merged]));
  const timed = live.filter((c) => c.at);
  $("share-timeline-box").hidden = timed.length === 0;
  text($("share-timeline"), "timeline:\n" + timed.map((c) => `  - at: ${c.at}\n    set: {${Object.entries(c.set).map(([k, v]) => `${k}: ${v}`).join(", ")}}\n    note: ${JSON.stringify(c.note || "")}`).join("\n"));
}
/** Opened from a shared link: say what it describes and how to run it. */
function renderReplay() {
  const scenario = params.get("scenario");
  if (!scenario) return;
  const sets = params.getAll("set").map((s) => { const i = s.indexOf("="); return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i + 1)]; });
  $("replay").hidden = false;
  text($("replay-text"), t("replay.text", { scenario, changes: sets.length ? sets.map(([k, v]) => `${k} = ${v}`).join(", ") : t("replay.nochanges") }));
  text($("replay-command"), command(scenario, sets));
}

function slider(form, label, path, value, min, max, step, toValue, fromValue, show) {
  const wrap = form.appendChild(document.createElement("label"));
  text(wrap.appendChild(document.createElement("span")), label);
  const input = wrap.appendChild(document.createElement("input"));
  Object.assign(input, { type: "range", min, max, step, value: fromValue(value) });
  input.dataset.path = path;
  const out = wrap.appendChild(document.createElement("output"));
  text(out, show(value));
  input.addEventListener("input", () => text(out, show(toValue(+input.value))));
  input.addEventListener("change", () => send(path, toValue(+input.value)));
}

function renderControls(c) {
  const form = $("controls"); form.replaceChildren();
  $("stage").classList.add("with-controls");
  slider(form, t("controls.requests"), "workload.requests_per_day", c.requests_per_day, 3, 12, 0.05, (v) => Math.round(10 ** v), (v) => Math.log10(v), count);
  slider(form, t("controls.elasticity"), "workload.elasticity", c.elasticity, 0, 3, 0.05, (v) => v, (v) => v, num);
  c.kinds.forEach((k) => slider(form, t("controls.factor", { kind: kindName(k.name) }), `kinds.${k.name}.energy_factor`, k.energy_factor, 0.05, 2, 0.05, (v) => v, (v) => v, num));
  c.datacentres.forEach((d) => slider(form, t("controls.pue", { id: d.id }), `datacentres.${d.id}.pue`, d.pue, 1, 2.5, 0.01, (v) => v, (v) => v, num));
}

if (controlKey) $("controls-box").hidden = false;

async function send(path, value) {
  const change = `${path} = ${value}`;
  const response = await fetch(BASE + "/api/set", { method: "POST",
    headers: { "Content-Type": "application/json", "Authorization": `Bearer ${controlKey}` },
    body: JSON.stringify({ set: { [path]: value }, note: t("controls.note", { change }) }) });
  const body = await response.json();
  text($("control-result"), response.ok ? t("controls.sent", { change }) : t("controls.refused", { problems: (body.problems || [body.error]).join("; ") }));
}

// ---- the page's text: every [data-i18n] element, <html lang>, the switch
function resetCharts() {
  if (dailyChart) dailyChart.destroy();
  if (reboundChart) reboundChart.destroy();
  Object.values(charts).forEach((c) => c.plot.destroy());
  dailyChart = null; reboundChart = null;
  Object.keys(charts).forEach((k) => delete charts[k]);
}
function applyText() {
  document.documentElement.lang = LANG;
  document.querySelectorAll("[data-i18n]").forEach((el) => text(el, t(el.dataset.i18n)));
  document.querySelectorAll("[data-i18n-aria-label]").forEach((el) => el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel)));
  document.querySelectorAll("button[data-lang]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.lang === LANG)));
  labelReveal();
  renderReplay();
  controlsFor = null; // the sliders' labels are rebuilt in the new language
}
async function loadText(lang) {
  const response = await fetch("/messages.json" + (lang ? "?lang=" + encodeURIComponent(lang) : ""));
  const body = await response.json();
  LANG = body.lang; MESSAGES = body.messages;
  applyText();
  resetCharts();
  if (lastState) render(lastState);
}
document.querySelectorAll("button[data-lang]").forEach((b) => b.addEventListener("click", () => {
  const lang = b.dataset.lang;
  try { localStorage.setItem(LANG_STORE, lang); } catch (e) { /* private mode: ?lang= still works */ }
  if (params.has("lang")) { params.set("lang", lang); history.replaceState(null, "", "?" + params); }
  loadText(lang);
}));
$("share-button").addEventListener("click", () => {
  const box = $("share-box");
  box.hidden = !box.hidden;
  $("share-button").setAttribute("aria-expanded", String(!box.hidden));
  if (lastState) render(lastState);
});
$("share-copy").addEventListener("click", async () => {
  try { await navigator.clipboard.writeText($("share-link").href); text($("share-copy"), t("share.copied")); } catch (e) { /* no clipboard: the link is there to select */ }
});
let resizing = null;
window.addEventListener("resize", () => { clearTimeout(resizing); resizing = setTimeout(() => { resetCharts(); if (lastState) render(lastState); }, 150); });
setupReveal();
loadText(params.get("lang") || savedLang());

$("quantity").addEventListener("change", () => { if (lastState) render(lastState); });
// live.js follows /events (the state once, then what changed) and calls render with the whole state each time.
import("/live.js").then((live) => live.start(render, BASE));
