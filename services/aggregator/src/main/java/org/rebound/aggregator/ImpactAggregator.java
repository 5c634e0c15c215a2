package org.rebound.aggregator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.Topics;
import org.rocksdb.RocksDB;

/** Runs the {@link ImpactTopology} with exactly-once processing; {@link #close()} stops it. */
public final class ImpactAggregator implements AutoCloseable {

    public static final String DEFAULT_APPLICATION_ID = "rebound-aggregator";

    private final KafkaStreams streams;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private ImpactAggregator(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * Starts the aggregator of one process's run (the run's only instance); it keeps running (and
     * catching up) until closed.
     */
    public static ImpactAggregator start(KafkaClients clients, String applicationId, Path stateDir) {
        return start(clients, applicationId, stateDir, false);
    }

    /**
     * Starts the aggregator; it keeps running (and catching up) until closed.
     *
     * @param failover whether this is one instance of several sharing the work ({@code rebound
     *     aggregate}): sessions, transactions and standby copies set for failover in seconds
     *     ({@link #failover}); a run's only instance gains nothing from them
     */
    public static ImpactAggregator start(KafkaClients clients, String applicationId, Path stateDir, boolean failover) {
        ImpactAggregator aggregator = create(clients, applicationId, stateDir, failover, false, COMMIT_INTERVAL);
        aggregator.begin();
        return aggregator;
    }

    /**
     * The aggregator of one process's run (its only instance), built but not started ({@link
     * #begin}): building Kafka Streams' clients takes a few hundred milliseconds of a cold JVM,
     * which a run spends while its topics are created (starting needs the source topics).
     *
     * @param temporaryState whether {@code stateDir} is deleted after the run: then the stores
     *     that can be are kept in memory ({@link ImpactTopology#buildInMemory}); a kept state
     *     directory (a run that may resume) keeps them all on disk
     * @param commitInterval {@link #COMMIT_INTERVAL}, or {@link #LONG_RUN_COMMIT_INTERVAL} for a
     *     long run at full speed
     */
    public static ImpactAggregator create(
            KafkaClients clients,
            String applicationId,
            Path stateDir,
            boolean temporaryState,
            java.time.Duration commitInterval) {
        return create(clients, applicationId, stateDir, false, temporaryState, commitInterval);
    }

    /**
     * How often the aggregator commits, and so how often its totals move: a paced run's totals
     * follow its load within a few tenths of a second (latency p99 ~0.3 s, docs/performance.md).
     */
    public static final java.time.Duration COMMIT_INTERVAL = java.time.Duration.ofMillis(100);

    /**
     * A long run at full speed commits every 300 ms: each commit writes every aggregate its
     * records fed (the hourly telemetry windows, the days, the totals, with their JSON mirrors and
     * likely ranges) and closes a transaction; global-year took 0.84× the time and the CPU of 100
     * ms commits at the same peak RSS (two alternated pairs, docs/performance.md); 500 ms and more
     * gained little more and raised the peak RSS by a third or more.
     */
    public static final java.time.Duration LONG_RUN_COMMIT_INTERVAL = java.time.Duration.ofMillis(300);

    private static ImpactAggregator create(
            KafkaClients clients,
            String applicationId,
            Path stateDir,
            boolean failover,
            boolean inMemory,
            java.time.Duration commitInterval) {
        Properties config = config(clients, applicationId, stateDir);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) commitInterval.toMillis());
        if (failover) {
            failover(config);
        }
        ImpactAggregator aggregator = new ImpactAggregator(new KafkaStreams(
                inMemory ? ImpactTopology.buildInMemory() : ImpactTopology.build(),
                config,
                new WarmMetadataClients(applicationId)));
        aggregator.streams.setUncaughtExceptionHandler(error -> {
            aggregator.failure.compareAndSet(null, error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        aggregator.streams.setStateListener(
                (now, before) -> org.rebound.kafka.Timeline.mark("streams: " + before + " -> " + now));
        return aggregator;
    }

    /** Starts a {@link #create created} aggregator; it keeps running (and catching up) until closed. */
    public void begin() {
        org.rebound.kafka.Timeline.mark("streams: start");
        streams.start();
        org.rebound.kafka.Timeline.mark("streams: started");
    }

    /**
     * Loads what starting an aggregator needs before it can start (the topology's classes, the
     * native library of its state stores), for a thread to do while the broker starts: on two
     * cores, class loading is a good part of a short run's start-up.
     */
    public static void warmUp() {
        ImpactTopology.build();
        ImpactTopology.buildInMemory();
        RocksDB.loadLibrary();
    }

    /**
     * The application's settings of its internal topics ({@code topic.*} in its Streams
     * configuration): simulated timestamps may be years away from now, so records are kept
     * whatever their age.
     */
    private static final Map<String, String> INTERNAL_TOPIC_SETTINGS = Map.of(
            TopicConfig.RETENTION_MS_CONFIG, "-1",
            TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, Long.toString(Long.MAX_VALUE),
            TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, Long.toString(Long.MAX_VALUE));

    /** Kafka Streams' segment size for repartition topics (purged as they are read): 50 MiB. */
    private static final int REPARTITION_SEGMENT_BYTES = 50 * 1024 * 1024;

    /**
     * The internal topics Kafka Streams creates for this aggregator in its first rebalance (the
     * repartition topics and the stores' changelogs), named and configured as it names and
     * configures them, for a run to create with its own topics: on a fresh broker, creating them
     * inside the rebalance took a quarter of a second of a short run's start (docs/performance.md,
     * "One partition on the in-process broker"). InternalTopicsTest compares them with what Kafka
     * Streams creates itself.
     *
     * @param partitions the partition count of the load topic (Kafka Streams gives its internal
     *     topics that of their sources)
     */
    public static List<NewTopic> internalTopics(String applicationId, int partitions, short replicationFactor) {
        Map<String, String> common = new TreeMap<>();
        // Kafka Streams' own settings (its InternalTopicConfig classes, 4.4; InternalTopicsTest
        // compares them with the topics it creates): on every internal topic, then the application's
        // topic.* settings
        common.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
        common.putAll(INTERNAL_TOPIC_SETTINGS);
        List<NewTopic> topics = new ArrayList<>();
        for (String repartition : ImpactTopology.repartitionTopics()) {
            Map<String, String> config = new TreeMap<>(common);
            config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
            config.put(TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(REPARTITION_SEGMENT_BYTES));
            config.putIfAbsent(TopicConfig.RETENTION_MS_CONFIG, "-1");
            topics.add(new NewTopic(applicationId + "-" + repartition, partitions, replicationFactor).configs(config));
        }
        for (String store : ImpactTopology.loggedStores()) {
            Map<String, String> config = new TreeMap<>(common);
            config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            if (store.equals(ImpactTopology.DATACENTRE_STORE)) {
                // a versioned store's changelog keeps what its history needs, and a day more
                config.put(
                        TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG,
                        Long.toString(
                                ImpactTopology.DATACENTRE_HISTORY.plusDays(1).toMillis()));
            }
            topics.add(new NewTopic(applicationId + "-" + store + "-changelog", partitions, replicationFactor)
                    .configs(config));
        }
        return topics;
    }

    static Properties config(KafkaClients clients, String applicationId, Path stateDir) {
        Properties props = new Properties();
        props.putAll(clients.config());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) COMMIT_INTERVAL.toMillis());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        // Nothing is lost: records that cannot be decoded or valued go to the dead-letter topic
        // (KIP-1034) with their original bytes and the reason in headers, and processing goes on.
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.DEAD_LETTERS.name());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        props.put(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProcessingExceptionHandler.class);
        // Simulated timestamps may be years away from now: keep internal topics' records too.
        INTERNAL_TOPIC_SETTINGS.forEach((key, value) -> props.put(StreamsConfig.topicPrefix(key), value));
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Small fetches per partition: with a backlog of load events, what the consumer has
        // fetched ahead is processed before anything fetched after it, including the deltas
        // on the repartition topic; 1 MiB per partition (the default) held the first aggregate
        // of global-year back by ~2.5 s, 64 KiB by ~0.5 s, at the same throughput.
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), 64 * 1024);
        // Restoring (or checking) the stores' changelogs at start-up waits on the restore
        // consumer's fetches: at the default 500 ms wait, start-up took a second longer.
        props.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 20);
        // Start-up (docs/performance.md, "Start-up"): the stream thread and the state updater
        // block up to poll.ms (100 ms by default) in each loop while tasks are initialised and
        // restored, and the assignor retries its internal topics every retry.backoff.ms (100
        // ms) until the new ones have leaders: both were most of Kafka Streams' start-up on a
        // fresh broker. With records to read, poll returns at once whatever poll.ms says.
        props.put(StreamsConfig.POLL_MS_CONFIG, 10);
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.RETRY_BACKOFF_MS_CONFIG), 10);
        // A consumer has one fetch in flight per broker: at the default 500 ms wait, a fetch sent
        // before the load partitions had records held them back once they had (the first load
        // event processed ~400 ms after its commit in three of five start-ups; 11-72 ms at 50).
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 50);
        // The first commit finds the group's coordinator, then waited retry.backoff.ms (100 ms)
        // before sending the offsets (docs/performance.md, "One compiler thread").
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 10);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // A long run's commit writes ~4,000 telemetry windows and their JSON mirrors at once; the
        // producer sends at most one batch a partition in each request, so at the default 16 KiB
        // that was hundreds of produce requests a commit, each a transaction check, an append and
        // a response on the broker. 256 KiB (the generator's): global-year's broker handlers
        // 3.4-4.9 CPU-s instead of 5.1-8.4, the whole process ~4 CPU-s less (six alternated runs
        // each, docs/performance.md, "Fewer, larger batches"). A paced run's batches still leave
        // after linger.ms.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        return props;
    }

    /** How long the group waits for a silent instance before its tasks move (the lowest a default broker accepts). */
    static final int SESSION_TIMEOUT_MS = 6_000;
    /** A third of the session or less, as Kafka advises: a survivor hears of the rebalance within this. */
    static final int HEARTBEAT_INTERVAL_MS = 1_500;
    /**
     * How long a killed instance's open transaction may hold the partitions it wrote to (read
     * committed: no one reads past it) before the broker aborts it; shorter than the session, so
     * that it is aborted by the time a survivor takes the tasks over. Kafka Streams' own default
     * under exactly-once is 10 s. A transaction lasts one commit interval (100 ms) here.
     */
    static final int TRANSACTION_TIMEOUT_MS = 5_000;

    /**
     * Failover in seconds (issue 16): after a {@code kill -9} of one instance the group notices it
     * after the session timeout, the broker aborts its open transaction after the transaction
     * timeout, and a survivor that kept a standby copy of its stores resumes without restoring
     * them. Kafka's defaults (45 s sessions, 10 s transactions) froze the totals for more than 20
     * s. Settings given with {@code --kafka-config} win. Measured: docs/operations.md, "Failover".
     * Only for {@code rebound aggregate}: a run's single instance has no one to fail over to, and a
     * shorter transaction timeout only makes its transactions more likely to be aborted on a slow
     * machine.
     */
    static void failover(Properties props) {
        props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        props.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS);
        if (!props.containsKey(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)) {
            props.putIfAbsent(
                    StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), TRANSACTION_TIMEOUT_MS);
        }
        // With two instances or more, each keeps the other's stores up to date: a survivor takes
        // the tasks over without restoring them from the changelogs (alone, none is kept).
        props.putIfAbsent(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
    }

    /** Why the aggregator stopped on its own, if it did. */
    public Optional<Throwable> failure() {
        Throwable error = failure.get();
        if (error == null
                && (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING)) {
            error = new IllegalStateException("Kafka Streams is " + streams.state());
        }
        return Optional.ofNullable(error);
    }

    /**
     * Waits until Kafka Streams has its tasks (state RUNNING), it fails, or {@code timeout}
     * passes; returns whether it is running. A run starts its generator after this, so that the
     * aggregator's start-up does not compete with a generator writing flat out.
     */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING && failure().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        // Leave the group on close: otherwise the next instance (the next run) waits for this
        // member's session to time out before it gets the partitions.
        org.rebound.kafka.Timeline.mark("streams: close");
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        org.rebound.kafka.Timeline.mark("streams: closed");
    }
}
