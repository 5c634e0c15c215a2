package org.rebound.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.kafka.KafkaClients;

/**
 * Guards what {@link CommitFlush} rests on, against a real broker with exactly-once: Kafka Streams
 * flushes a task's caches before it commits the task's offsets, in the same transaction. A Kafka
 * upgrade that flushes after committing the offsets (what was forwarded lands in the next
 * transaction, a commit interval later) or no longer flushes caches at all fails this test.
 */
@DisplayName("commit flush: what is forwarded at flush commits with the offsets of its input (real broker)")
class CommitFlushBrokerTest {

    /** Long, so that a flush moved after the commit shows as a whole interval of missing sums. */
    private static final int COMMIT_INTERVAL_MS = 2_000;
    /** How long after seeing offsets committed the output may take to show (transaction markers land partition by partition). */
    private static final long MARKER_GRACE_MS = 500;

    private static final int RECORDS = 2_000;

    /** Sums its input in memory and forwards the sum only when Streams flushes before a commit. */
    private static final class Summing implements Processor<String, Long, String, Long> {
        private CommitFlush<String, Long> hook;
        private long sum;
        private long timestamp;

        @Override
        public void init(ProcessorContext<String, Long> context) {
            sum = 0;
            hook = context.getStateStore("hook");
            hook.bind(
                    context,
                    () -> {
                        List<Record<String, Long>> out =
                                sum == 0 ? List.of() : List.of(new Record<>("sum", sum, timestamp));
                        sum = 0;
                        return out;
                    },
                    () -> sum = 0);
        }

        @Override
        public void process(Record<String, Long> record) {
            sum += record.value();
            timestamp = record.timestamp();
            hook.processed();
        }
    }

    @Test
    @DisplayName("whenever the input offsets are committed, the committed output already sums every record they cover")
    void deltasCommitWithTheirOffsets() throws Exception {
        KafkaClients clients = KafkaClients.of(SharedBroker.bootstrapServers());
        String id = "commit-flush-" + UUID.randomUUID();
        String in = id + "-in";
        String out = id + "-out";
        TopicPartition input = new TopicPartition(in, 0);
        TopicPartition output = new TopicPartition(out, 0);
        Path stateDir = Files.createTempDirectory("commit-flush-test");
        try (Admin admin = Admin.create(clients.config())) {
            createTopics(admin, in, out);
            // small fetches: the input is consumed over several commits, each one checked
            Properties props = config(clients, id, stateDir, COMMIT_INTERVAL_MS);

            try (KafkaStreams streams = new KafkaStreams(summing(in, out), props);
                    KafkaConsumer<String, Long> reader = readCommitted(clients)) {
                streams.start();
                // records produced over several commit intervals, while the commits are checked
                Thread producing = produce(clients, in, RECORDS, 250, COMMIT_INTERVAL_MS / 2);
                reader.assign(List.of(output));
                reader.seekToBeginning(List.of(output));
                long outputSum = 0;
                int commitsSeen = 0;
                long lastOffset = -1;
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (lastOffset < RECORDS && System.nanoTime() < deadline) {
                    assertThat(streams.state()).isNotIn(KafkaStreams.State.ERROR, KafkaStreams.State.NOT_RUNNING);
                    OffsetAndMetadata committed = admin.listConsumerGroupOffsets(id)
                            .partitionsToOffsetAndMetadata()
                            .get()
                            .get(input);
                    long offset = committed == null ? 0 : committed.offset();
                    if (offset > lastOffset) {
                        // the input records 1..offset are committed: their sum, by hand, must be committed in the
                        // output
                        long expected = offset * (offset + 1) / 2;
                        long graceEnd = System.nanoTime()
                                + Duration.ofMillis(MARKER_GRACE_MS).toNanos();
                        do {
                            outputSum += sum(reader.poll(Duration.ofMillis(20)));
                        } while (outputSum < expected && System.nanoTime() < graceEnd);
                        assertThat(outputSum)
                                .as("committed output once input offset %d is committed", offset)
                                .isGreaterThanOrEqualTo(expected);
                        if (offset > 0) {
                            commitsSeen++;
                        }
                        lastOffset = offset;
                    }
                    Thread.sleep(20);
                }
                producing.join();
                assertThat(lastOffset).as("every input record committed").isEqualTo(RECORDS);
                assertThat(commitsSeen).as("several commits checked").isGreaterThan(1);
                outputSum += sum(reader.poll(Duration.ofMillis(200)));
                assertThat(outputSum).as("nothing counted twice").isEqualTo((long) RECORDS * (RECORDS + 1) / 2);
            }
        } finally {
            org.rebound.kafka.TempDirs.deleteRecursively(stateDir);
        }
    }

    /**
     * The path of a task closed dirty: the Streams thread's producer is fenced (another producer
     * takes its transactional id, as a zombie's successor would), which aborts its open
     * transaction — possibly after the sums were forwarded at flush, before the offsets were
     * committed — and makes Streams close every task dirty, rejoin and re-read from the committed
     * offsets. Whatever the moment of each fence, every input record is summed exactly once in
     * the committed output.
     */
    @Test
    @DisplayName("producer fenced mid-run, tasks closed dirty and re-read: every record summed exactly once")
    void fencedMidRunCountsEveryRecordOnce() throws Exception {
        KafkaClients clients = KafkaClients.of(SharedBroker.bootstrapServers());
        String id = "commit-flush-fenced-" + UUID.randomUUID();
        String in = id + "-in";
        String out = id + "-out";
        int records = 20_000;
        Path stateDir = Files.createTempDirectory("commit-flush-fenced-test");
        try (Admin admin = Admin.create(clients.config())) {
            createTopics(admin, in, out);
            Properties props = config(clients, id, stateDir, 100);
            // the transactional id Streams gives its thread's producer, to fence it with
            java.util.concurrent.atomic.AtomicReference<String> transactionalId =
                    new java.util.concurrent.atomic.AtomicReference<>();
            var supplier = new org.apache.kafka.streams.processor.internals.DefaultKafkaClientSupplier() {
                @Override
                public org.apache.kafka.clients.producer.Producer<byte[], byte[]> getProducer(
                        Map<String, Object> config) {
                    transactionalId.set((String)
                            config.get(org.apache.kafka.clients.producer.ProducerConfig.TRANSACTIONAL_ID_CONFIG));
                    return super.getProducer(config);
                }
            };
            try (KafkaStreams streams = new KafkaStreams(summing(in, out), props, supplier);
                    KafkaConsumer<String, Long> reader = readCommitted(clients)) {
                // A fence that lands while the thread's producer ends a transaction may reach it as
                // InvalidTxnStateException rather than ProducerFencedException (seen once in a full
                // run), which Kafka Streams treats as fatal for the thread: replace the thread, one
                // more dirty close (its tasks re-read from their committed offsets), still exactly once.
                streams.setUncaughtExceptionHandler(error -> org.apache.kafka.streams.errors
                        .StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD);
                streams.start();
                Thread producing = produce(clients, in, records, 500, 100);
                int fences = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (fences < 4 && System.nanoTime() < deadline) {
                    Thread.sleep(700);
                    String victim = transactionalId.get();
                    if (victim == null || streams.state() != KafkaStreams.State.RUNNING) {
                        continue;
                    }
                    Map<String, Object> config = new HashMap<>(clients.config());
                    config.put(org.apache.kafka.clients.producer.ProducerConfig.TRANSACTIONAL_ID_CONFIG, victim);
                    try (KafkaProducer<String, Long> zombieKiller =
                            new KafkaProducer<>(config, new StringSerializer(), new LongSerializer())) {
                        zombieKiller.initTransactions(); // new epoch: the open transaction is aborted
                    }
                    fences++;
                }
                producing.join();
                assertThat(fences).as("fences while records were summed").isEqualTo(4);
                TopicPartition input = new TopicPartition(in, 0);
                reader.assign(List.of(new TopicPartition(out, 0)));
                reader.seekToBeginning(reader.assignment());
                long outputSum = 0;
                long expected = (long) records * (records + 1) / 2;
                while (System.nanoTime() < deadline) {
                    assertThat(streams.state()).isNotIn(KafkaStreams.State.ERROR, KafkaStreams.State.NOT_RUNNING);
                    outputSum += sum(reader.poll(Duration.ofMillis(100)));
                    OffsetAndMetadata committed = admin.listConsumerGroupOffsets(id)
                            .partitionsToOffsetAndMetadata()
                            .get()
                            .get(input);
                    if (committed != null && committed.offset() == records && outputSum >= expected) {
                        break;
                    }
                }
                outputSum += sum(reader.poll(Duration.ofMillis(500)));
                assertThat(outputSum).as("every record summed exactly once").isEqualTo(expected);
            }
        } finally {
            org.rebound.kafka.TempDirs.deleteRecursively(stateDir);
        }
    }

    /** Starts producing 1..count to partition 0 of {@code in}, pausing {@code pauseMs} after every {@code every} records. */
    private static Thread produce(KafkaClients clients, String in, int count, int every, long pauseMs) {
        Thread producing = new Thread(
                () -> {
                    try (KafkaProducer<String, Long> producer =
                            new KafkaProducer<>(clients.config(), new StringSerializer(), new LongSerializer())) {
                        for (int i = 1; i <= count; i++) {
                            producer.send(new ProducerRecord<>(in, 0, (long) i, "k", (long) i));
                            if (i % every == 0) {
                                producer.flush();
                                Thread.sleep(pauseMs);
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "commit-flush-test-producer");
        producing.start();
        return producing;
    }

    private static void createTopics(Admin admin, String in, String out) throws Exception {
        admin.createTopics(List.of(new NewTopic(in, 1, (short) 1), new NewTopic(out, 1, (short) 1)))
                .all()
                .get();
    }

    /** in → {@link Summing} (with its {@link CommitFlush} hook) → out. */
    private static org.apache.kafka.streams.Topology summing(String in, String out) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(CommitFlush.<String, Long>builder("hook"));
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.Long()))
                .process(Summing::new, "hook")
                .to(out, Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    /** Exactly-once, from the earliest offset, 50 records per poll: the input is consumed over several commits. */
    private static Properties config(KafkaClients clients, String id, Path stateDir, int commitIntervalMs) {
        Properties props = new Properties();
        props.putAll(clients.config());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, id);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 50);
        return props;
    }

    private static long sum(Iterable<ConsumerRecord<String, Long>> records) {
        long sum = 0;
        for (ConsumerRecord<String, Long> record : records) {
            sum += record.value();
        }
        return sum;
    }

    private static KafkaConsumer<String, Long> readCommitted(KafkaClients clients) {
        Map<String, Object> config = new HashMap<>(clients.config());
        config.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                IsolationLevel.READ_COMMITTED.toString().toLowerCase(java.util.Locale.ROOT));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new LongDeserializer());
    }
}
