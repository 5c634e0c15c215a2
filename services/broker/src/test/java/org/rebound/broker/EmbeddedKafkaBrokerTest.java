package org.rebound.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the in-process KRaft broker")
class EmbeddedKafkaBrokerTest {

    private static final long YEAR_2001 = Instant.parse("2001-06-01T00:00:00Z").toEpochMilli();
    private static final long YEAR_2031 = Instant.parse("2031-06-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static KafkaProducer<String, String> transactionalProducer(String bootstrap, String id) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, id), new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> readCommitted(String bootstrap, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    @Test
    @DisplayName("runs transactions: committed records are visible, aborted ones are not, and any timestamp is accepted")
    void transactionsAndTimestamps() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults())) {
            String bootstrap = broker.bootstrapServers();
            assertThat(bootstrap).startsWith("127.0.0.1:");
            createTopic(bootstrap, "tx");
            try (KafkaProducer<String, String> producer = transactionalProducer(bootstrap, "tx-test")) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("tx", 0, YEAR_2001, "k", "past"));
                producer.send(new ProducerRecord<>("tx", 0, YEAR_2031, "k", "future"));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("tx", 0, YEAR_2031, "k", "aborted"));
                producer.flush();
                producer.abortTransaction();
            }
            List<ConsumerRecord<String, String>> records = readCommitted(bootstrap, "tx");
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("past", "future");
            assertThat(records).extracting(ConsumerRecord::timestamp).containsExactly(YEAR_2001, YEAR_2031);
        }
    }

    @Test
    @DisplayName("keeps its data in a given directory across a restart, and removes only temporary directories")
    void restartKeepsData() throws Exception {
        Path data = dir.resolve("kafka");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults().withDataDir(data))) {
            createTopic(broker.bootstrapServers(), "kept");
            try (KafkaProducer<String, String> producer = transactionalProducer(broker.bootstrapServers(), "kept-test")) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("kept", "k", "before restart"));
                producer.commitTransaction();
            }
        }
        assertThat(data).isDirectory();
        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(BrokerOptions.defaults().withDataDir(data))) {
            assertThat(readCommitted(again.bootstrapServers(), "kept")).extracting(ConsumerRecord::value).containsExactly("before restart");
        }
        Path temporary;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults())) {
            temporary = broker.dataDir();
            assertThat(Files.isDirectory(temporary)).isTrue();
        }
        assertThat(Files.exists(temporary)).isFalse();
    }
}
