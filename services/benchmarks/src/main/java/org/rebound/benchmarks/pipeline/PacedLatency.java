package org.rebound.benchmarks.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.rebound.aggregator.ImpactAggregator;
import org.rebound.aggregator.ImpactTopology;
import org.rebound.avro.Totals;
import org.rebound.domain.scenario.Scenario;
import org.rebound.generator.Ledger;
import org.rebound.generator.LoadGenerator;
import org.rebound.kafka.CatchUpBarrier;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.RunIds;
import org.rebound.kafka.TempDirs;
import org.rebound.kafka.TopicAdmin;
import org.rebound.kafka.Topics;

/**
 * Latency from a load event to its aggregate at real-time pacing, for the pipeline bench: for
 * each transaction the generator commits, the wall time until a read_committed consumer of
 * rebound.totals first sees a run total that counts its requests.
 */
final class PacedLatency {

    private record Seen(long nanos, long requests) {}

    private PacedLatency() {}

    /** Latencies in milliseconds, one per committed transaction that carried requests. */
    static double[] measure(Scenario scenario, KafkaClients clients, int partitionCount) throws InterruptedException {
        String run = "bench-latency-" + RunIds.newRunId(scenario);
        String applicationId = "rebound-bench-latency-" + System.currentTimeMillis();
        Path stateDir = TempDirs.create("rebound-bench-latency-");
        List<Seen> committed = new CopyOnWriteArrayList<>();
        List<Seen> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = null;
        try (Admin admin = Admin.create(clients.config());
                ImpactAggregator aggregator = ImpactAggregator.start(clients, applicationId, stateDir)) {
            TopicAdmin.ensureTopics(admin, partitionCount, (short) 1);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (aggregator.state() != KafkaStreams.State.RUNNING
                    && aggregator.failure().isEmpty()
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            KafkaConsumer<String, Totals> consumer = clients.reader(
                    Topics.KEY.deserializer(), Topics.TOTALS.valueSerde().deserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.TOTALS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            reader = new Thread(
                    () -> {
                        try (consumer) {
                            while (reading.get()) {
                                for (ConsumerRecord<String, Totals> record : consumer.poll(Duration.ofMillis(20))) {
                                    if (run.equals(record.key()) && record.value() != null) {
                                        seen.add(new Seen(
                                                System.nanoTime(),
                                                record.value().getRequests()));
                                    }
                                }
                            }
                        }
                    },
                    "rebound-bench-latency-reader");
            reader.setDaemon(true);
            reader.start();

            LoadGenerator generator = new LoadGenerator(
                    scenario, LoadGenerator.Options.of(run, scenario).withSpeed(1.0), clients);
            Ledger ledger =
                    generator.run((until, requests, events) -> committed.add(new Seen(System.nanoTime(), requests)));
            new CatchUpBarrier(clients, admin, applicationId, ImpactTopology.repartitionTopics(), Duration.ofMinutes(2))
                    .await(ledger.lastOffsets(), aggregator::failure);
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < until
                    && (seen.isEmpty() || seen.get(seen.size() - 1).requests() < ledger.requests())) {
                Thread.sleep(20);
            }
        } finally {
            reading.set(false);
            if (reader != null) {
                reader.join(5_000);
            }
            TempDirs.deleteRecursively(stateDir);
        }
        List<Double> latencies = new ArrayList<>();
        long previous = 0;
        for (Seen commit : committed) {
            if (commit.requests() <= previous) {
                continue; // a transaction without requests (state, changes) has no total to wait for
            }
            previous = commit.requests();
            for (Seen total : seen) {
                if (total.requests() >= commit.requests()) {
                    latencies.add(Math.max(0, total.nanos() - commit.nanos()) / 1e6);
                    break;
                }
            }
        }
        return latencies.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
