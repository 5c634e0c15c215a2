package org.rebound.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.Server;
import kafka.server.SharedServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * One combined KRaft node (broker + controller) assembled in this JVM as
 * {@code kafka.server.KafkaRaftServer} assembles it (shared server, controller, broker), with two
 * differences: its listener sockets are bound before it is configured (so that port 0 never races
 * with another process for the port), and a fatal metadata or controller fault is logged instead of
 * halting the JVM. The building block of {@link EmbeddedKafkaBroker} (one node) and
 * {@link EmbeddedKafkaCluster} (several). These are Kafka-internal classes: check this class when
 * upgrading Kafka.
 */
final class KafkaNode {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaNode.class);

    static final String HOST = "127.0.0.1";
    static final String META_PROPERTIES = "meta.properties";
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final int nodeId;
    private final BrokerServer broker;
    private final ControllerServer controller;
    private final PreboundSockets sockets;
    private final NonHaltingFaultHandlers faults;

    private KafkaNode(
            int nodeId,
            BrokerServer broker,
            ControllerServer controller,
            PreboundSockets sockets,
            NonHaltingFaultHandlers faults) {
        this.nodeId = nodeId;
        this.broker = broker;
        this.controller = controller;
        this.sockets = sockets;
        this.faults = faults;
    }

    /**
     * Builds (does not start) the node: what {@code KafkaRaftServer} does for a combined node, with
     * listener sockets prebound in {@code sockets} and non-halting fault handlers. Left out: its
     * JMX extras (log4j controller bean, app-info bean, MX4J).
     *
     * @param voters every voter of the static quorum: node id to its controller address
     */
    static KafkaNode create(
            KafkaConfig config, PreboundSockets sockets, Map<Integer, InetSocketAddress> voters, String clusterId) {
        int nodeId = config.nodeId();
        Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> dirs =
                KafkaRaftServer.initializeLogDirs(config, LOG, "[Kafka node " + nodeId + "] ");
        NonHaltingFaultHandlers faults = new NonHaltingFaultHandlers();
        SharedServer shared = new SharedServer(
                config,
                dirs._1(),
                Time.SYSTEM,
                Server.initializeMetrics(config, Time.SYSTEM, clusterId),
                CompletableFuture.completedFuture(Map.copyOf(voters)),
                List.of(),
                faults,
                sockets);
        BrokerServer broker;
        try {
            broker = new BrokerServer(shared);
        } catch (RuntimeException e) {
            swallow("stopping the shared server", shared::stopForBroker);
            throw e;
        }
        try {
            return new KafkaNode(
                    nodeId,
                    broker,
                    new ControllerServer(shared, KafkaRaftServer.configSchema(), dirs._2()),
                    sockets,
                    faults);
        } catch (RuntimeException e) {
            swallow("stopping the broker", broker::shutdown);
            throw e;
        }
    }

    /**
     * The order of KafkaRaftServer: the controller first, then the broker, which returns once the
     * controller quorum has a leader and has unfenced it (with several voters: once a majority runs).
     */
    void startup() {
        controller.startup();
        broker.startup();
    }

    /**
     * Broker first, then controller, as KafkaRaftServer does; then the sockets it did not take.
     * Whether the broker first asks the controller to move its leaders away (a controlled
     * shutdown) is the {@code controlled.shutdown.enable} setting.
     */
    void stop() {
        stop(false);
    }

    /**
     * As {@link #stop()}, or with the controller shut down beside the broker instead of after it,
     * for a node whose data is deleted next: nothing it writes while stopping is read again, and
     * the controller's ~70–190 ms (its Raft client, its log) no longer follow the broker's.
     */
    void stop(boolean controllerAlongside) {
        Runnable stopController = () -> swallow("shutting down the controller " + nodeId, controller::shutdown);
        java.util.concurrent.CompletableFuture<Void> controllerStopped =
                controllerAlongside ? java.util.concurrent.CompletableFuture.runAsync(stopController) : null;
        swallow("shutting down the broker " + nodeId, broker::shutdown);
        if (controllerStopped == null) {
            stopController.run();
        } else {
            controllerStopped.join();
        }
        swallow("awaiting the broker's shutdown " + nodeId, broker::awaitShutdown);
        swallow("awaiting the controller's shutdown " + nodeId, controller::awaitShutdown);
        sockets.close();
    }

    int nodeId() {
        return nodeId;
    }

    /** The first fatal fault this node had, or null. */
    RuntimeException firstFatal() {
        return faults.firstFatal();
    }

    /**
     * The settings of one node, before the caller's overrides:
     * <ul>
     * <li>KRaft combined mode, a static quorum of {@code voters}, listeners on 127.0.0.1;</li>
     * <li>{@code replicas} replicas and min ISR {@code minInsyncReplicas} for every topic, internal
     *     ones included ({@code initTransactions()} times out when the transaction log asks for more
     *     replicas than there are brokers), few partitions for the internal ones (fast first use);</li>
     * <li>topics are created explicitly: no auto-creation; new topics have 1 partition;</li>
     * <li>consumer groups start without the initial 3 s rebalance delay;</li>
     * <li>a single node aborts a transaction past its timeout (its client killed) within a second, not up to
     *     ten: what it wrote holds read-committed readers back until then;</li>
     * <li>record timestamps are simulated time, years in the past or future: no deletion by age
     *     ({@code log.retention.ms=-1}), any timestamp accepted (Kafka 4 otherwise rejects records
     *     more than an hour ahead of the wall clock), and no segment roll by timestamp distance
     *     ({@code log.roll.ms} at its maximum: segments roll by size only, instead of every seven
     *     simulated days, which could open thousands of files in a run over years);</li>
     * <li>small heap: the log cleaner's dedupe buffer (on-heap, 128 MiB by default) at 4 MiB, and
     *     fewer network and I/O threads.</li>
     * </ul>
     *
     * @param voters {@code controller.quorum.voters}: {@code id@host:port,...}
     */
    static Map<String, String> settings(
            int nodeId, String voters, Path logDir, int port, int controllerPort, int replicas, int minInsyncReplicas) {
        String rf = Integer.toString(replicas);
        String minIsr = Integer.toString(minInsyncReplicas);
        Map<String, String> s = new LinkedHashMap<>();
        s.put("process.roles", "broker,controller");
        s.put("node.id", Integer.toString(nodeId));
        s.put("controller.quorum.voters", voters);
        s.put(
                "listeners",
                BROKER_LISTENER + "://" + HOST + ":" + port + "," + CONTROLLER_LISTENER + "://" + HOST + ":"
                        + controllerPort);
        s.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + port);
        s.put("controller.listener.names", CONTROLLER_LISTENER);
        s.put("inter.broker.listener.name", BROKER_LISTENER);
        s.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        s.put("log.dirs", logDir.toString());

        s.put("offsets.topic.replication.factor", rf);
        s.put("offsets.topic.num.partitions", "5");
        s.put("transaction.state.log.replication.factor", rf);
        s.put("transaction.state.log.min.isr", minIsr);
        s.put("transaction.state.log.num.partitions", "5");
        s.put("share.coordinator.state.topic.replication.factor", rf);
        s.put("share.coordinator.state.topic.min.isr", minIsr);
        s.put("share.coordinator.state.topic.num.partitions", "5");
        s.put("default.replication.factor", rf);
        s.put("min.insync.replicas", minIsr);
        s.put("num.partitions", "1");
        s.put("auto.create.topics.enable", "false");
        s.put("group.initial.rebalance.delay.ms", "0");
        // the aggregator's failover (docs/operations.md): its sessions of 6 s are the default
        // group.min.session.timeout.ms, kept; its killed instance's transaction must go quickly.
        // Not on the in-process cluster: there, a node stopped mid-run can hold a live
        // transaction past its timeout, and aborting it at once ended the aggregator's commit
        // (InvalidTxnStateException, FaultClusterTest); Kafka's 10 s check lets it complete.
        if (replicas == 1) {
            s.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        }

        s.put("log.retention.ms", "-1");
        s.put("log.message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE));
        s.put("log.message.timestamp.before.max.ms", Long.toString(Long.MAX_VALUE));
        s.put("log.roll.ms", Long.toString(Long.MAX_VALUE));

        s.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        s.put("num.network.threads", "2");
        s.put("num.io.threads", "4");
        return s;
    }

    /** {@code controller.quorum.voters} for these voters. */
    static String voters(Map<Integer, InetSocketAddress> voters) {
        return voters.entrySet().stream()
                .map(v -> v.getKey() + "@" + v.getValue().getHostString() + ":"
                        + v.getValue().getPort())
                .collect(Collectors.joining(","));
    }

    static KafkaConfig config(Map<String, String> settings, Map<String, String> overrides) {
        try {
            return new KafkaConfig(settings, false);
        } catch (RuntimeException e) {
            throw new BrokerException("invalid broker settings (overrides " + overrides + "): " + e.getMessage(), e);
        }
    }

    static Path createDataDir(Path requested) {
        try {
            return requested == null ? Files.createTempDirectory("rebound-kafka-") : Files.createDirectories(requested);
        } catch (IOException | RuntimeException e) {
            throw new BrokerException(
                    "cannot create the broker's data directory " + (requested == null ? "(temporary)" : requested)
                            + ": " + e,
                    e);
        }
    }

    static boolean isFormatted(Path logDir) {
        return Files.exists(logDir.resolve(META_PROPERTIES));
    }

    /**
     * What {@code kafka-storage format} does, for a new or empty directory only. The log is
     * formatted in a staging directory beside it and renamed into place in one step, so that a
     * process killed while formatting leaves no half-formatted log behind (the next start formats
     * again instead of refusing a non-empty directory).
     */
    static void format(Path logDir, String clusterId, int nodeId) {
        Path staging = logDir.resolveSibling("." + logDir.getFileName() + ".formatting");
        deleteRecursively(staging); // left by a process killed while formatting
        formatIn(logDir, staging, clusterId, nodeId);
        try {
            Files.deleteIfExists(logDir); // empty (checked)
            Files.move(staging, logDir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BrokerException("cannot move the formatted storage into " + logDir + ": " + e, e);
        }
    }

    private static void formatIn(Path logDir, Path staging, String clusterId, int nodeId) {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new BrokerException("cannot create the broker's data directory " + logDir + ": " + e, e);
        }
        try (Stream<Path> entries = Files.list(logDir)) {
            if (entries.findAny().isPresent()) {
                throw new BrokerException(logDir + " is not empty and holds no Kafka log (no " + META_PROPERTIES
                        + "): give a new or empty directory, or one where this broker kept its data before");
            }
        } catch (IOException e) {
            throw new BrokerException("cannot read the broker's data directory " + logDir + ": " + e, e);
        }
        try (PrintStream quiet = new PrintStream(PrintStream.nullOutputStream())) {
            Files.createDirectories(staging);
            new Formatter()
                    .setPrintStream(quiet)
                    .setClusterId(clusterId)
                    .setNodeId(nodeId)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(staging.toString())
                    .setDirectories(List.of(staging.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setUnstableFeatureVersionsEnabled(false)
                    .run();
        } catch (Exception e) {
            throw new BrokerException("cannot format the broker's storage in " + logDir + ": " + e.getMessage(), e);
        }
    }

    static String readClusterId(Path logDir) {
        return readMeta(logDir, "cluster.id");
    }

    private static String readMeta(Path logDir, String key) {
        Path meta = logDir.resolve(META_PROPERTIES);
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            properties.load(in);
        } catch (IOException e) {
            throw new BrokerException("cannot read " + meta + ": " + e, e);
        }
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new BrokerException(meta + " has no " + key);
        }
        return value;
    }

    static void swallow(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("in-process Kafka broker: error while {}", what, e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warn("cannot delete {}: {}", path, e.toString());
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot delete the temporary data directory {}: {}", dir, e.toString());
        }
    }
}
