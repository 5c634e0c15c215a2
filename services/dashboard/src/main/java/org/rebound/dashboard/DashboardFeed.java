package org.rebound.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Serdes;
import org.rebound.avro.ControlEvent;
import org.rebound.avro.Impacts;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Quantity;
import org.rebound.avro.ScenarioDefinition;
import org.rebound.avro.Totals;
import org.rebound.domain.impact.Equivalences;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.domain.scenario.ScenarioOverride;
import org.rebound.kafka.AvroMapping;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.LiveChanges;
import org.rebound.kafka.Topic;
import org.rebound.kafka.Topics;

/**
 * Follows the aggregate topics of the runs on a cluster and keeps, for each, the latest state the
 * page shows. {@link #version()} grows at every change, so the server pushes only when needed.
 */
final class DashboardFeed implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Topic<String, ?>> FOLLOWED = List.of(
            Topics.SCENARIOS,
            Topics.TOTALS,
            Topics.TOTALS_BY_DATACENTRE,
            Topics.TOTALS_BY_KIND,
            Topics.TOTALS_DAILY,
            Topics.PERIODS,
            Topics.CONTROL);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final Map<String, RunState> runs = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    /** Everything known of one run, keyed for stable ordering. */
    static final class RunState {
        volatile ScenarioDefinition definition;
        volatile Scenario scenario;
        volatile Totals overall;
        final Map<String, Totals> datacentres = new TreeMap<>();
        final Map<String, Totals> kinds = new TreeMap<>();
        final Map<String, Totals> days = new TreeMap<>();
        final Map<String, PeriodTotals> periods = new TreeMap<>();
        final Map<String, ControlEvent> changes = new java.util.LinkedHashMap<>();
        /** Cumulative totals over simulated time, per kind and per data centre (for the stacked charts). */
        final Map<String, Series> kindSeries = new TreeMap<>();

        final Map<String, Series> datacentreSeries = new TreeMap<>();
        /** The scenario as the changes in force so far leave it (timeline and live). */
        Scenario current;

        long currentAtNanos = System.nanoTime() - CURRENT_EVERY_NANOS;
        /** The changes in force, one per path (its latest value), in the order they were last set. */
        final Map<String, org.rebound.domain.scenario.ScenarioChange> applied = new java.util.LinkedHashMap<>();

        final java.util.Set<String> considered = new java.util.HashSet<>();
    }

    /**
     * The run's scenario with every change whose instant has come applied (a change that cannot
     * apply — the generator refused it too — is skipped). Re-read only when a change comes due.
     */
    /** The run's simulated "now": the instant of its latest aggregated load event (its start before any). */
    static java.time.Instant now(RunState state, Scenario scenario) {
        return state.overall == null ? scenario.clock().start() : state.overall.getLastEvent();
    }

    /**
     * The central carbon intensity of a data centre's grid over the simulated hour from
     * {@code now} (daily profile and yearly trend applied, as the aggregator values it), gCO2e/kWh.
     */
    static double carbonGPerKwhNow(
            Scenario scenario, org.rebound.domain.scenario.DataCentre dc, java.time.Instant now) {
        org.rebound.domain.scenario.Region region = scenario.regionOf(dc);
        return region.carbonGPerKwh().central()
                * org.rebound.domain.impact.GridClock.carbonMultiplier(
                        region.dailyProfile(),
                        region.utcOffsetHours(),
                        region.carbonChangePerYear(),
                        scenario.clock().start(),
                        now,
                        org.rebound.domain.impact.GridClock.HOUR_MS);
    }

    /** The changes in force after {@code next} (one per path), if the scenario takes them. */
    private static boolean apply(RunState state, Map<String, org.rebound.domain.scenario.ScenarioChange> next) {
        try {
            state.current = ScenarioLoader.stateAfter(state.scenario.text(), List.copyOf(next.values()), false);
            state.applied.clear();
            state.applied.putAll(next);
            return true;
        } catch (org.rebound.domain.scenario.ScenarioException | RuntimeException e) {
            return false; // refused by the generator as well: the run goes on without it
        }
    }

    private static final long CURRENT_EVERY_NANOS = 1_000_000_000L;

    /** The changes in force, then {@code changes}: one single-path change per path, in the order last set. */
    private static Map<String, org.rebound.domain.scenario.ScenarioChange> merged(
            Map<String, org.rebound.domain.scenario.ScenarioChange> applied,
            List<org.rebound.domain.scenario.ScenarioChange> changes) {
        var next = new java.util.LinkedHashMap<>(applied);
        for (var change : changes) {
            new java.util.TreeMap<>(change.set()).forEach((path, value) -> {
                next.remove(path); // set again: now after the paths set in between (a parent set later wins)
                next.put(
                        path,
                        new org.rebound.domain.scenario.ScenarioChange(
                                change.at(), Map.of(path, value), change.note(), change.origin()));
            });
        }
        return next;
    }

    static Scenario current(RunState state, java.time.Instant now) {
        if (state.scenario == null) {
            return null;
        }
        if (state.current == null) {
            state.current = state.scenario;
        }
        if (System.nanoTime() - state.currentAtNanos < CURRENT_EVERY_NANOS) {
            // reading the scenario again costs tens of milliseconds: changes arriving many a second
            // are taken together, at most once a second (the sliders' positions; the list of
            // changes itself is shown at once)
            return state.current;
        }
        state.currentAtNanos = System.nanoTime();
        List<org.rebound.domain.scenario.ScenarioChange> pending = new java.util.ArrayList<>();
        for (Map.Entry<String, ControlEvent> entry : state.changes.entrySet()) {
            ControlEvent event = entry.getValue();
            if (state.considered.contains(entry.getKey())
                    || (event.getAt() != null && event.getAt().isAfter(now))) {
                continue;
            }
            state.considered.add(entry.getKey());
            pending.add(AvroMapping.change(event, now));
        }
        // Only the latest value of each path matters: the scenario is read again with one change per
        // path set so far (a few sliders), not with every change so far (a room at 5 changes a second
        // for a minute sends 300; reading them all at each one took seconds). The changes come due
        // together in one reading; if that fails, one by one (one of them cannot apply).
        if (!pending.isEmpty() && !apply(state, merged(state.applied, pending))) {
            for (var change : pending) {
                apply(state, merged(state.applied, List.of(change)));
            }
        }
        return state.current;
    }

    /**
     * A member's running totals at successive simulated instants (epoch seconds; facility energy,
     * CO2e, water, central). Only the samples on either side of a point of the chart's grid matter
     * to it (the chart interpolates between them), so within one cell of the grid only the first and
     * the latest are kept: at most two a cell, whatever the speed, and the points already drawn never
     * move (a viewer is sent only the new ones).
     */
    static final class Series {
        final java.util.List<double[]> points = new java.util.ArrayList<>();

        void add(Totals t, StackGrid grid) {
            double[] point = {
                t.getLastEvent().toEpochMilli() / 1000.0,
                t.getImpacts().getFacilityEnergyKwh().getCentral(),
                t.getImpacts().getCo2eKg().getCentral(),
                t.getImpacts().getWaterL().getCentral()
            };
            int n = points.size();
            if (n > 0 && points.get(n - 1)[0] >= point[0]) {
                if (points.get(n - 1)[0] == point[0]) {
                    points.set(n - 1, point);
                }
                return; // an older running total (never expected): the later one stands
            }
            if (grid != null
                    && n >= 2
                    && grid.cell(points.get(n - 1)[0]) == grid.cell(point[0])
                    && grid.cell(points.get(n - 2)[0]) == grid.cell(point[0])) {
                points.set(n - 1, point); // the cell's first sample and this one are all its grid points need
                return;
            }
            points.add(point);
        }

        /**
         * The value (index 1..3) at each instant of {@code xs} (ascending), interpolated between this
         * member's own samples, from 0 at {@code origin} (the run's start: nothing counted yet; Kafka
         * Streams' cache merges updates, so members are sampled at different instants: holding the
         * last value would draw false flat stretches); the last value after the last one.
         */
        double[] at(List<Double> xs, int quantity, double origin) {
            double[] values = new double[xs.size()];
            double beforeX = origin;
            double beforeV = 0;
            int next = 0;
            for (int i = 0; i < xs.size(); i++) {
                double x = xs.get(i);
                while (next < points.size() && points.get(next)[0] < x) {
                    beforeX = points.get(next)[0];
                    beforeV = points.get(next)[quantity];
                    next++;
                }
                if (next < points.size()) {
                    double[] after = points.get(next);
                    if (after[0] == x || x <= beforeX) {
                        values[i] = after[0] == x ? after[quantity] : beforeV;
                    } else {
                        values[i] = beforeV + (x - beforeX) / (after[0] - beforeX) * (after[quantity] - beforeV);
                    }
                } else {
                    values[i] = next == 0 ? 0 : beforeV;
                }
            }
            return values;
        }
    }

    /**
     * The instants the stacked charts are drawn at: {@value #MAX_STACK_POINTS} whole seconds evenly
     * spread over the scenario's span (a chart 540 pixels wide draws no more), fixed for the run so
     * that a point once drawn stays put.
     */
    record StackGrid(long startSeconds, double stepSeconds) {
        static StackGrid of(Scenario scenario) {
            long start = scenario.clock().start().getEpochSecond();
            long end = scenario.clock().end().getEpochSecond();
            return new StackGrid(start, Math.max(1, (end - start) / (double) (MAX_STACK_POINTS - 1)));
        }

        long cell(double seconds) {
            return (long) Math.floor((seconds - startSeconds) / stepSeconds);
        }

        /** The grid's instants before {@code until}, then {@code until} itself. */
        List<Double> upTo(double until) {
            List<Double> xs = new java.util.ArrayList<>();
            for (int i = 0; i < MAX_STACK_POINTS; i++) {
                double x = startSeconds + Math.round(i * stepSeconds);
                if (x >= until) {
                    break;
                }
                xs.add(x);
            }
            xs.add(until);
            return xs;
        }
    }

    /** Points of a stacked chart (the grid's, plus "now"). */
    static final int MAX_STACK_POINTS = 300;

    /**
     * Points of the daily chart: a span longer than this many days is drawn in buckets of a few
     * days (each the mean per day of its days), as many as the chart's width can show.
     */
    static final int MAX_DAILY_POINTS = 500;

    DashboardFeed(KafkaClients clients) {
        consumer = clients.reader(Topics.KEY.deserializer(), Serdes.ByteArray().deserializer());
        thread = new Thread(this::follow, "rebound-dashboard-feed");
        thread.setDaemon(true);
        thread.start();
    }

    /** Every run known, by run id (read under the state's own lock). */
    Map<String, RunState> runs() {
        return runs;
    }

    /** The definition of a run as read from the scenarios topic, or null if not read (yet). */
    ScenarioDefinition definition(String run) {
        RunState state = run == null ? null : runs.get(run);
        return state == null ? null : state.definition;
    }

    long version() {
        return version.get();
    }

    /** Something every page shows changed besides the runs (what is hidden): pushed again. */
    void touch() {
        version.incrementAndGet();
    }

    /** The state of a run, or null when none of it is known yet. */
    RunState run(String run) {
        return run == null ? null : runs.get(run);
    }

    /** The most recently started run known, or null. */
    String latestRun() {
        List<String> latest = latestRuns();
        return latest.isEmpty() ? null : latest.get(0);
    }

    /**
     * The runs started together most recently (one command's runs share their {@code started_at},
     * e.g. a scenario and its baseline), baselines last; empty when none is known. Run ids are
     * opaque: never parsed.
     */
    List<String> latestRuns() {
        List<ScenarioDefinition> known = runs.values().stream()
                .map(r -> r.definition)
                .filter(java.util.Objects::nonNull)
                .sorted(LiveChanges.LATEST_FIRST)
                .toList();
        if (known.isEmpty()) {
            return List.of();
        }
        java.time.Instant latest = known.get(0).getStartedAt();
        return known.stream()
                .filter(d -> d.getStartedAt().equals(latest))
                .map(ScenarioDefinition::getRun)
                .toList();
    }

    /** The topics may not exist yet (a run about to start creates them): wait for them. */
    private void assign() throws InterruptedException {
        while (true) {
            List<TopicPartition> partitions = FOLLOWED.stream()
                    .flatMap(t ->
                            java.util.Optional.ofNullable(consumer.partitionsFor(t.name())).orElse(List.of()).stream())
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            if (partitions.stream().map(TopicPartition::topic).distinct().count() == FOLLOWED.size()) {
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                return;
            }
            Thread.sleep(200);
        }
    }

    private void follow() {
        try {
            assign();
            while (!Thread.currentThread().isInterrupted()) {
                boolean changed = false;
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.value() != null && record.key() != null) {
                        apply(record);
                        changed = true;
                    }
                }
                if (changed) {
                    version.incrementAndGet();
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        String topic = record.topic();
        String key = record.key();
        int slash = key.indexOf('/');
        String run = slash < 0 ? key : key.substring(0, slash);
        RunState state = runs.computeIfAbsent(run, r -> new RunState());
        synchronized (state) {
            if (topic.equals(Topics.SCENARIOS.name())) {
                state.definition = decode(Topics.SCENARIOS, record);
                state.scenario = parse(state.definition);
            } else if (topic.equals(Topics.TOTALS.name())) {
                state.overall = decode(Topics.TOTALS, record);
            } else if (topic.equals(Topics.TOTALS_BY_DATACENTRE.name())) {
                Totals t = decode(Topics.TOTALS_BY_DATACENTRE, record);
                state.datacentres.put(key, t);
                state.datacentreSeries
                        .computeIfAbsent(t.getMember(), m -> new Series())
                        .add(t, state.scenario == null ? null : StackGrid.of(state.scenario));
            } else if (topic.equals(Topics.TOTALS_BY_KIND.name())) {
                Totals t = decode(Topics.TOTALS_BY_KIND, record);
                state.kinds.put(key, t);
                state.kindSeries
                        .computeIfAbsent(t.getMember(), m -> new Series())
                        .add(t, state.scenario == null ? null : StackGrid.of(state.scenario));
            } else if (topic.equals(Topics.TOTALS_DAILY.name())) {
                state.days.put(key, decode(Topics.TOTALS_DAILY, record));
            } else if (topic.equals(Topics.PERIODS.name())) {
                state.periods.put(key, decode(Topics.PERIODS, record));
            } else if (topic.equals(Topics.CONTROL.name())) {
                ControlEvent event = decode(Topics.CONTROL, record);
                // a live change comes back stamped with the tick it took effect at: same id, replaces it
                state.changes.put(event.getId(), event);
            }
        }
    }

    private static <V> V decode(Topic<String, V> topic, ConsumerRecord<String, byte[]> record) {
        return topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
    }

    private static Scenario parse(ScenarioDefinition definition) {
        try {
            return ScenarioLoader.parse(
                    definition.getYaml(),
                    definition.getFileName(),
                    definition.getOverrides().stream()
                            .map(ScenarioOverride::parse)
                            .toList());
        } catch (Exception e) {
            return null;
        }
    }

    /** The page's view: the first run in full, the others beside it (totals and periods). */
    ObjectNode snapshot(List<String> shown) {
        ObjectNode root = snapshot(shown.isEmpty() ? null : shown.get(0));
        ArrayNode beside = root.putArray("beside");
        for (String other : shown.subList(Math.min(1, shown.size()), shown.size())) {
            ObjectNode full = snapshot(other);
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
    ObjectNode snapshot(String run) {
        ObjectNode root = JSON.createObjectNode();
        RunState state = run == null ? null : runs.get(run);
        root.put("version", version.get());
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
                java.time.Instant now = now(state, scenario);
                Scenario current = current(state, now);
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
                            .put("carbon_g_per_kwh_now", carbonGPerKwhNow(scenario, dc, now));
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
            double recent = latest - 0.05 * grid.stepSeconds() * (MAX_STACK_POINTS - 1);
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

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(5_000);
    }
}
