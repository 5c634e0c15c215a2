package org.rebound.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Serdes;
import org.rebound.avro.ControlEvent;
import org.rebound.avro.ScenarioDefinition;
import org.rebound.avro.Telemetry;
import org.rebound.avro.Totals;
import org.rebound.domain.impact.GridClock;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.domain.scenario.ScenarioOverride;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.LiveChanges;
import org.rebound.kafka.Topic;
import org.rebound.kafka.Topics;

/**
 * Follows the aggregate topics of the runs on a cluster (the consumer loop) and keeps, for each run,
 * the latest state the page shows ({@link RunState}, registered by run id; {@link RunView} renders
 * it). {@link #version()} grows at every change, so the server pushes only when needed.
 */
final class DashboardFeed implements AutoCloseable {

    private static final List<Topic<String, ?>> FOLLOWED = List.of(
            Topics.SCENARIOS,
            Topics.TOTALS,
            Topics.TOTALS_BY_DATACENTRE,
            Topics.TOTALS_BY_KIND,
            Topics.TOTALS_DAILY,
            Topics.PERIODS,
            Topics.CONTROL,
            Topics.TELEMETRY);
    /** Telemetry windows kept per data centre: those of the last seven simulated days (168 hourly windows, or 7 daily ticks). */
    static final long TELEMETRY_KEPT_MS = 7 * GridClock.DAY_MS;

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final Map<String, RunState> runs = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    /**
     * A data centre's latest <em>complete</em> telemetry window: the latest one that the run's
     * simulated time has passed the end of (the hour in progress is still being summed), or null.
     */
    static Telemetry latestCompleteWindow(NavigableMap<Long, Telemetry> windows, Instant now) {
        for (Telemetry window : windows.descendingMap().values()) {
            if (!window.getEnd().isAfter(now)) {
                return window;
            }
        }
        return null;
    }

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
            } else if (topic.equals(Topics.TELEMETRY.name())) {
                Telemetry window = decode(Topics.TELEMETRY, record);
                NavigableMap<Long, Telemetry> windows =
                        state.telemetry.computeIfAbsent(window.getDatacentre(), dc -> new TreeMap<>());
                windows.put(window.getStart().toEpochMilli(), window);
                while (windows.firstKey() < windows.lastKey() - TELEMETRY_KEPT_MS) {
                    windows.pollFirstEntry();
                }
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

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(5_000);
    }
}
