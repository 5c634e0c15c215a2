package org.rebound.cli;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.rebound.avro.Totals;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.Topics;

/**
 * Follows a run's overall totals on their topic as the aggregator commits them: what the live
 * progress line shows, and when the first aggregate appeared.
 */
final class LiveTotals implements AutoCloseable {

    private final String run;
    private final KafkaConsumer<String, Totals> consumer;
    private final Thread thread;
    private final AtomicReference<Totals> latest = new AtomicReference<>();
    private final AtomicLong firstSeenNanos = new AtomicLong();

    LiveTotals(KafkaClients clients, String run) {
        this.run = run;
        this.consumer = clients.reader(Topics.TOTALS.keySerde().deserializer(), Topics.TOTALS.valueSerde().deserializer());
        this.thread = new Thread(this::follow, "rebound-live-totals");
        thread.setDaemon(true);
    }

    LiveTotals start() {
        // Resolve the end offsets now, before any of this run's totals can exist.
        var partitions = consumer.partitionsFor(Topics.TOTALS.name()).stream()
                .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread.start();
        return this;
    }

    private void follow() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, Totals> record : consumer.poll(Duration.ofMillis(100))) {
                    if (run.equals(record.key()) && record.value() != null) {
                        latest.set(record.value());
                        firstSeenNanos.compareAndSet(0, System.nanoTime());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /** Latest overall totals of the run, or null before the first. */
    Totals latest() {
        return latest.get();
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
