package org.rebound.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.rebound.broker.KafkaTestClients.readCommitted;
import static org.rebound.broker.KafkaTestClients.transactionalProducer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rebound.broker.testing.HangingTransactionFixture;

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
            "after a restart, a transaction its coordinator forgot is found: its partition is stuck until it is ended")
    void restartFindsForgottenTransaction() throws Exception {
        Path data = dir.resolve("kafka");
        HangingTransactionFixture.leaveOne(data, "stuck");

        try (EmbeddedKafkaBroker again =
                        EmbeddedKafkaBroker.start(BrokerOptions.defaults().withDataDir(data));
                Admin admin = Admin.create(Map.of("bootstrap.servers", again.bootstrapServers()))) {
            TopicPartition stuck = new TopicPartition("stuck", 0);
            List<HangingTransactions.Open> hanging = again.hangingTransactions();
            assertThat(hanging)
                    .extracting(
                            HangingTransactions.Open::partition,
                            HangingTransactions.Open::startOffset,
                            HangingTransactions.Open::outcome)
                    .containsExactly(tuple(stuck, 2L, HangingTransactions.Outcome.UNKNOWN));
            // what makes it hang: read_committed readers stop at its first offset, below the high watermark
            assertThat(endOffset(admin, stuck, IsolationLevel.READ_UNCOMMITTED)).isEqualTo(3L);
            Thread.sleep(2_000);
            assertThat(endOffset(admin, stuck, IsolationLevel.READ_COMMITTED))
                    .as("still stuck")
                    .isEqualTo(2L);

            // what was found is enough to end it (here, rightly, with an abort)
            HangingTransactions.Open open = hanging.get(0);
            admin.abortTransaction(new AbortTransactionSpec(
                            stuck, open.producerId(), (short) open.producerEpoch(), open.coordinatorEpoch()))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            assertThat(again.hangingTransactions()).isEmpty();
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
    @DisplayName("an abort whose marker a partition lacks is found as aborted, and closed; its records stay unseen")
    void abortedWithoutMarker() throws Exception {
        Path data = dir.resolve("kafka");
        HangingTransactionFixture.leaveOne(data, "stuck", HangingTransactionFixture.Ending.ABORTED);
        try (EmbeddedKafkaBroker again =
                EmbeddedKafkaBroker.start(BrokerOptions.defaults().withDataDir(data))) {
            List<HangingTransactions.Open> hanging = again.hangingTransactions();
            assertThat(hanging)
                    .extracting(HangingTransactions.Open::startOffset, HangingTransactions.Open::outcome)
                    .containsExactly(tuple(2L, HangingTransactions.Outcome.ABORTED));
            again.abort(hanging);
            assertThat(again.hangingTransactions()).isEmpty();
            assertThat(readCommitted(again.bootstrapServers(), "stuck"))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("committed before");
        }
    }

    @Test
    @DisplayName("a commit whose marker a partition lacks is found as committed, and is not aborted")
    void committedWithoutMarker() throws Exception {
        Path data = dir.resolve("kafka");
        HangingTransactionFixture.leaveOne(data, "stuck", HangingTransactionFixture.Ending.COMMITTED);
        try (EmbeddedKafkaBroker again =
                EmbeddedKafkaBroker.start(BrokerOptions.defaults().withDataDir(data))) {
            List<HangingTransactions.Open> hanging = again.hangingTransactions();
            assertThat(hanging)
                    .extracting(HangingTransactions.Open::startOffset, HangingTransactions.Open::outcome)
                    .containsExactly(tuple(2L, HangingTransactions.Outcome.COMMITTED));
            assertThatThrownBy(() -> again.abort(hanging)).isInstanceOf(IllegalArgumentException.class);
            assertThat(again.hangingTransactions()).isEqualTo(hanging);
        }
    }

    @Test
    @DisplayName("a live producer's open transaction is its coordinator's: not reported")
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
                assertThat(HangingTransactions.confirmed(admin)).isEmpty();
                producer.commitTransaction();
            }
            assertThat(readCommitted(broker.bootstrapServers(), "busy"))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("in flight");
        }
    }

    private static long endOffset(Admin admin, TopicPartition partition, IsolationLevel isolation) throws Exception {
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest()), new ListOffsetsOptions(isolation))
                .partitionResult(partition)
                .get(30, TimeUnit.SECONDS)
                .offset();
    }
}
