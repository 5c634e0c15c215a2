package org.rebound.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.rebound.avro.Telemetry;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.KafkaSetupException;
import org.rebound.kafka.Keys;
import org.rebound.kafka.Topics;

/**
 * Reads the runs' telemetry windows ({@code rebound.telemetry}, read_committed) in the background
 * as the aggregator commits them, for the summary's fleets and power series. Read after the run
 * instead, a year of 24 data centres (210,240 windows) added about 1 to 2.5 s to global-year's
 * end-to-end time; followed during the run, it costs the core the aggregator leaves, and at the end
 * only the last commits remain to read (docs/performance.md, "Telemetry and fleets").
 *
 * <p>The latest record of a window's key wins, as on the compacted topic. Runs started now have no
 * window yet, so the follower starts at the topic's end; a resumed run's earlier windows are on the
 * topic already, so it starts at the beginning.
 */
final class TelemetryFollower implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final List<String> runs;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final Thread thread;
    /** run -> data centre -> window start -> window; the follower's thread's alone until it ends. */
    private final Map<String, Map<String, TreeMap<Long, TelemetryWindow>>> windows = new HashMap<>();

    private volatile Map<TopicPartition, Long> until;
    private volatile RuntimeException failure;
    private boolean started;

    /**
     * Resolves where to read from now, before any window of a new run can exist.
     *
     * @param fromBeginning the runs may have windows on the topic already (a resumed run)
     */
    TelemetryFollower(KafkaClients clients, List<String> runs, boolean fromBeginning) {
        this.runs = List.copyOf(runs);
        runs.forEach(run -> windows.put(run, new TreeMap<>()));
        this.consumer =
                clients.reader(Topics.KEY.deserializer(), Serdes.ByteArray().deserializer());
        this.partitions = consumer.partitionsFor(Topics.TELEMETRY.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        partitions.forEach(consumer::position);
        this.thread = new Thread(this::follow, "rebound-telemetry");
        thread.setDaemon(true);
    }

    TelemetryFollower start() {
        started = true;
        thread.start();
        return this;
    }

    private void follow() {
        Deserializer<Telemetry> values = Topics.TELEMETRY.valueSerde().deserializer();
        try {
            while (true) {
                Map<TopicPartition, Long> end = until;
                if (end != null && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    return;
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    Map<String, TreeMap<Long, TelemetryWindow>> ofRun = ofRun(record.key());
                    if (ofRun != null && record.value() != null) {
                        Telemetry t = values.deserialize(record.topic(), record.value());
                        ofRun.computeIfAbsent(t.getDatacentre(), dc -> new TreeMap<>())
                                .put(t.getStart().toEpochMilli(), TelemetryWindow.of(t));
                    }
                }
            }
        } catch (WakeupException e) {
            // closed before the end
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    /** The windows of the run whose key this is (null: another run's). */
    private Map<String, TreeMap<Long, TelemetryWindow>> ofRun(String key) {
        for (String run : runs) {
            if (key.startsWith(Keys.member(run, ""))) {
                return windows.get(run);
            }
        }
        return null;
    }

    /**
     * Reads on up to {@code end} (the topic's end offsets once the runs' aggregates are all
     * committed), then stops.
     *
     * @return per run, each data centre's windows in time order
     */
    Map<String, Map<String, List<TelemetryWindow>>> finish(Map<TopicPartition, Long> end, Duration timeout)
            throws InterruptedException {
        until = Map.copyOf(end);
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            close();
            throw new KafkaSetupException(
                    Topics.TELEMETRY.name() + " not read to its end after " + timeout.toSeconds() + " s", null);
        }
        if (failure != null) {
            throw failure;
        }
        Map<String, Map<String, List<TelemetryWindow>>> read = new HashMap<>();
        windows.forEach((run, byDatacentre) -> {
            Map<String, List<TelemetryWindow>> inOrder = new TreeMap<>();
            byDatacentre.forEach((dc, byStart) -> inOrder.put(dc, new ArrayList<>(byStart.values())));
            read.put(run, inOrder);
        });
        return read;
    }

    @Override
    public void close() throws InterruptedException {
        if (!started) {
            consumer.close(); // still this thread's
        } else if (thread.isAlive()) {
            consumer.wakeup();
            thread.join(5_000);
        }
    }
}
