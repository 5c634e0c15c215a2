package org.rebound.broker.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rebound.broker.BrokerOptions;
import org.rebound.broker.EmbeddedKafkaBroker;

/**
 * Leaves a <em>hanging</em> transaction in a broker's kept log, as a kill at a bad moment does:
 * a transaction is left open on a partition (its producer abandoned, the broker stopped), then
 * the transaction coordinator's log is removed, so that the restarted broker's coordinator knows
 * nothing of it and no marker will ever end it.
 */
public final class HangingTransactionFixture {

    private HangingTransactionFixture() {}

    /**
     * @param dataDir the broker's data directory (formatted if new)
     * @param topic   a topic of one partition, created if missing; gets one committed record
     *                (offset 0, its marker at 1) then the open transaction's record (offset 2)
     */
    public static void leaveOne(Path dataDir, String topic) throws Exception {
        KafkaProducer<String, String> dead;
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(BrokerOptions.defaults().withDataDir(dataDir))) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                            .all()
                            .get(30, TimeUnit.SECONDS);
                }
            }
            try (KafkaProducer<String, String> alive = producer(broker.bootstrapServers(), "fixture-alive")) {
                alive.initTransactions();
                alive.beginTransaction();
                alive.send(new ProducerRecord<>(topic, 0, "k", "committed before"));
                alive.commitTransaction();
            }
            dead = producer(broker.bootstrapServers(), "fixture-dead");
            dead.initTransactions();
            dead.beginTransaction();
            dead.send(new ProducerRecord<>(topic, 0, "k", "never committed")).get(30, TimeUnit.SECONDS);
        }
        dead.close(Duration.ZERO); // its broker is gone: nothing reaches the coordinator
        try (Stream<Path> logs = Files.list(dataDir)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("__transaction_state-"))
                    .toList()) {
                deleteRecursively(log);
            }
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap, String transactionalId) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId),
                new StringSerializer(),
                new StringSerializer());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
