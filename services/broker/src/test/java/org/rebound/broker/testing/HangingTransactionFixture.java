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
 * Leaves a <em>hanging</em> transaction in a broker's kept log, as a kill at a bad moment does: a
 * partition holds a transaction's records without its marker, and the restarted broker's
 * coordinator will never write one. How its coordinator remembers it is the {@link Ending}.
 */
public final class HangingTransactionFixture {

    /** What the coordinator remembers of the hanging transaction. */
    public enum Ending {
        /** Nothing: the transaction was left open and the coordinator's log is removed. */
        FORGOTTEN,
        /** An abort: it was aborted, then its marker removed from the partition. */
        ABORTED,
        /** A commit: it was committed, then its marker removed from the partition. */
        COMMITTED
    }

    private HangingTransactionFixture() {}

    /** {@link Ending#FORGOTTEN}. */
    public static void leaveOne(Path dataDir, String topic) throws Exception {
        leaveOne(dataDir, topic, Ending.FORGOTTEN);
    }

    /**
     * @param dataDir the broker's data directory (formatted if new)
     * @param topic   a topic of one partition, created if missing; gets one committed record
     *                (offset 0, its marker at 1) then the hanging transaction's record (offset 2)
     */
    public static void leaveOne(Path dataDir, String topic, Ending ending) throws Exception {
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
            dead.send(new ProducerRecord<>(topic, 0, "k", "hanging")).get(30, TimeUnit.SECONDS);
            if (ending == Ending.ABORTED) {
                dead.abortTransaction();
            } else if (ending == Ending.COMMITTED) {
                dead.commitTransaction();
            }
            if (ending != Ending.FORGOTTEN) {
                dead.close();
                // the marker at offset 3 goes (ReadCommitted waits for it)
                awaitMarker(broker.bootstrapServers(), topic);
                // and the coordinator has recorded the end (else, restarted in PrepareCommit or
                // PrepareAbort, it would write the marker again)
                awaitComplete(broker.bootstrapServers(), "fixture-dead");
            }
        }
        dead.close(Duration.ZERO); // its broker is gone: nothing reaches the coordinator
        if (ending != Ending.FORGOTTEN) {
            removeFrom(dataDir.resolve(topic + "-0"), 3);
            Files.deleteIfExists(dataDir.resolve(".kafka_cleanshutdown")); // so that the log is recovered
            return;
        }
        try (Stream<Path> logs = Files.list(dataDir)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("__transaction_state-"))
                    .toList()) {
                deleteRecursively(log);
            }
        }
    }

    private static void awaitMarker(String bootstrap, String topic) throws Exception {
        var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (admin.listOffsets(
                                    Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()),
                                    new org.apache.kafka.clients.admin.ListOffsetsOptions(
                                            org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
                            .partitionResult(partition)
                            .get(30, TimeUnit.SECONDS)
                            .offset()
                    < 4) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no marker on " + partition + " after 30 s");
                }
                Thread.sleep(50);
            }
        }
    }

    private static void awaitComplete(String bootstrap, String transactionalId) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                var state = admin.describeTransactions(List.of(transactionalId))
                        .description(transactionalId)
                        .get(30, TimeUnit.SECONDS)
                        .state();
                if (state == org.apache.kafka.clients.admin.TransactionState.COMPLETE_COMMIT
                        || state == org.apache.kafka.clients.admin.TransactionState.COMPLETE_ABORT) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(transactionalId + " still " + state + " after 30 s");
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Cuts the partition's log at the record batch that starts at {@code offset} (a batch: its base
     * offset in 8 bytes, its length in 4, then that many bytes), and removes the files that the
     * broker rebuilds from the log (indexes, producer state snapshots).
     */
    private static void removeFrom(Path partitionDir, long offset) throws IOException {
        Path segment = partitionDir.resolve("00000000000000000000.log");
        try (var channel = java.nio.channels.FileChannel.open(
                segment, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            long position = 0;
            boolean found = false;
            var header = java.nio.ByteBuffer.allocate(12);
            while (position < channel.size()) {
                header.clear();
                channel.read(header, position);
                header.flip();
                long base = header.getLong();
                int length = header.getInt();
                if (base == offset) {
                    channel.truncate(position);
                    found = true;
                    break;
                }
                position += 12 + length;
            }
            if (!found) {
                throw new IllegalStateException("no batch at offset " + offset + " in " + segment);
            }
        }
        try (Stream<Path> files = Files.list(partitionDir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".index")
                            || f.toString().endsWith(".timeindex")
                            || f.toString().endsWith(".snapshot"))
                    .toList()) {
                Files.delete(f);
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
