package org.rebound.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeSet;
import org.rebound.avro.Impacts;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Quantity;
import org.rebound.avro.Telemetry;
import org.rebound.avro.Totals;
import org.rebound.domain.impact.Equivalences;
import org.rebound.domain.impact.GridClock;
import org.rebound.domain.scenario.Scenario;
import org.rebound.kafka.AvroMapping;

/**
 * The page's view of the runs {@link DashboardFeed} follows, as plain JSON: a run's scenario and
 * controls in force, totals and equivalences, breakdowns, periods and their change, the stacked
 * charts on their fixed grid and the daily chart (in buckets of days over a long span).
 */
final class RunView {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Points of the daily chart: a span longer than this many days is drawn in buckets of a few
     * days (each the mean per day of its days), as many as the chart's width can show.
     */
    static final int MAX_DAILY_POINTS = 500;

    private RunView() {}

    /** The page's view: the first run in full, the others beside it (totals and periods). */
    static ObjectNode snapshot(DashboardFeed feed, List<String> shown) {
        ObjectNode root = snapshot(feed, shown.isEmpty() ? null : shown.get(0));
        ArrayNode beside = root.putArray("beside");
        for (String other : shown.subList(Math.min(1, shown.size()), shown.size())) {
            ObjectNode full = snapshot(feed, other);
            ObjectNode lite = beside.addObject();
            for (String field : List.of("run", "scenario", "title", "totals", "periods", "daily")) {
                if (full.has(field)) {
                    lite.set(field, full.get(field));
                }
            }
        }
        return root;
    }

    /** The page's view of a run: everything as plain JSON (the page puts text in with textContent). */
    static ObjectNode snapshot(DashboardFeed feed, String run) {
        ObjectNode root = JSON.createObjectNode();
        RunState state = feed.run(run);
        root.put("version", feed.version());
        if (state == null) {
            root.putNull("run");
            return root;
        }
        synchronized (state) {
            root.put("run", run);
            Scenario scenario = state.scenario;
            if (scenario != null) {
                root.put("scenario", scenario.name());
                root.put("title", scenario.title());
                root.put("narrative", scenario.narrative());
                // the page picks the one in its language (either falls back to the file's English or only text)
                ObjectNode titles = root.putObject("titles");
                ObjectNode narratives = root.putObject("narratives");
                for (org.rebound.domain.text.Lang lang : org.rebound.domain.text.Lang.values()) {
                    titles.put(lang.code(), scenario.title(lang));
                    narratives.put(lang.code(), scenario.narrative(lang));
                }
                root.put("start", scenario.clock().start().toString());
                root.put("end", scenario.clock().end().toString());
                ObjectNode controls = root.putObject("controls");
                java.time.Instant now = RunState.now(state, scenario);
                Scenario current = RunState.current(state, now);
                root.put("now", now.toString());
                scenario = current == null ? scenario : current;
                controls.put("requests_per_day", scenario.workload().requestsPerDay());
                controls.put("elasticity", scenario.workload().elasticity());
                ArrayNode kinds = controls.putArray("kinds");
                scenario.kinds()
                        .values()
                        .forEach(k -> kinds.addObject().put("name", k.name()).put("energy_factor", k.energyFactor()));
                ArrayNode dcs = controls.putArray("datacentres");
                for (org.rebound.domain.scenario.DataCentre dc : scenario.datacentres()) {
                    dcs.addObject()
                            .put("id", dc.id())
                            .put("region", dc.region())
                            .put("pue", dc.pue().central())
                            .put(
                                    "carbon_g_per_kwh",
                                    scenario.regionOf(dc).carbonGPerKwh().central())
                            .put("carbon_g_per_kwh_now", RunState.carbonGPerKwhNow(scenario, dc, now));
                }
            }
            if (state.overall != null) {
                root.set("totals", totals(state.overall));
                ArrayNode equivalences = root.putArray("equivalences");
                for (Equivalences.Equivalence e : Equivalences.of(AvroMapping.impacts(state.overall.getImpacts()))) {
                    ObjectNode item = equivalences
                            .addObject()
                            .put("central", e.amount().central())
                            .put("low", e.amount().low())
                            .put("high", e.amount().high());
                    item.put(
                                    "p5",
                                    e.amount().likely() == null
                                            ? null
                                            : e.amount().likely().p5())
                            .put(
                                    "p95",
                                    e.amount().likely() == null
                                            ? null
                                            : e.amount().likely().p95())
                            .put("unit", e.unitPhrase())
                            .put("label", e.label());
                    // the phrase in each language, for the page to pick its own
                    ObjectNode units = item.putObject("units");
                    for (org.rebound.domain.text.Lang lang : org.rebound.domain.text.Lang.values()) {
                        units.put(lang.code(), Equivalences.unitPhrase(e.label(), e.unitPhrase(), lang));
                    }
                }
            }
            ObjectNode dcs = root.putObject("by_datacentre");
            state.datacentres.values().forEach(t -> dcs.set(t.getMember(), totals(t)));
            ObjectNode kinds = root.putObject("by_kind");
            state.kinds.values().forEach(t -> kinds.set(t.getMember(), totals(t)));
            root.set("daily", daily(state.days.values(), state.scenario));
            if (!state.telemetry.isEmpty()) {
                root.set("power", power(state.telemetry));
            }
            ArrayNode periods = root.putArray("periods");
            java.time.Instant simulatedNow =
                    root.has("now") ? java.time.Instant.parse(root.get("now").asText()) : null;
            PeriodTotals firstPeriod = null;
            PeriodTotals lastDecomposed = null;
            for (PeriodTotals p : state.periods.values()) {
                firstPeriod = firstPeriod == null ? p : firstPeriod;
                lastDecomposed = p.getDecomposition() != null ? p : lastDecomposed;
                ObjectNode row = periods.addObject();
                row.put("period", p.getPeriod())
                        .put("start", p.getStart().toString())
                        .put("requests_per_day", p.getRequestsPerDay());
                row.put(
                        "wh_per_request",
                        p.getWhPerRequest() == null ? 0 : p.getWhPerRequest().getCentral());
                row.put(
                        "energy_kwh_per_day",
                        p.getImpactsPerDay() == null
                                ? 0
                                : p.getImpactsPerDay().getFacilityEnergyKwh().getCentral());
                if (p.getReboundEffect() == null) {
                    row.putNull("rebound_effect");
                } else {
                    row.put("rebound_effect", p.getReboundEffect());
                }
                row.put("backfire", p.getBackfire());
                // its sums so far: the page says "so far" rather than show a partial figure as the period's
                row.put("under_way", simulatedNow != null && simulatedNow.isBefore(p.getEnd()));
            }
            if (firstPeriod != null
                    && lastDecomposed != null
                    && firstPeriod.getPeriod() == 0
                    && firstPeriod.getImpactsPerDay() != null
                    && lastDecomposed.getImpactsPerDay() != null) {
                // the decomposition of the latest period against the first, as the report's waterfall
                org.rebound.avro.Decomposition d = lastDecomposed.getDecomposition();
                String from = firstPeriod.getStart().toString().substring(0, 10);
                String to = lastDecomposed.getStart().toString().substring(0, 10);
                double fromKwh =
                        firstPeriod.getImpactsPerDay().getFacilityEnergyKwh().getCentral();
                double toKwh =
                        lastDecomposed.getImpactsPerDay().getFacilityEnergyKwh().getCentral();
                root.putObject("change")
                        .put("from", from)
                        .put("to", to)
                        .put("from_kwh_per_day", fromKwh)
                        .put("to_kwh_per_day", toKwh)
                        .put("activity", d.getActivity())
                        .put("mix", d.getMix())
                        .put("intensity", d.getIntensity())
                        .put("rebound", d.getRebound())
                        .put("under_way", simulatedNow != null && simulatedNow.isBefore(lastDecomposed.getEnd()))
                        .put(
                                "sentence",
                                org.rebound.report.ChangeReading.of(
                                        from,
                                        to,
                                        fromKwh,
                                        toKwh,
                                        d.getActivity(),
                                        d.getMix(),
                                        d.getIntensity(),
                                        d.getRebound()));
            }
            root.set("stack_kind", stack(state.kindSeries, state.scenario));
            root.set("stack_datacentre", stack(state.datacentreSeries, state.scenario));
            ArrayNode notes = root.putArray("changes");
            state.changes.values().forEach(c -> {
                ObjectNode n =
                        notes.addObject().put("source", c.getSource().name()).put("note", c.getNote());
                n.put("at", c.getAt() == null ? null : c.getAt().toString());
                ObjectNode set = n.putObject("set");
                c.getSet().forEach(set::put);
            });
        }
        return root;
    }

    /**
     * Running totals of each member on the run's fixed grid up to the instant every member has
     * passed, then the latest instant known ("now"):
     * {"x": [epoch s...], "members": {"text": {"facility_energy_kwh": [...], "co2e_kg": [...], "water_l": [...]}}}.
     * Without the scenario yet (its definition not read): on the members' own instants.
     */
    static ObjectNode stack(Map<String, Series> series, Scenario scenario) {
        double latest = series.values().stream()
                .filter(s -> !s.points.isEmpty())
                .mapToDouble(s -> s.points.get(s.points.size() - 1)[0])
                .max()
                .orElse(Double.NaN);
        List<Double> xs;
        double origin;
        if (Double.isNaN(latest)) {
            xs = List.of();
            origin = 0;
        } else if (scenario != null) {
            StackGrid grid = StackGrid.of(scenario);
            // The grid's points are drawn up to the member that lags most (among those still moving:
            // updated within 5 % of the span of the latest), where every member's running total is
            // known on both sides and will not move again; then "now", the latest instant known.
            double recent = latest - 0.05 * grid.stepSeconds() * (StackGrid.MAX_STACK_POINTS - 1);
            double settled = series.values().stream()
                    .filter(s -> !s.points.isEmpty())
                    .mapToDouble(s -> s.points.get(s.points.size() - 1)[0])
                    .filter(t -> t >= recent)
                    .min()
                    .orElse(latest);
            xs = grid.upTo(settled);
            xs.remove(xs.size() - 1);
            xs.add(latest);
            origin = grid.startSeconds();
        } else {
            java.util.TreeSet<Double> instants = new java.util.TreeSet<>();
            series.values().forEach(s -> s.points.forEach(p -> instants.add(p[0])));
            xs = new java.util.ArrayList<>(instants);
            origin = xs.get(0);
        }
        ObjectNode node = JSON.createObjectNode();
        ArrayNode x = node.putArray("x");
        for (double v : xs) {
            if (v == Math.rint(v)) {
                x.add((long) v); // whole seconds: no ".0"
            } else {
                x.add(v);
            }
        }
        ObjectNode members = node.putObject("members");
        String[] names = {null, "facility_energy_kwh", "co2e_kg", "water_l"};
        series.forEach((member, s) -> {
            ObjectNode m = members.putObject(member);
            for (int q = 1; q <= 3; q++) {
                ArrayNode values = m.putArray(names[q]);
                for (double v : s.at(xs, q, origin)) {
                    values.add(v);
                }
            }
        });
        return node;
    }

    /**
     * Totals per day, oldest first; over a span longer than {@link #MAX_DAILY_POINTS} days, per
     * bucket of {@code days} consecutive days from the scenario's start (each value the mean per day
     * over the days of the bucket aggregated so far; {@code day} its first day): the chart's width
     * holds no more points, and a five-year run stays at 457 points instead of 1,825.
     */
    /** The span the power chart shows, back from the latest window: two simulated days (48 hourly points). */
    static final long POWER_SPAN_MS = 2 * GridClock.DAY_MS;

    /**
     * The power chart: each data centre's facility power (kW, central) in each window of the last
     * {@link #POWER_SPAN_MS} of simulated time, on the windows of all of them ({@code x}, epoch
     * seconds; null where a data centre has no window).
     */
    static ObjectNode power(Map<String, NavigableMap<Long, Telemetry>> telemetry) {
        TreeSet<Long> starts = new TreeSet<>();
        telemetry.values().forEach(windows -> starts.addAll(windows.keySet()));
        if (!starts.isEmpty()) {
            starts.headSet(starts.last() - POWER_SPAN_MS, true).clear();
        }
        ObjectNode power = JSON.createObjectNode();
        ArrayNode x = power.putArray("x");
        starts.forEach(ms -> x.add(ms / 1000));
        ObjectNode kw = power.putObject("kw");
        telemetry.forEach((dc, windows) -> {
            ArrayNode values = kw.putArray(dc);
            for (Long start : starts) {
                Telemetry window = windows.get(start);
                if (window == null) {
                    values.addNull();
                } else {
                    values.add(window.getFacilityPowerKw());
                }
            }
        });
        return power;
    }

    static ArrayNode daily(java.util.Collection<Totals> days, Scenario scenario) {
        ArrayNode rows = JSON.createArrayNode();
        java.time.LocalDate first = null;
        int width = 1;
        if (scenario != null) {
            first = java.time.LocalDate.ofInstant(scenario.clock().start(), java.time.ZoneOffset.UTC);
            long span = java.time.Duration.between(
                                    scenario.clock().start(), scenario.clock().end())
                            .toDays()
                    + 1;
            width = (int) Math.max(1, (span + MAX_DAILY_POINTS - 1) / MAX_DAILY_POINTS);
        }
        List<Totals> bucket = new java.util.ArrayList<>();
        long bucketIndex = Long.MIN_VALUE;
        for (Totals t : days) {
            long index = width == 1 ? Long.MIN_VALUE : bucketOf(first, t.getMember(), width);
            boolean same = !bucket.isEmpty() && index != Long.MIN_VALUE && index == bucketIndex;
            if (!bucket.isEmpty() && !same) {
                rows.add(bucketRow(bucket, bucketIndex == Long.MIN_VALUE ? null : first.plusDays(bucketIndex * width)));
                bucket.clear();
            }
            bucket.add(t);
            bucketIndex = index;
        }
        if (!bucket.isEmpty()) {
            rows.add(bucketRow(bucket, bucketIndex == Long.MIN_VALUE ? null : first.plusDays(bucketIndex * width)));
        }
        return rows;
    }

    /** The bucket of a day ("2025-01-31"), or Long.MIN_VALUE for a member that is not a day (shown on its own). */
    private static long bucketOf(java.time.LocalDate first, String day, int width) {
        try {
            return Math.floorDiv(
                    java.time.temporal.ChronoUnit.DAYS.between(first, java.time.LocalDate.parse(day)), width);
        } catch (java.time.format.DateTimeParseException e) {
            return Long.MIN_VALUE;
        }
    }

    /** One day's totals as they are, or the mean per day of several (first day {@code start}). */
    private static ObjectNode bucketRow(List<Totals> bucket, java.time.LocalDate start) {
        if (start == null) { // a bucket of one day
            Totals t = bucket.get(0);
            return totals(t).put("day", t.getMember()).put("days", 1);
        }
        int n = bucket.size();
        ObjectNode node = JSON.createObjectNode();
        node.put(
                "requests",
                Math.round(bucket.stream().mapToLong(Totals::getRequests).sum() / (double) n));
        node.set("facility_energy_kwh", mean(bucket, i -> i.getFacilityEnergyKwh()));
        node.set("co2e_kg", mean(bucket, i -> i.getCo2eKg()));
        node.set("water_l", mean(bucket, i -> i.getWaterL()));
        node.put(
                "last_event",
                bucket.stream()
                        .map(Totals::getLastEvent)
                        .max(java.util.Comparator.naturalOrder())
                        .orElseThrow()
                        .toString());
        node.put("day", start == null ? bucket.get(0).getMember() : start.toString());
        node.put("days", n);
        return node;
    }

    /** The mean of each bound of a quantity over several days (p5/p95 null if any day has none). */
    private static ObjectNode mean(List<Totals> bucket, java.util.function.Function<Impacts, Quantity> which) {
        double low = 0, central = 0, high = 0, p5 = 0, p95 = 0;
        boolean likely = true;
        for (Totals t : bucket) {
            Quantity q = which.apply(t.getImpacts());
            low += q.getLow();
            central += q.getCentral();
            high += q.getHigh();
            if (q.getP5() == null || q.getP95() == null) {
                likely = false;
            } else {
                p5 += q.getP5();
                p95 += q.getP95();
            }
        }
        int n = bucket.size();
        return JSON.createObjectNode()
                .put("low", low / n)
                .put("p5", likely ? (Double) (p5 / n) : null)
                .put("central", central / n)
                .put("p95", likely ? (Double) (p95 / n) : null)
                .put("high", high / n);
    }

    private static ObjectNode totals(Totals t) {
        ObjectNode node = JSON.createObjectNode();
        node.put("requests", t.getRequests());
        Impacts i = t.getImpacts();
        node.set("facility_energy_kwh", quantity(i.getFacilityEnergyKwh()));
        node.set("co2e_kg", quantity(i.getCo2eKg()));
        node.set("water_l", quantity(i.getWaterL()));
        node.put("last_event", t.getLastEvent().toString());
        return node;
    }

    private static ObjectNode quantity(Quantity q) {
        // p5/p95: the likely range, null for an aggregate without one
        return JSON.createObjectNode()
                .put("low", q.getLow())
                .put("p5", q.getP5())
                .put("central", q.getCentral())
                .put("p95", q.getP95())
                .put("high", q.getHigh());
    }
}
