package org.rebound.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Serdes;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Totals;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.Keys;
import org.rebound.kafka.Topics;

/**
 * Follows a run's overall totals and period table on their topics as the aggregator commits
 * them: what the live progress line shows, and when the first aggregate appeared.
 */
final class LiveTotals implements AutoCloseable {

    private final String run;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final AtomicReference<Totals> latest = new AtomicReference<>();
    private final AtomicReference<PeriodTotals> latestPeriod = new AtomicReference<>();
    private final AtomicLong firstSeenNanos = new AtomicLong();

    LiveTotals(KafkaClients clients, String run) {
        this.run = run;
        this.consumer =
                clients.follower(Topics.KEY.deserializer(), Serdes.ByteArray().deserializer());
        this.thread = new Thread(this::follow, "rebound-live-totals");
        thread.setDaemon(true);
    }

    LiveTotals start() {
        // Resolve the end offsets now, before any of this run's aggregates can exist.
        List<TopicPartition> partitions = java.util.stream.Stream.of(Topics.TOTALS.name(), Topics.PERIODS.name())
                .flatMap(topic -> consumer.partitionsFor(topic).stream())
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread.start();
        return this;
    }

    private void follow() {
        String periodPrefix = Keys.member(run, "");
        try {
            while (!Thread.currentThread().isInterrupted()) {
                var polled = consumer.poll(Duration.ofMillis(100));
                if (!polled.isEmpty()) {
                    org.rebound.kafka.Timeline.once("live totals: first records polled");
                }
                for (ConsumerRecord<String, byte[]> record : polled) {
                    if (record.value() == null) {
                        continue;
                    }
                    if (record.topic().equals(Topics.TOTALS.name()) && run.equals(record.key())) {
                        latest.set(
                                Topics.TOTALS.valueSerde().deserializer().deserialize(record.topic(), record.value()));
                        if (firstSeenNanos.compareAndSet(0, System.nanoTime())) {
                            org.rebound.kafka.Timeline.mark("live totals: first aggregate");
                        }
                    } else if (record.topic().equals(Topics.PERIODS.name())
                            && record.key().startsWith(periodPrefix)) {
                        PeriodTotals period =
                                Topics.PERIODS.valueSerde().deserializer().deserialize(record.topic(), record.value());
                        latestPeriod.accumulateAndGet(
                                period, (a, b) -> a == null || b.getPeriod() >= a.getPeriod() ? b : a);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            KafkaClients.closeNow(consumer);
        }
    }

    /** Latest overall totals of the run, or null before the first. */
    Totals latest() {
        return latest.get();
    }

    /** The latest row of the run's most recent period, or null before the first. */
    PeriodTotals latestPeriod() {
        return latestPeriod.get();
    }

    /** System.nanoTime() when the first aggregate of the run was seen, 0 if not yet. */
    long firstSeenNanos() {
        return firstSeenNanos.get();
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(5_000);
    }
}
