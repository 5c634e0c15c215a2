package org.rebound.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.Server;
import kafka.server.SharedServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * A real Apache Kafka broker in KRaft mode (broker and controller in one node, static quorum of
 * one voter), started in this JVM from the Kafka server artifacts: Rebound's embedded default and
 * the broker of the integration tests. Everything listens on 127.0.0.1 only.
 *
 * <p>{@link #start} formats a new data directory (or reuses one that holds a formatted log, with
 * its data and cluster id), starts the broker and returns once a client's {@code describeCluster}
 * succeeds. {@link #close} stops it and removes a temporary data directory. The settings suit one
 * node running transactions and records whose timestamps are simulated time (see
 * {@link #settings}).
 *
 * <p>The broker is assembled as {@code kafka.server.KafkaRaftServer} assembles it (shared server,
 * controller, broker), with two differences: its listener sockets are bound before it is
 * configured (so that port 0 never races with another process for the port), and a fatal
 * metadata or controller fault is logged instead of halting the JVM. These are Kafka-internal
 * classes: check this class when upgrading Kafka.
 *
 * <p>Nothing global is registered by this class (no shutdown hook, no static state). Kafka itself
 * still registers JMX beans and Yammer metrics, and still halts the JVM in a few places of its own
 * (e.g. when every log directory has failed).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String META_PROPERTIES = "meta.properties";
    /** Where an earlier version of this class kept the log inside the data directory. */
    private static final String LEGACY_LOG_SUBDIR = "kafka-logs";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final BrokerServer broker;
    private final ControllerServer controller;
    private final PreboundSockets sockets;
    private final NonHaltingFaultHandlers faults;
    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final boolean temporary;
    private final String clusterId;
    private boolean closed;

    private EmbeddedKafkaBroker(BrokerServer broker, ControllerServer controller, PreboundSockets sockets,
                                NonHaltingFaultHandlers faults, int port, int controllerPort, Path dataDir,
                                boolean temporary, String clusterId) {
        this.broker = broker;
        this.controller = controller;
        this.sockets = sockets;
        this.faults = faults;
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.clusterId = clusterId;
    }

    /**
     * Formats the storage if it is new, starts the broker and returns once it answers clients.
     *
     * @throws BrokerException if the data directory is unusable, the port is taken, a setting is
     *                         invalid or the broker is not ready within a minute
     */
    public static EmbeddedKafkaBroker start(BrokerOptions options) {
        Objects.requireNonNull(options, "options");
        long startNanos = System.nanoTime();
        boolean temporary = options.dataDir() == null;
        Path dataDir = createDataDir(options.dataDir());
        PreboundSockets sockets = new PreboundSockets();
        try {
            Path logDir = logDir(dataDir);
            boolean formatted = Files.exists(logDir.resolve(META_PROPERTIES));
            if (!formatted) {
                format(logDir);
            }
            String clusterId = readClusterId(logDir);
            int port = sockets.bind(BROKER_LISTENER, HOST, options.port());
            int controllerPort = sockets.bind(CONTROLLER_LISTENER, HOST, 0);
            KafkaConfig config = config(options, logDir, port, controllerPort);
            EmbeddedKafkaBroker started = startServers(config, sockets, port, controllerPort, dataDir, temporary, clusterId);
            LOG.info("Kafka broker ready at {} in {} ms ({} data in {}, cluster id {})", started.bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
                    formatted ? "reused" : "new", logDir, clusterId);
            return started;
        } catch (RuntimeException e) {
            sockets.close();
            if (temporary) {
                deleteRecursively(dataDir);
            }
            throw e instanceof BrokerException ? e : new BrokerException("the in-process Kafka broker did not start: " + e.getMessage(), e);
        }
    }

    /**
     * What {@code KafkaRaftServer} does for a combined node, with two differences: listener
     * sockets come prebound from {@code sockets}, and fatal faults do not halt the JVM. Left out:
     * its JMX extras (log4j controller bean, app-info bean, MX4J).
     */
    private static EmbeddedKafkaBroker startServers(KafkaConfig config, PreboundSockets sockets, int port, int controllerPort,
                                                    Path dataDir, boolean temporary, String clusterId) {
        Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> dirs =
                KafkaRaftServer.initializeLogDirs(config, LOG, "[EmbeddedKafkaBroker " + HOST + ":" + port + "] ");
        NonHaltingFaultHandlers faults = new NonHaltingFaultHandlers();
        SharedServer shared = new SharedServer(
                config,
                dirs._1(),
                Time.SYSTEM,
                Server.initializeMetrics(config, Time.SYSTEM, clusterId),
                CompletableFuture.completedFuture(Map.of(NODE_ID, new InetSocketAddress(HOST, controllerPort))),
                List.of(),
                faults,
                sockets);
        BrokerServer broker;
        ControllerServer controller;
        try {
            broker = new BrokerServer(shared);
        } catch (RuntimeException e) {
            swallow("stopping the shared server", shared::stopForBroker);
            throw e;
        }
        try {
            controller = new ControllerServer(shared, KafkaRaftServer.configSchema(), dirs._2());
        } catch (RuntimeException e) {
            swallow("stopping the broker", broker::shutdown);
            throw e;
        }
        EmbeddedKafkaBroker started = new EmbeddedKafkaBroker(broker, controller, sockets, faults, port, controllerPort,
                dataDir, temporary, clusterId);
        try {
            // the order of KafkaRaftServer: the controller first, then the broker (which waits until it is unfenced)
            controller.startup();
            broker.startup();
            started.awaitReady();
            return started;
        } catch (RuntimeException e) {
            started.stop();
            RuntimeException fatal = faults.firstFatal();
            if (fatal != null && fatal != e && e.getCause() != fatal) {
                e.addSuppressed(fatal);
            }
            throw e instanceof BrokerException ? e : new BrokerException("the in-process Kafka broker did not start on "
                    + HOST + ":" + port + " (data in " + dataDir + "): " + e.getMessage(), e);
        }
    }

    /**
     * The broker settings, before {@link BrokerOptions#overrides()} (which are applied last):
     * <ul>
     * <li>one node: KRaft combined mode, a static quorum of this node, listeners on 127.0.0.1;</li>
     * <li>every internal topic with one replica and min ISR 1 (with the default 3 replicas,
     *     {@code initTransactions()} times out), few partitions for them (fast first use);</li>
     * <li>topics are created explicitly: no auto-creation; new topics have 1 partition, 1 replica;</li>
     * <li>consumer groups start without the initial 3 s rebalance delay;</li>
     * <li>record timestamps are simulated time, years in the past or future: no deletion by age
     *     ({@code log.retention.ms=-1}), any timestamp accepted (Kafka 4 otherwise rejects records
     *     more than an hour ahead of the wall clock), and no segment roll by timestamp distance
     *     ({@code log.roll.ms} at its maximum: segments roll by size only, instead of every seven
     *     simulated days, which could open thousands of files in a run over years);</li>
     * <li>small heap: the log cleaner's dedupe buffer (on-heap, 128 MiB by default) at 4 MiB, and
     *     fewer network and I/O threads.</li>
     * </ul>
     */
    static Map<String, String> settings(BrokerOptions options, Path logDir, int port, int controllerPort) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("process.roles", "broker,controller");
        s.put("node.id", Integer.toString(NODE_ID));
        s.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        s.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + port + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        s.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + port);
        s.put("controller.listener.names", CONTROLLER_LISTENER);
        s.put("inter.broker.listener.name", BROKER_LISTENER);
        s.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        s.put("log.dirs", logDir.toString());

        s.put("offsets.topic.replication.factor", "1");
        s.put("offsets.topic.num.partitions", "5");
        s.put("transaction.state.log.replication.factor", "1");
        s.put("transaction.state.log.min.isr", "1");
        s.put("transaction.state.log.num.partitions", "5");
        s.put("share.coordinator.state.topic.replication.factor", "1");
        s.put("share.coordinator.state.topic.min.isr", "1");
        s.put("share.coordinator.state.topic.num.partitions", "5");
        s.put("default.replication.factor", "1");
        s.put("min.insync.replicas", "1");
        s.put("num.partitions", "1");
        s.put("auto.create.topics.enable", "false");
        s.put("group.initial.rebalance.delay.ms", "0");

        s.put("log.retention.ms", "-1");
        s.put("log.message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE));
        s.put("log.message.timestamp.before.max.ms", Long.toString(Long.MAX_VALUE));
        s.put("log.roll.ms", Long.toString(Long.MAX_VALUE));

        s.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        s.put("num.network.threads", "2");
        s.put("num.io.threads", "4");

        s.putAll(options.overrides());
        return s;
    }

    private static KafkaConfig config(BrokerOptions options, Path logDir, int port, int controllerPort) {
        try {
            return new KafkaConfig(settings(options, logDir, port, controllerPort), false);
        } catch (RuntimeException e) {
            throw new BrokerException("invalid broker settings (overrides " + options.overrides() + "): " + e.getMessage(), e);
        }
    }

    private static Path createDataDir(Path requested) {
        try {
            return requested == null ? Files.createTempDirectory("rebound-kafka-") : Files.createDirectories(requested);
        } catch (IOException | RuntimeException e) {
            throw new BrokerException("cannot create the broker's data directory "
                    + (requested == null ? "(temporary)" : requested) + ": " + e, e);
        }
    }

    /** The data directory itself, unless an earlier version of this class kept the log in a subdirectory. */
    private static Path logDir(Path dataDir) {
        Path legacy = dataDir.resolve(LEGACY_LOG_SUBDIR);
        if (!Files.exists(dataDir.resolve(META_PROPERTIES)) && Files.exists(legacy.resolve(META_PROPERTIES))) {
            return legacy;
        }
        return dataDir;
    }

    /** What {@code kafka-storage format} does, for a new or empty directory only. */
    private static void format(Path logDir) {
        try (Stream<Path> entries = Files.list(logDir)) {
            if (entries.findAny().isPresent()) {
                throw new BrokerException(logDir + " is not empty and holds no Kafka log (no " + META_PROPERTIES
                        + "): give a new or empty directory, or one where this broker kept its data before");
            }
        } catch (IOException e) {
            throw new BrokerException("cannot read the broker's data directory " + logDir + ": " + e, e);
        }
        try (PrintStream quiet = new PrintStream(PrintStream.nullOutputStream())) {
            new Formatter()
                    .setPrintStream(quiet)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(NODE_ID)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDir.toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setUnstableFeatureVersionsEnabled(false)
                    .run();
        } catch (Exception e) {
            throw new BrokerException("cannot format the broker's storage in " + logDir + ": " + e.getMessage(), e);
        }
    }

    private static String readClusterId(Path logDir) {
        Path meta = logDir.resolve(META_PROPERTIES);
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            properties.load(in);
        } catch (IOException e) {
            throw new BrokerException("cannot read " + meta + ": " + e, e);
        }
        String id = properties.getProperty("cluster.id");
        if (id == null || id.isBlank()) {
            throw new BrokerException(meta + " has no cluster.id");
        }
        return id;
    }

    private void awaitReady() {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "rebound-broker-readiness",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            DescribeClusterResult cluster = admin.describeCluster();
            Collection<Node> nodes = cluster.nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            String id = cluster.clusterId().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            RuntimeException fatal = faults.firstFatal();
            if (fatal != null) {
                throw new BrokerException("the broker had a fatal fault while starting: " + fatal.getMessage(), fatal);
            }
            if (nodes.isEmpty() || !clusterId.equals(id)) {
                throw new BrokerException("the broker at " + bootstrapServers() + " answered with cluster " + id
                        + " and nodes " + nodes + "; expected cluster " + clusterId + " with node " + NODE_ID);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while waiting for the broker at " + bootstrapServers(), e);
        } catch (BrokerException e) {
            throw e;
        } catch (Exception e) {
            throw new BrokerException("the broker at " + bootstrapServers() + " did not answer describeCluster within "
                    + READY_TIMEOUT.toSeconds() + " s: " + e, e);
        }
    }

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The client (PLAINTEXT) port. */
    public int port() {
        return port;
    }

    /** The KRaft controller's port (a free one, chosen anew at every start). */
    public int controllerPort() {
        return controllerPort;
    }

    /** The data directory: the one given in the options, or the temporary one. */
    public Path dataDir() {
        return dataDir;
    }

    /** The cluster id, from the log's {@code meta.properties}: the same across restarts on one data directory. */
    public String clusterId() {
        return clusterId;
    }

    /**
     * Stops the broker (a controlled shutdown, then the controller) and, if the data directory was
     * temporary, removes it. Idempotent; a concurrent second call waits for the first.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long startNanos = System.nanoTime();
        try {
            stop();
        } finally {
            if (temporary) {
                deleteRecursively(dataDir);
            }
        }
        LOG.info("Kafka broker at {} stopped in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    /** Broker first (controlled shutdown), then controller, as KafkaRaftServer does. */
    private void stop() {
        swallow("shutting down the broker", broker::shutdown);
        swallow("shutting down the controller", controller::shutdown);
        swallow("awaiting the broker's shutdown", broker::awaitShutdown);
        swallow("awaiting the controller's shutdown", controller::awaitShutdown);
        sockets.close();
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + bootstrapServers() + ", data " + dataDir + (temporary ? " (temporary)" : "")
                + ", cluster " + clusterId + (closed ? ", closed" : "") + "]";
    }

    private static void swallow(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("in-process Kafka broker: error while {}", what, e);
        }
    }

    private static void deleteRecursively(Path dir) {
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
