package org.rebound.generator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.rebound.avro.ControlEvent;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.Topics;

/**
 * Follows a run's control events on {@code rebound.control}: the scheduled timeline changes the
 * generator published at start, then live changes as they come. Not thread-safe: owned by the
 * generator's thread.
 */
final class ControlFeed implements AutoCloseable {

    private final String run;
    private final KafkaConsumer<String, ControlEvent> consumer;

    ControlFeed(KafkaClients clients, String run) {
        this.run = run;
        this.consumer = clients.reader(
                Topics.CONTROL.keySerde().deserializer(),
                Topics.CONTROL.valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.CONTROL.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Blocks until {@code expected} events of this run have been read (the ones just published), or fails. */
    List<ControlEvent> awaitFirst(int expected, Duration timeout) {
        List<ControlEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.size() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "read " + events.size() + " of the " + expected + " scheduled changes back from "
                                + Topics.CONTROL.name() + " in " + timeout.toSeconds() + " s");
            }
            events.addAll(poll(Duration.ofMillis(50)));
        }
        return events;
    }

    /** Every event of this run up to the current end of the topic. */
    List<ControlEvent> readToEnd() {
        List<ControlEvent> events = new ArrayList<>();
        java.util.Set<TopicPartition> partitions = consumer.assignment();
        java.util.Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            events.addAll(poll(Duration.ofMillis(100)));
        }
        return events;
    }

    /**
     * One event per id, in order of first appearance: a live change's stamped copy (its
     * {@code at} set to the tick it took effect at) replaces the original.
     */
    static List<ControlEvent> preferStamped(List<ControlEvent> events) {
        java.util.Map<String, ControlEvent> byId = new java.util.LinkedHashMap<>();
        for (ControlEvent event : events) {
            ControlEvent seen = byId.get(event.getId());
            if (seen == null || (seen.getAt() == null && event.getAt() != null)) {
                byId.put(event.getId(), event);
            }
        }
        return new ArrayList<>(byId.values());
    }

    /** What arrived since the last call, without waiting. */
    List<ControlEvent> poll() {
        return poll(Duration.ZERO);
    }

    private List<ControlEvent> poll(Duration wait) {
        List<ControlEvent> events = new ArrayList<>();
        for (ConsumerRecord<String, ControlEvent> record : consumer.poll(wait)) {
            if (run.equals(record.key()) && record.value() != null) {
                events.add(record.value());
            }
        }
        return events;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
