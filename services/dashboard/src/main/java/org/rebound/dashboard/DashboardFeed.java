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

        final java.util.List<org.rebound.domain.scenario.ScenarioChange> applied = new java.util.ArrayList<>();
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

    static Scenario current(RunState state, java.time.Instant now) {
        if (state.scenario == null) {
            return null;
        }
        if (state.current == null) {
            state.current = state.scenario;
        }
        for (Map.Entry<String, ControlEvent> entry : state.changes.entrySet()) {
            ControlEvent event = entry.getValue();
            if (state.considered.contains(entry.getKey())
                    || (event.getAt() != null && event.getAt().isAfter(now))) {
                continue;
            }
            state.considered.add(entry.getKey());
            var change = AvroMapping.change(event, now);
            var next = new java.util.ArrayList<>(state.applied);
            next.add(change);
            try {
                state.current = ScenarioLoader.stateAfter(state.scenario.text(), next, false);
                state.applied.add(change);
            } catch (org.rebound.domain.scenario.ScenarioException | RuntimeException e) {
                // refused by the generator as well: the run goes on without it
            }
        }
        return state.current;
    }

    /** A member's running totals at successive simulated instants, thinned to at most {@link #MAX_POINTS}. */
    private static final class Series {
        final java.util.List<double[]> points = new java.util.ArrayList<>();

        void add(Totals t) {
            double[] point = {
                t.getLastEvent().toEpochMilli() / 1000.0,
                t.getImpacts().getFacilityEnergyKwh().getCentral(),
                t.getImpacts().getCo2eKg().getCentral(),
                t.getImpacts().getWaterL().getCentral()
            };
            if (!points.isEmpty() && points.get(points.size() - 1)[0] >= point[0]) {
                points.set(points.size() - 1, point);
                return;
            }
            points.add(point);
            if (points.size() > MAX_POINTS) {
                // keep every other point, and always the latest
                java.util.List<double[]> thinned = new java.util.ArrayList<>();
                for (int i = 0; i < points.size(); i += 2) {
                    thinned.add(points.get(i));
                }
                if (thinned.get(thinned.size() - 1) != point) {
                    thinned.add(point);
                }
                points.clear();
                points.addAll(thinned);
            }
        }

        /**
         * The value (index 1..3) at instant x, interpolated between this member's own samples
         * (Kafka Streams' cache merges updates, so members are sampled at different instants:
         * holding the last value would draw false flat stretches); 0 before the first sample,
         * the last value after the last one.
         */
        double at(double x, int quantity) {
            double[] before = null;
            for (double[] p : points) {
                if (p[0] >= x) {
                    if (p[0] == x) {
                        return p[quantity];
                    }
                    if (before == null) {
                        return 0;
                    }
                    double share = (x - before[0]) / (p[0] - before[0]);
                    return before[quantity] + share * (p[quantity] - before[quantity]);
                }
                before = p;
            }
            return before == null ? 0 : before[quantity];
        }
    }

    private static final int MAX_POINTS = 300;

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

    long version() {
        return version.get();
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
                        .add(t);
            } else if (topic.equals(Topics.TOTALS_BY_KIND.name())) {
                Totals t = decode(Topics.TOTALS_BY_KIND, record);
                state.kinds.put(key, t);
                state.kindSeries
                        .computeIfAbsent(t.getMember(), m -> new Series())
                        .add(t);
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
            ArrayNode days = root.putArray("daily");
            state.days.values().forEach(t -> days.add(totals(t).put("day", t.getMember())));
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
            root.set("stack_kind", stack(state.kindSeries));
            root.set("stack_datacentre", stack(state.datacentreSeries));
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
     * Running totals of each member on common instants (the union of their points, thinned):
     * {"x": [epoch s...], "members": {"text": {"facility_energy_kwh": [...], "co2e_kg": [...], "water_l": [...]}}}.
     */
    private static ObjectNode stack(Map<String, Series> series) {
        java.util.TreeSet<Double> instants = new java.util.TreeSet<>();
        series.values().forEach(s -> s.points.forEach(p -> instants.add(p[0])));
        List<Double> xs = new java.util.ArrayList<>(instants);
        if (xs.size() > MAX_POINTS) {
            List<Double> thinned = new java.util.ArrayList<>();
            double step = (xs.size() - 1) / (double) (MAX_POINTS - 1);
            for (int i = 0; i < MAX_POINTS; i++) {
                thinned.add(xs.get((int) Math.round(i * step)));
            }
            xs = thinned;
        }
        ObjectNode node = JSON.createObjectNode();
        ArrayNode x = node.putArray("x");
        xs.forEach(x::add);
        List<Double> grid = xs;
        ObjectNode members = node.putObject("members");
        String[] names = {null, "facility_energy_kwh", "co2e_kg", "water_l"};
        series.forEach((member, s) -> {
            ObjectNode m = members.putObject(member);
            for (int q = 1; q <= 3; q++) {
                ArrayNode values = m.putArray(names[q]);
                for (double instant : grid) {
                    values.add(s.at(instant, q));
                }
            }
        });
        return node;
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
