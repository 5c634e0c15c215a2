package org.rebound.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rebound.broker.KafkaTestClients.readCommitted;
import static org.rebound.broker.KafkaTestClients.transactionalProducer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hanging transactions on a real broker: one made on purpose (a transaction left open, then the
 * coordinator's record of it removed while the broker is down, as a killed run left them), and a
 * live producer's open transaction, which must never be taken for one.
 */
@DisplayName("hanging transactions")
class HangingTransactionsTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName(
            "a restart on the kept log aborts a transaction its coordinator forgot: readers go on, its records stay unseen")
    void restartAbortsForgottenTransaction() throws Exception {
        Path data = dir.resolve("kafka");
        KafkaProducer<String, String> dead;
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(BrokerOptions.defaults().withDataDir(data))) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("stuck", 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = transactionalProducer(broker.bootstrapServers(), "alive")) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("stuck", 0, "k", "committed before"));
                producer.commitTransaction();
            }
            dead = transactionalProducer(broker.bootstrapServers(), "dead");
            dead.initTransactions();
            dead.beginTransaction();
            dead.send(new ProducerRecord<>("stuck", 0, "k", "never committed")).get(30, TimeUnit.SECONDS);
        }
        dead.close(Duration.ZERO); // its broker is gone: nothing reaches the coordinator
        // the coordinator's record of "dead" goes (as the killed incarnation's did): the partition keeps its open batch
        try (Stream<Path> logs = Files.list(data)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("__transaction_state-"))
                    .toList()) {
                KafkaNode.deleteRecursively(log);
            }
        }

        try (EmbeddedKafkaBroker again =
                EmbeddedKafkaBroker.start(BrokerOptions.defaults().withDataDir(data))) {
            assertThat(again.abortedOnStart())
                    .extracting(HangingTransactions.Open::partition, HangingTransactions.Open::startOffset)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(new TopicPartition("stuck", 0), 2L));
            assertThat(readCommitted(again.bootstrapServers(), "stuck"))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("committed before");
            try (KafkaProducer<String, String> producer = transactionalProducer(again.bootstrapServers(), "alive")) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("stuck", 0, "k", "committed after"));
                producer.commitTransaction();
            }
            assertThat(readCommitted(again.bootstrapServers(), "stuck"))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("committed before", "committed after");
        }
    }

    @Test
    @DisplayName("a live producer's open transaction is its coordinator's: not reported, not aborted")
    void liveTransactionIsLeftAlone() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults());
                Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("busy", 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            try (KafkaProducer<String, String> producer = transactionalProducer(broker.bootstrapServers(), "live")) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("busy", 0, "k", "in flight")).get(30, TimeUnit.SECONDS);
                assertThat(HangingTransactions.abortAll(admin, Duration.ofSeconds(3)))
                        .isEmpty();
                producer.commitTransaction();
            }
            assertThat(readCommitted(broker.bootstrapServers(), "busy"))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("in flight");
        }
    }
}
