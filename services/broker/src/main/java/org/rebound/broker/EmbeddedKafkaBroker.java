package org.rebound.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>Nothing global is registered by this class (no shutdown hook, no static state). Kafka itself
 * registers JMX beans and, on a fatal metadata or log-directory fault, halts the JVM as a broker
 * process would.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String META_PROPERTIES = "meta.properties";
    /** Where an earlier version of this class kept the log inside the data directory. */
    private static final String LEGACY_LOG_SUBDIR = "kafka-logs";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** Attempts when a port picked as free was taken by someone else before the broker bound it. */
    private static final int BIND_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final boolean temporary;
    private final String clusterId;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port, int controllerPort, Path dataDir,
                                boolean temporary, String clusterId) {
        this.server = server;
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
        try {
            Path logDir = logDir(dataDir);
            boolean formatted = Files.exists(logDir.resolve(META_PROPERTIES));
            if (!formatted) {
                format(logDir);
            }
            String clusterId = readClusterId(logDir);
            if (options.port() != 0) {
                requireFree(options.port());
            }
            for (int attempt = 1; ; attempt++) {
                int port = options.port() != 0 ? options.port() : freePort(-1);
                int controllerPort = freePort(port);
                KafkaConfig config = config(options, logDir, port, controllerPort);
                KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
                try {
                    server.startup();
                } catch (RuntimeException e) {
                    stopQuietly(server);
                    if (attempt < BIND_ATTEMPTS && isBindFailure(e)) {
                        LOG.debug("a port picked as free was taken meanwhile; retrying with other ports", e);
                        continue;
                    }
                    throw new BrokerException("the in-process Kafka broker did not start on " + HOST + ":" + port
                            + " (data in " + logDir + "): " + e.getMessage(), e);
                }
                EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, port, controllerPort, dataDir, temporary, clusterId);
                try {
                    broker.awaitReady();
                } catch (RuntimeException e) {
                    stopQuietly(server);
                    throw e;
                }
                LOG.info("Kafka broker ready at {} in {} ms ({} data in {}, cluster id {})", broker.bootstrapServers(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
                        formatted ? "reused" : "new", logDir, clusterId);
                return broker;
            }
        } catch (RuntimeException e) {
            if (temporary) {
                deleteRecursively(dataDir);
            }
            throw e instanceof BrokerException ? e : new BrokerException("the in-process Kafka broker did not start: " + e.getMessage(), e);
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
        s.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        s.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        s.put("controller.listener.names", "CONTROLLER");
        s.put("inter.broker.listener.name", "PLAINTEXT");
        s.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
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
                    .setControllerListenerName("CONTROLLER")
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

    /** The KRaft controller's port (chosen anew at every start). */
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
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("the in-process Kafka broker at {} did not shut down cleanly", bootstrapServers(), e);
        } finally {
            if (temporary) {
                deleteRecursively(dataDir);
            }
        }
        LOG.info("Kafka broker at {} stopped in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + bootstrapServers() + ", data " + dataDir + (temporary ? " (temporary)" : "")
                + ", cluster " + clusterId + (closed ? ", closed" : "") + "]";
    }

    private static void stopQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.debug("error while stopping a broker that failed to start", e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("failed to bind")) {
                return true;
            }
        }
        return false;
    }

    private static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
        } catch (IOException e) {
            throw new BrokerException("port " + port + " on " + HOST + " is not free: " + e.getMessage(), e);
        }
    }

    private static int freePort(int other) {
        for (int attempt = 0; attempt < 10; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(HOST))) {
                int candidate = socket.getLocalPort();
                if (candidate != other) {
                    return candidate;
                }
            } catch (IOException e) {
                throw new BrokerException("cannot find a free port on " + HOST + ": " + e.getMessage(), e);
            }
        }
        throw new BrokerException("cannot find a free port on " + HOST);
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
