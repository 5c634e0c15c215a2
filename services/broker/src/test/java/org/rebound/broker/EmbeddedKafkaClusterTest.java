package org.rebound.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rebound.broker.KafkaTestClients.readCommitted;
import static org.rebound.broker.KafkaTestClients.transactionalProducer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clusters of in-process brokers, and one broker of three failing under acks=all writes. */
@DisplayName("an in-process cluster")
class EmbeddedKafkaClusterTest {

    private static final long YEAR_2031 = Instant.parse("2031-09-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    @Test
    @DisplayName(
            "of three nodes replicates every topic 3 times with min ISR 2, and keeps committing acks=all and transactional writes with one node stopped")
    void survivesOneStoppedNode() throws Exception {
        EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(3, BrokerOptions.defaults());
        Path temporary = cluster.dataDir();
        try (cluster;
                Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            assertThat(cluster.bootstrapServers().split(","))
                    .containsExactly(
                            "127.0.0.1:" + cluster.port(0),
                            "127.0.0.1:" + cluster.port(1),
                            "127.0.0.1:" + cluster.port(2));
            assertThat(nodeIds(admin)).containsExactlyInAnyOrder(1, 2, 3);

            // the broker's defaults, not the topic's: no replication factor given
            admin.createTopics(List.of(new NewTopic("replicated", Optional.of(1), Optional.empty())))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            TopicPartitionInfo partition = describe(admin, "replicated");
            assertThat(partition.replicas()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "replicated");
            Config config = admin.describeConfigs(List.of(resource))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(resource);
            assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
            // the same simulated-time settings as the single broker
            assertThat(config.get("retention.ms").value()).isEqualTo("-1");
            assertThat(config.get("message.timestamp.after.max.ms").value()).isEqualTo(Long.toString(Long.MAX_VALUE));
            assertThat(config.get("message.timestamp.before.max.ms").value()).isEqualTo(Long.toString(Long.MAX_VALUE));
            assertThat(config.get("segment.ms").value()).isEqualTo(Long.toString(Long.MAX_VALUE));

            List<String> expected = new ArrayList<>();
            try (KafkaProducer<String, String> producer = acksAll(cluster.bootstrapServers())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("replicated", 0, YEAR_2031, "k", "acks-all-" + i))
                            .get(30, TimeUnit.SECONDS);
                    expected.add("acks-all-" + i);
                }
            }
            transaction(cluster.bootstrapServers(), "before-tx", "before", expected);
            assertThat(readCommitted(cluster.bootstrapServers(), "replicated"))
                    .extracting(ConsumerRecord::value)
                    .containsExactlyElementsOf(expected);

            // stop the partition's leader: the hardest node to lose for this partition
            int leader = cluster.indexOf(partition.leader().id());
            cluster.stop(leader);
            assertThat(cluster.isRunning(leader)).isFalse();

            long stoppedNanos = System.nanoTime();
            try (KafkaProducer<String, String> producer = acksAll(cluster.bootstrapServers())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("replicated", 0, YEAR_2031, "k", "after-stop-" + i))
                            .get(60, TimeUnit.SECONDS);
                    expected.add("after-stop-" + i);
                }
            }
            Duration failover = Duration.ofNanos(System.nanoTime() - stoppedNanos);
            // both the transactional id used before the stop and a new one
            transaction(cluster.bootstrapServers(), "before-tx", "again", expected);
            transaction(cluster.bootstrapServers(), "after-tx", "new", expected);
            assertThat(readCommitted(cluster.bootstrapServers(), "replicated"))
                    .extracting(ConsumerRecord::value)
                    .containsExactlyElementsOf(expected);

            TopicPartitionInfo after = describe(admin, "replicated");
            assertThat(after.leader().id()).isNotEqualTo(cluster.nodeId(leader));
            assertThat(after.isr())
                    .extracting(Node::id)
                    .doesNotContain(cluster.nodeId(leader))
                    .hasSize(2);
            assertThat(nodeIds(admin)).doesNotContain(cluster.nodeId(leader)).hasSize(2);
            assertThat(failover)
                    .as("first acks=all write after the leader stopped")
                    .isLessThan(Duration.ofSeconds(30));
        }
        assertThat(temporary).doesNotExist();
        cluster.close();
        cluster.stop(0);
    }

    @Test
    @DisplayName("refuses a non-empty data directory (leaving it untouched), a fixed port and fewer than one node")
    void refusals() throws Exception {
        Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        assertThatThrownBy(() ->
                        EmbeddedKafkaCluster.start(3, BrokerOptions.defaults().withDataDir(foreign)))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("not empty");
        assertThat(foreign.resolve("notes.txt")).hasContent("mine");
        assertThatThrownBy(() ->
                        EmbeddedKafkaCluster.start(3, BrokerOptions.defaults().withPort(9092)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port");
        assertThatThrownBy(() -> EmbeddedKafkaCluster.start(0, BrokerOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    private static KafkaProducer<String, String> acksAll(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new StringSerializer());
    }

    /** Commits two records {@code prefix-0}, {@code prefix-1} to partition 0 of "replicated", and expects them. */
    private static void transaction(String bootstrap, String transactionalId, String prefix, List<String> expected) {
        String topic = "replicated";
        try (KafkaProducer<String, String> producer = transactionalProducer(bootstrap, transactionalId)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, YEAR_2031, "k", prefix + "-0"));
            producer.send(new ProducerRecord<>(topic, 0, YEAR_2031, "k", prefix + "-1"));
            producer.commitTransaction();
        }
        expected.add(prefix + "-0");
        expected.add(prefix + "-1");
    }

    /**
     * The topic's first partition, once the node the admin asks knows the topic: a new topic
     * reaches each node's metadata a moment after {@code createTopics} returns (seen on a loaded
     * machine as UnknownTopicOrPartitionException).
     */
    private static TopicPartitionInfo describe(Admin admin, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                TopicDescription description = admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(30, TimeUnit.SECONDS)
                        .get(topic);
                return description.partitions().get(0);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static List<Integer> nodeIds(Admin admin) throws Exception {
        Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        return nodes.stream().map(Node::id).toList();
    }
}
