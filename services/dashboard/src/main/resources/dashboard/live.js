// Rebound live updates: keeps the page's state and hands the whole of it to render() at each update.
// /events sends the state once ("state"), then only what changed ("patch": changed fields, a series'
// new points, the last ones redrawn); both are described in docs/dashboard.md ("Updates"). A patch
// that does not follow the state held (a version missed) reconnects for the state again.
// Loaded by app.js with import("/live.js"): a module adds no <script> element to the page.

// The order of a daily row's values on the wire (LiveWire.DAILY_FIELDS on the server).
const DAILY_FIELDS = ["day", "days", "requests",
  "facility_energy_kwh.low", "facility_energy_kwh.p5", "facility_energy_kwh.central", "facility_energy_kwh.p95", "facility_energy_kwh.high",
  "co2e_kg.low", "co2e_kg.p5", "co2e_kg.central", "co2e_kg.p95", "co2e_kg.high",
  "water_l.low", "water_l.p5", "water_l.central", "water_l.p95", "water_l.high",
  "last_event"];

// [day, days, requests, ...] -> {day, days, requests, facility_energy_kwh: {low, ...}, ..., last_event}
function dailyRow(values) {
  const row = {};
  DAILY_FIELDS.forEach((field, i) => {
    const dot = field.indexOf(".");
    if (dot < 0) row[field] = values[i];
    else (row[field.slice(0, dot)] ||= {})[field.slice(dot + 1)] = values[i];
  });
  return row;
}
const dailyRows = (rows) => (rows || []).map(dailyRow);

// A field as the page wants it (daily rows as objects).
const decoded = (name, value) => (name === "daily" ? dailyRows(value) : value);

export function decodeState(wire) {
  const state = Object.assign({}, wire);
  if (state.daily) state.daily = dailyRows(state.daily);
  if (state.beside) state.beside = state.beside.map((b) => (b.daily ? Object.assign({}, b, { daily: dailyRows(b.daily) }) : b));
  return state;
}

// One run's part of a patch applied to its object: a new object (the old one is left as it was).
function applyPart(before, part) {
  const next = Object.assign({}, before);
  Object.entries(part.set || {}).forEach(([name, value]) => { next[name] = decoded(name, value); });
  (part.unset || []).forEach((name) => { delete next[name]; });
  Object.entries(part.splice || {}).forEach(([name, s]) => {
    next[name] = (next[name] || []).slice(0, s.from).concat(decoded(name, s.add));
  });
  Object.entries(part.stacks || {}).forEach(([name, s]) => {
    const old = next[name] || { x: [], members: {} };
    const members = {};
    Object.entries(s.members).forEach(([member, quantities]) => {
      members[member] = {};
      Object.entries(quantities).forEach(([q, values]) => {
        members[member][q] = ((old.members[member] || {})[q] || []).slice(0, s.from).concat(values);
      });
    });
    next[name] = { x: old.x.slice(0, s.from).concat(s.x), members };
  });
  return next;
}

// The state of patch.version from the state of patch.base.
export function apply(state, patch) {
  const next = applyPart(state, patch);
  next.version = patch.version;
  if (patch.beside) next.beside = (state.beside || []).map((b, i) => applyPart(b, patch.beside[i] || {}));
  return next;
}

let current = null;

// Follows /events (a team's page: /team/K/events) and calls render(state) with the whole state at each update.
export function start(render, base = "") {
  let source = null;
  const connect = () => {
    source = new EventSource(base + "/events");
    source.addEventListener("state", (e) => {
      current = decodeState(JSON.parse(e.data));
      render(current);
    });
    source.addEventListener("patch", (e) => {
      const patch = JSON.parse(e.data);
      if (!current || patch.base !== current.version) {
        // a version missed: a new connection (without Last-Event-ID) starts with the whole state
        source.close();
        connect();
        return;
      }
      current = apply(current, patch);
      render(current);
    });
  };
  connect();
}

// For tests and the browser's console.
export const held = () => current;
window.ReboundLive = { held, apply, decodeState };
