package org.rebound.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.rebound.broker.KafkaTestClients.producer;
import static org.rebound.broker.KafkaTestClients.readAll;
import static org.rebound.broker.KafkaTestClients.readCommitted;
import static org.rebound.broker.KafkaTestClients.transactionalProducer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.broker.testing.SharedBroker;

/**
 * What Rebound needs from a broker, checked on the shared one (the in-process broker, or the
 * external one named by REBOUND_TEST_BOOTSTRAP).
 */
@DisplayName("the shared test broker")
class BrokerBehaviourTest {

    private static final long YEAR_2001 = Instant.parse("2001-03-01T00:00:00Z").toEpochMilli();
    private static final long YEAR_2031 = Instant.parse("2031-09-01T00:00:00Z").toEpochMilli();

    private final String bootstrap = SharedBroker.bootstrapServers();

    @Test
    @DisplayName("answers describeCluster; the in-process one as a single node on 127.0.0.1")
    void answersDescribeCluster() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            DescribeClusterResult cluster = admin.describeCluster();
            Collection<Node> nodes = cluster.nodes().get(10, TimeUnit.SECONDS);
            assertThat(nodes).isNotEmpty();
            assertThat(cluster.clusterId().get(10, TimeUnit.SECONDS)).isNotBlank();
            Optional<EmbeddedKafkaBroker> embedded = SharedBroker.embedded();
            if (embedded.isPresent()) {
                assertThat(bootstrap).isEqualTo("127.0.0.1:" + embedded.get().port());
                assertThat(nodes).singleElement().satisfies(node -> {
                    assertThat(node.id()).isEqualTo(1);
                    assertThat(node.host()).isEqualTo("127.0.0.1");
                    assertThat(node.port()).isEqualTo(embedded.get().port());
                });
                assertThat(cluster.clusterId().get()).isEqualTo(embedded.get().clusterId());
            }
        }
    }

    @Test
    @DisplayName("commits a transaction whose records a read_committed consumer reads in order")
    void committedTransactionIsVisible() {
        String topic = SharedBroker.uniqueTopic("committed");
        SharedBroker.createTopics(1, topic);
        try (KafkaProducer<String, String> producer = transactionalProducer(bootstrap, topic + "-tx")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k1", "one"));
            producer.send(new ProducerRecord<>(topic, "k2", "two"));
            producer.send(new ProducerRecord<>(topic, "k1", "three"));
            producer.commitTransaction();
        }
        assertThat(readCommitted(bootstrap, topic))
                .extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(tuple("k1", "one"), tuple("k2", "two"), tuple("k1", "three"));
    }

    @Test
    @DisplayName("hides an aborted transaction from read_committed consumers (though its records were written)")
    void abortedTransactionIsHidden() {
        String topic = SharedBroker.uniqueTopic("aborted");
        SharedBroker.createTopics(1, topic);
        try (KafkaProducer<String, String> producer = transactionalProducer(bootstrap, topic + "-tx")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "before"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted-1"));
            producer.send(new ProducerRecord<>(topic, "k", "aborted-2"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "after"));
            producer.commitTransaction();
        }
        assertThat(readCommitted(bootstrap, topic))
                .extracting(ConsumerRecord::value)
                .containsExactly("before", "after");
        assertThat(readAll(bootstrap, topic, "read_uncommitted"))
                .extracting(ConsumerRecord::value)
                .containsExactly("before", "aborted-1", "aborted-2", "after");
    }

    @Test
    @DisplayName(
            "accepts records timestamped in 2001 and in 2031, in and out of transactions, and keeps their timestamps")
    void acceptsFarPastAndFarFutureTimestamps() throws Exception {
        String topic = SharedBroker.uniqueTopic("timestamps");
        SharedBroker.createTopics(1, topic);
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            RecordMetadata past = producer.send(new ProducerRecord<>(topic, 0, YEAR_2001, "k", "2001"))
                    .get(30, TimeUnit.SECONDS);
            RecordMetadata future = producer.send(new ProducerRecord<>(topic, 0, YEAR_2031, "k", "2031"))
                    .get(30, TimeUnit.SECONDS);
            assertThat(past.timestamp()).isEqualTo(YEAR_2001);
            assertThat(future.timestamp()).isEqualTo(YEAR_2031);
        }
        try (KafkaProducer<String, String> producer = transactionalProducer(bootstrap, topic + "-tx")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, YEAR_2031, "k", "2031 in a transaction"));
            producer.send(new ProducerRecord<>(topic, 0, YEAR_2001, "k", "2001 in a transaction"));
            producer.commitTransaction();
        }
        assertThat(readCommitted(bootstrap, topic))
                .extracting(ConsumerRecord::value, ConsumerRecord::timestamp)
                .containsExactly(
                        tuple("2001", YEAR_2001),
                        tuple("2031", YEAR_2031),
                        tuple("2031 in a transaction", YEAR_2031),
                        tuple("2001 in a transaction", YEAR_2001));
    }

    @Test
    @DisplayName("gives new topics no time-based retention and no timestamp limits (simulated time)")
    void newTopicsSuitSimulatedTime() throws Exception {
        String topic = SharedBroker.uniqueTopic("defaults");
        SharedBroker.createTopics(1, topic);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Config config = admin.describeConfigs(List.of(resource))
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .get(resource);
            assertThat(config.get("retention.ms").value()).isEqualTo("-1");
            assertThat(config.get("message.timestamp.after.max.ms").value()).isEqualTo(Long.toString(Long.MAX_VALUE));
            assertThat(config.get("message.timestamp.before.max.ms").value()).isEqualTo(Long.toString(Long.MAX_VALUE));
            if (SharedBroker.embedded().isPresent()) {
                assertThat(config.get("segment.ms").value()).isEqualTo(Long.toString(Long.MAX_VALUE));
            }
        }
    }

    @Test
    @DisplayName("keeps records 30 simulated years apart in one log segment (the in-process broker)")
    void doesNotRollSegmentsOnTimestampDistance() throws Exception {
        Optional<EmbeddedKafkaBroker> embedded = SharedBroker.embedded();
        assumeThat(embedded).as("needs the in-process broker's data directory").isPresent();
        String topic = SharedBroker.uniqueTopic("segments");
        SharedBroker.createTopics(1, topic);
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            for (long timestamp : new long[] {YEAR_2001, YEAR_2031, YEAR_2001, YEAR_2031}) {
                producer.send(new ProducerRecord<>(topic, 0, timestamp, "k", Long.toString(timestamp)))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        Path partitionDir = embedded.get().dataDir().resolve(topic + "-0");
        try (Stream<Path> files = Files.list(partitionDir)) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".log")))
                    .hasSize(1);
        }
        assertThat(readCommitted(bootstrap, topic)).hasSize(4);
    }
}
