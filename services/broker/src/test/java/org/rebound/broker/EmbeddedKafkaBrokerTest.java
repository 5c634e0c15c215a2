package org.rebound.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.rebound.broker.KafkaTestClients.readCommitted;
import static org.rebound.broker.KafkaTestClients.transactionalProducer;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, stopping and restarting brokers of its own (not the shared one). */
@DisplayName("an in-process broker")
class EmbeddedKafkaBrokerTest {

    private static final long YEAR_2001 = Instant.parse("2001-03-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    @Test
    @DisplayName(
            "restarted on the same data directory and port keeps its records, topics, transactional ids and cluster id")
    void restartOnSameDataDirKeepsData() throws Exception {
        Path data = dir.resolve("kafka");
        String clusterId;
        int port;
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(BrokerOptions.defaults().withDataDir(data))) {
            clusterId = broker.clusterId();
            port = broker.port();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = transactionalProducer(broker.bootstrapServers(), "kept-tx")) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("kept", 0, YEAR_2001, "k", "before restart"));
                producer.commitTransaction();
            }
        }
        assertThat(data.resolve("meta.properties")).isRegularFile();

        // same client port too, as `rebound broker --port P --data-dir D` restarted at once would
        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(
                BrokerOptions.defaults().withDataDir(data).withPort(port))) {
            assertThat(again.clusterId()).isEqualTo(clusterId);
            assertThat(again.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(readCommitted(again.bootstrapServers(), "kept"))
                    .extracting(ConsumerRecord::value, ConsumerRecord::timestamp)
                    .containsExactly(tuple("before restart", YEAR_2001));
            // the transactional id is still usable (the transaction log survived too)
            try (KafkaProducer<String, String> producer = transactionalProducer(again.bootstrapServers(), "kept-tx")) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("kept", "k", "after restart"));
                producer.commitTransaction();
            }
            assertThat(readCommitted(again.bootstrapServers(), "kept"))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("before restart", "after restart");
        }
        assertThat(data).as("a given data directory is kept at close").isDirectory();
    }

    @Test
    @DisplayName("in a temporary data directory removes it at close; close is idempotent")
    void temporaryDataDirRemovedAtClose() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults());
        Path temporary = broker.dataDir();
        try {
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
            assertThat(broker.port()).isPositive().isNotEqualTo(broker.controllerPort());
            assertThat(temporary.resolve("meta.properties")).isRegularFile();
        } finally {
            broker.close();
        }
        assertThat(temporary).doesNotExist();
        broker.close();
        assertThat(temporary).doesNotExist();
    }

    @Test
    @DisplayName("refuses a non-empty directory that holds no Kafka log, and leaves it untouched")
    void refusesForeignDirectory() throws Exception {
        Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        assertThatThrownBy(
                        () -> EmbeddedKafkaBroker.start(BrokerOptions.defaults().withDataDir(foreign)))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("not empty")
                .hasMessageContaining("meta.properties");
        try (var entries = Files.list(foreign)) {
            assertThat(entries).containsExactly(foreign.resolve("notes.txt"));
        }
    }

    @Test
    @DisplayName("refuses a client port that is already taken, with a message naming it")
    void refusesTakenPort() throws Exception {
        Path data = dir.resolve("unused");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(
                            BrokerOptions.defaults().withPort(port).withDataDir(data)))
                    .isInstanceOf(BrokerException.class)
                    .hasMessageContaining("port " + port);
        }
    }

    @Test
    @DisplayName("fails to start, without halting the JVM, when Kafka hits a fatal fault (controller port taken)")
    void fatalFaultDoesNotHaltTheJvm() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            // Kafka's own fault handler would call Exit.halt here, ending this test JVM
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(BrokerOptions.defaults()
                            .withDataDir(dir.resolve("fatal"))
                            .withOverride("listeners", "PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:" + port)
                            .withOverride("controller.quorum.voters", "1@127.0.0.1:" + port)))
                    .isInstanceOf(BrokerException.class)
                    .hasStackTraceContaining("failed to bind to 127.0.0.1:" + port);
        }
        // and the data directory is usable again at once (locks released)
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(BrokerOptions.defaults().withDataDir(dir.resolve("fatal")))) {
            assertThat(broker.port()).isPositive();
        }
    }

    @Test
    @DisplayName("rejects an invalid setting override before starting")
    void rejectsInvalidOverride() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(BrokerOptions.defaults()
                        .withDataDir(dir.resolve("invalid"))
                        .withOverride("num.io.threads", "many")))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("num.io.threads");
    }
}
