package org.rebound.aggregator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.rebound.kafka.Topics;

/**
 * Kafka Streams' clients, as Kafka Streams makes them, except that a new producer learns the
 * partitions of the topics the aggregator writes to at once, on a thread of its own. A producer
 * asks the broker about a topic the first time a record goes to it, and the sender waits for the
 * answer: the aggregator's first two commits write to some twenty topics, one after the other,
 * and a request log of a quickstart showed sixteen such round trips in its second commit, the one
 * that writes the first aggregates (docs/performance.md, "One partition on the in-process
 * broker"). The producer is made as Kafka Streams starts, before its first rebalance, so that
 * thread has time to learn them all before the first commit; a topic that does not exist yet (a
 * repartition topic that the rebalance creates) is waited for in the background, never by the
 * stream thread.
 */
final class WarmMetadataClients implements KafkaClientSupplier {

    private final List<String> topics;

    /** @param applicationId prefixes the topology's repartition topics on the cluster */
    WarmMetadataClients(String applicationId) {
        List<String> names = new ArrayList<>();
        Topics.ALL.forEach(topic -> names.add(topic.name()));
        // last: on a cluster where the first rebalance creates them, they are waited for after the others
        ImpactTopology.repartitionTopics().forEach(name -> names.add(applicationId + "-" + name));
        this.topics = List.copyOf(names);
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        Thread warm = new Thread(
                () -> {
                    try {
                        for (String topic : topics) {
                            producer.partitionsFor(topic);
                        }
                    } catch (KafkaException | IllegalStateException e) {
                        // closed meanwhile, or a topic that never came: the sender asks when it needs to
                    }
                },
                "rebound-aggregator-metadata");
        warm.setDaemon(true);
        warm.start();
        return producer;
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return getConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return getConsumer(config);
    }
}
