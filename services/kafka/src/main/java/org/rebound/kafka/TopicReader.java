package org.rebound.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;

/** Reads topics back as they stand now (committed records only), e.g. the aggregates for the summary. */
public final class TopicReader {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaClients clients;

    public TopicReader(KafkaClients clients) {
        this.clients = clients;
    }

    /** The latest value of every key accepted by {@code keyFilter}, reading the whole topic up to its current end. */
    public <V> Map<String, V> latestByKey(Topic<String, V> topic, Predicate<String> keyFilter) {
        Map<String, V> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, V> consumer = clients.reader(
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topic.name());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            readToEnd(consumer, partitions, record -> {
                if (keyFilter.test(record.key())) {
                    latest.put(record.key(), record.value());
                }
            });
        }
        return latest;
    }

    /**
     * Waits until every record written to these topics so far is decided: the last stable offset
     * (what read_committed consumers see) reaches the high watermark taken now. A transaction's
     * commit returns before its markers are written, so records of a just-committed transaction
     * may not be readable yet.
     */
    public void awaitStable(List<String> topicNames, java.time.Duration timeout) throws InterruptedException {
        Map<String, Object> uncommitted = clients.config();
        uncommitted.put(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> dirty = new KafkaConsumer<>(
                        uncommitted,
                        Serdes.ByteArray().deserializer(),
                        Serdes.ByteArray().deserializer());
                KafkaConsumer<byte[], byte[]> committed = clients.reader(
                        Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer())) {
            List<TopicPartition> partitions = topicNames.stream()
                    .flatMap(t -> partitions(dirty, t).stream())
                    .toList();
            Map<TopicPartition, Long> highWatermarks = dirty.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Map<TopicPartition, Long> stable = committed.endOffsets(partitions);
                if (partitions.stream().allMatch(p -> stable.get(p) >= highWatermarks.get(p))) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new KafkaSetupException(
                            "transactions on " + topicNames + " still open after " + timeout.toSeconds() + " s", null);
                }
                Thread.sleep(20);
            }
        }
    }

    /** Current end offsets (read_committed: the last stable offset) of every partition of a topic. */
    public Map<TopicPartition, Long> endOffsets(String topicName) {
        try (KafkaConsumer<byte[], byte[]> consumer = clients.reader(
                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer())) {
            return consumer.endOffsets(partitions(consumer, topicName));
        }
    }

    /** Number of committed records after the given offsets (partitions not given count from the beginning). */
    public long countSince(String topicName, Map<TopicPartition, Long> from) {
        long[] count = {0};
        try (KafkaConsumer<byte[], byte[]> consumer = clients.reader(
                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topicName);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            for (TopicPartition partition : partitions) {
                if (from.containsKey(partition)) {
                    consumer.seek(partition, from.get(partition));
                }
            }
            readToEnd(consumer, partitions, record -> count[0]++);
        }
        return count[0];
    }

    static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topicName) {
        List<PartitionInfo> infos = consumer.partitionsFor(topicName);
        if (infos == null || infos.isEmpty()) {
            throw new KafkaSetupException("topic " + topicName + " does not exist", null);
        }
        return infos.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
    }

    private static <K, V> void readToEnd(
            KafkaConsumer<K, V> consumer,
            List<TopicPartition> partitions,
            java.util.function.Consumer<ConsumerRecord<K, V>> action) {
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            for (ConsumerRecord<K, V> record : consumer.poll(POLL)) {
                action.accept(record);
            }
        }
    }
}
