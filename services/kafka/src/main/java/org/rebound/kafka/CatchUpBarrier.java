package org.rebound.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The end-of-run barrier: waits until a Kafka Streams application (its consumer group) has
 * committed, with exactly-once, every record of its source partitions up to given offsets, and
 * then everything it wrote to its own repartition topics. Once it returns, every aggregate that
 * depends on those records is committed in the output topics.
 *
 * <p>Offsets are compared with the last <em>data</em> record of each partition, not the end
 * offset: transaction markers occupy offsets too, and a consumer may commit before it has
 * skipped the final marker.
 */
public final class CatchUpBarrier {

    private static final Duration PAUSE = Duration.ofMillis(50);

    private final KafkaClients clients;
    private final Admin admin;
    private final String applicationId;
    private final java.util.Set<String> repartitionTopics;
    private final Duration stallTimeout;

    /**
     * @param stallTimeout how long the group may make no progress at all before the wait fails
     */
    /**
     * @param repartitionTopics the application's repartition topics without the application id
     *                          prefix (e.g. {@code by-kind-repartition}); another application whose
     *                          id merely starts with this one's must not be waited for
     */
    public CatchUpBarrier(
            KafkaClients clients,
            Admin admin,
            String applicationId,
            java.util.Set<String> repartitionTopics,
            Duration stallTimeout) {
        this.clients = clients;
        this.admin = admin;
        this.applicationId = applicationId;
        this.repartitionTopics = repartitionTopics.stream()
                .map(name -> applicationId + "-" + name)
                .collect(java.util.stream.Collectors.toSet());
        this.stallTimeout = stallTimeout;
    }

    /**
     * @param lastDataOffsets for each source partition, the offset of the last record that must be processed
     * @param failure reports why the application stopped, if it did (checked while waiting)
     */
    public void await(Map<TopicPartition, Long> lastDataOffsets, Supplier<Optional<Throwable>> failure)
            throws InterruptedException {
        awaitCommitted(lastDataOffsets, failure);
        Timeline.mark("barrier: sources committed");
        // Records forwarded through repartition topics are processed by later sub-topologies:
        // wait for them too, until a pass finds nothing new (chains of repartitions). One
        // consumer reads the tails of every pass (the repartition topics exist by now).
        List<TopicPartition> repartitions = repartitionPartitions();
        try (KafkaConsumer<byte[], byte[]> consumer = clients.reader(
                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer())) {
            awaitRepartitions(consumer, repartitions, failure);
        }
    }

    private void awaitRepartitions(
            KafkaConsumer<byte[], byte[]> consumer,
            List<TopicPartition> repartitions,
            Supplier<Optional<Throwable>> failure)
            throws InterruptedException {
        Map<TopicPartition, Long> previous = Map.of();
        while (true) {
            Map<TopicPartition, Long> tails = lastDataOffsets(consumer, repartitions);
            Timeline.mark("barrier: repartition tails read");
            if (tails.equals(previous)) {
                return;
            }
            awaitCommitted(tails, failure);
            Timeline.mark("barrier: repartition tails committed");
            previous = tails;
        }
    }

    private void awaitCommitted(Map<TopicPartition, Long> lastDataOffsets, Supplier<Optional<Throwable>> failure)
            throws InterruptedException {
        Map<TopicPartition, Long> lastSeen = null;
        long lastProgress = System.nanoTime();
        while (true) {
            Optional<Throwable> failed = failure.get();
            if (failed.isPresent()) {
                throw new KafkaSetupException(
                        "the aggregator stopped before catching up: "
                                + failed.get().getMessage(),
                        failed.get());
            }
            Map<TopicPartition, Long> committed = committedOffsets();
            if (lastDataOffsets.entrySet().stream()
                    .allMatch(e -> committed.getOrDefault(e.getKey(), -1L) > e.getValue())) {
                return;
            }
            if (!committed.equals(lastSeen)) {
                lastSeen = committed;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
                throw new KafkaSetupException(
                        "the aggregator (group " + applicationId + ") made no progress for " + stallTimeout.toSeconds()
                                + " s; committed " + committed + ", waiting for " + lastDataOffsets,
                        null);
            }
            Thread.sleep(PAUSE.toMillis());
        }
    }

    private Map<TopicPartition, Long> committedOffsets() throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> offsets =
                TopicAdmin.get(admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata());
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                committed.put(partition, offset.offset());
            }
        });
        return committed;
    }

    /**
     * The offset of the last committed data record of every partition of {@code topic}: what a
     * barrier waits for when the records were produced by an earlier process (a resumed run).
     */
    public Map<TopicPartition, Long> lastDataOffsetsOf(String topic) throws InterruptedException {
        List<TopicPartition> partitions =
                TopicAdmin.get(admin.describeTopics(List.of(topic)).allTopicNames()).values().stream()
                        .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                        .toList();
        return lastDataOffsets(partitions);
    }

    private List<TopicPartition> repartitionPartitions() throws InterruptedException {
        List<String> topics = TopicAdmin.get(admin.listTopics().names()).stream()
                .filter(repartitionTopics::contains)
                .toList();
        if (topics.isEmpty()) {
            return List.of();
        }
        return TopicAdmin.get(admin.describeTopics(topics).allTopicNames()).values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
    }

    /** Offset of the last committed data record of each partition that has one. */
    private Map<TopicPartition, Long> lastDataOffsets(List<TopicPartition> partitions) throws InterruptedException {
        if (partitions.isEmpty()) {
            return new HashMap<>();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = clients.reader(
                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer())) {
            return lastDataOffsets(consumer, partitions);
        }
    }

    private static Map<TopicPartition, Long> lastDataOffsets(
            KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> result = new HashMap<>();
        if (partitions.isEmpty()) {
            return result;
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        for (TopicPartition partition : partitions) {
            lastDataOffset(consumer, partition, begin.get(partition), end.get(partition))
                    .ifPresent(o -> result.put(partition, o));
        }
        return result;
    }

    private static Optional<Long> lastDataOffset(
            KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long begin, long end) {
        // Each committed transaction leaves at least one data record before its marker, but a
        // crash can leave aborted ones at the tail: widen the window until a record shows up.
        for (long window = 16; ; window *= 8) {
            long from = Math.max(begin, end - window);
            consumer.pause(consumer.assignment());
            consumer.resume(List.of(partition));
            consumer.seek(partition, from);
            long last = -1;
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200)).records(partition)) {
                    if (record.offset() < end) {
                        last = Math.max(last, record.offset());
                    }
                }
            }
            if (last >= 0) {
                return Optional.of(last);
            }
            if (from == begin) {
                return Optional.empty();
            }
        }
    }
}
