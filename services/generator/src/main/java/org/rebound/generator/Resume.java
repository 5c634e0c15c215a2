package org.rebound.generator;

import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.rebound.avro.LoadEvent;
import org.rebound.domain.scenario.Scenario;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.Keys;
import org.rebound.kafka.Topics;

/**
 * Where an earlier incarnation of this run left off, read from the topics: whether it
 * published the run (definition and state), and the start of the last tick whose load it
 * committed for this instance's data centres (transactions always end between ticks).
 */
record Resume(boolean started, long lastTickStartMs) {
    static final Resume NONE = new Resume(false, Long.MIN_VALUE);

    private static final org.apache.kafka.common.serialization.Deserializer<LoadEvent> LOAD_EVENTS =
            Topics.REQUESTS.valueSerde().deserializer();

    static Resume find(KafkaClients clients, LoadGenerator.Options options, Scenario scenario) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (int d = 0; d < scenario.datacentres().size(); d++) {
            if (options.owns(d)) {
                keys.add(
                        Keys.member(options.run(), scenario.datacentres().get(d).id()));
            }
        }
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer = clients.reader(
                Topics.KEY.deserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            // a fresh run has no data-centre record yet: the (long) load topic is read only on a resume
            if (latestTimestamp(consumer, Topics.DATACENTRES.name(), keys, ConsumerRecord::timestamp) == null) {
                return NONE;
            }
            Long last = latestTimestamp(consumer, Topics.REQUESTS.name(), keys, Resume::lastTickStart);
            return new Resume(true, last == null ? Long.MIN_VALUE : last);
        }
    }

    /**
     * The start of a load record's last tick (a record holds one or more): its timestamp is its
     * first tick's. A record that does not decode (a poison record written by someone else) counts
     * by its timestamp.
     */
    private static long lastTickStart(ConsumerRecord<String, byte[]> record) {
        LoadEvent event;
        try {
            event = LOAD_EVENTS.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            return record.timestamp();
        }
        if (event == null || event.getLaterTicks().isEmpty()) {
            return record.timestamp();
        }
        return event.getLaterTicks()
                .get(event.getLaterTicks().size() - 1)
                .getTickStart()
                .toEpochMilli();
    }

    /** The latest instant ({@code instant} of a record) of a committed record with one of {@code keys} on {@code topic}, or null. */
    private static Long latestTimestamp(
            org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer,
            String topic,
            java.util.Set<String> keys,
            ToLongFunction<ConsumerRecord<String, byte[]>> instant) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Long latest = null;
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(java.time.Duration.ofMillis(100))) {
                if (keys.contains(record.key())) {
                    long at = instant.applyAsLong(record);
                    latest = latest == null ? at : Math.max(latest, at);
                }
            }
        }
        return latest;
    }
}
