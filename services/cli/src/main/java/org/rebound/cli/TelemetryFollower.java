package org.rebound.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Serdes;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.KafkaSetupException;
import org.rebound.kafka.Keys;
import org.rebound.kafka.Topics;

/**
 * Reads the runs' telemetry windows ({@code rebound.telemetry}, read_committed) in the background
 * as the aggregator commits them, for the summary's fleets and power series. Read after the run
 * instead, global-year's 210,240 windows took 1.7 to 1.9 s after its pipeline; followed during the
 * run, only the last commits remain to read at the end. Keys are compared as bytes and values read
 * through a projection ({@link TelemetryWindowReader}), so that reading costs little CPU while the
 * aggregator works (docs/performance.md, "Telemetry and fleets").
 *
 * <p>The latest record of a window's key wins, as on the compacted topic. Runs started now have no
 * window yet, so the follower starts at the topic's end; a resumed run's earlier windows are on the
 * topic already, so it starts at the beginning.
 */
final class TelemetryFollower implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final List<String> runs;
    /** Each run's key prefix, {@code <run>/}, as bytes: keys are compared before anything is decoded. */
    private final List<byte[]> prefixes;

    private final KafkaConsumer<byte[], byte[]> consumer;
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
        this.prefixes = runs.stream()
                .map(run -> Keys.member(run, "").getBytes(StandardCharsets.UTF_8))
                .toList();
        runs.forEach(run -> windows.put(run, new TreeMap<>()));
        // Following, not reading back what exists (KafkaClients.follower): a fetch that finds nothing
        // waits at the broker for up to 100 ms, so that the follower asks 10 times a second during
        // the run, not 100 (on global-year: half its CPU). Kafka's 500 ms would save a little more
        // but leave up to half a second to wait at the end.
        this.consumer = clients.follower(
                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
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
        TelemetryWindowReader values = new TelemetryWindowReader();
        try {
            while (true) {
                Map<TopicPartition, Long> end = until;
                if (end != null && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    return;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    Map<String, TreeMap<Long, TelemetryWindow>> ofRun = ofRun(record.key());
                    if (ofRun != null && record.value() != null) {
                        TelemetryWindowReader.Read read = values.read(record.value());
                        ofRun.computeIfAbsent(read.datacentre(), dc -> new TreeMap<>())
                                .put(read.window().startMs(), read.window());
                    }
                }
            }
        } catch (WakeupException e) {
            // closed before the end
        } catch (RuntimeException e) {
            failure = e; // a window that cannot be read: the summary fails, as it would reading the topic after the run
        } finally {
            KafkaClients.closeNow(consumer);
        }
    }

    /** The windows of the run whose key this is (null: another run's). */
    private Map<String, TreeMap<Long, TelemetryWindow>> ofRun(byte[] key) {
        for (int i = 0; i < runs.size(); i++) {
            byte[] prefix = prefixes.get(i);
            if (key != null
                    && key.length > prefix.length
                    && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
                return windows.get(runs.get(i));
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
            KafkaClients.closeNow(consumer); // still this thread's
        } else if (thread.isAlive()) {
            consumer.wakeup();
            thread.join(5_000);
        }
    }
}
