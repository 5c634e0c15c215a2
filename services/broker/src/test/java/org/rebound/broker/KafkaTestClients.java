package org.rebound.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for this module's tests. */
final class KafkaTestClients {

    private KafkaTestClients() {}

    static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new StringSerializer());
    }

    static KafkaProducer<String, String> transactionalProducer(String bootstrap, String transactionalId) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId),
                new StringSerializer(),
                new StringSerializer());
    }

    /** Everything in partition 0 of the topic up to its current end, with the given isolation level. */
    static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic, String isolationLevel) {
        TopicPartition partition = new TopicPartition(topic, 0);
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // close() waits for the fetch in flight, which the broker holds up to fetch.max.wait.ms
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "could not read " + topic + " up to offset " + end + " in 30 s; read " + records);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * Everything committed in partition 0, once no transaction is open on it any more:
     * {@code commitTransaction()} returns before the coordinator has written the commit markers,
     * so reading at once may stop short of the last transaction.
     */
    static List<ConsumerRecord<String, String>> readCommitted(String bootstrap, String topic) {
        awaitNoOpenTransaction(bootstrap, new TopicPartition(topic, 0));
        return readAll(bootstrap, topic, "read_committed");
    }

    /** Waits until the partition's last stable offset has caught up with its high watermark. */
    static void awaitNoOpenTransaction(String bootstrap, TopicPartition partition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (true) {
                long stable = endOffset(admin, partition, IsolationLevel.READ_COMMITTED);
                long high = endOffset(admin, partition, IsolationLevel.READ_UNCOMMITTED);
                if (stable == high) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(partition + ": last stable offset " + stable
                            + " still below high watermark " + high + " after 30 s");
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static long endOffset(Admin admin, TopicPartition partition, IsolationLevel isolation)
            throws InterruptedException {
        try {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest()), new ListOffsetsOptions(isolation))
                    .partitionResult(partition)
                    .get(30, TimeUnit.SECONDS)
                    .offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot list the end offset of " + partition + ": " + e, e);
        }
    }
}
