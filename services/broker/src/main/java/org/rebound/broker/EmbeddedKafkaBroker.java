package org.rebound.broker;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
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
 * <p>The broker is a {@link KafkaNode}: assembled as {@code kafka.server.KafkaRaftServer} assembles
 * it, except that its listener sockets are bound before it is configured (so that port 0 never
 * races with another process for the port) and a fatal metadata or controller fault is logged
 * instead of halting the JVM. For several brokers, see {@link EmbeddedKafkaCluster}.
 *
 * <p>Nothing global is registered by this class (no shutdown hook, no static state). Kafka itself
 * still registers JMX beans and Yammer metrics, and still halts the JVM in a few places of its own
 * (e.g. when every log directory has failed).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final String HOST = KafkaNode.HOST;
    private static final int NODE_ID = 1;
    /** Where an earlier version of this class kept the log inside the data directory. */
    private static final String LEGACY_LOG_SUBDIR = "kafka-logs";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaNode node;
    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final boolean temporary;
    private final String clusterId;
    private boolean closed;

    private EmbeddedKafkaBroker(
            KafkaNode node, int port, int controllerPort, Path dataDir, boolean temporary, String clusterId) {
        this.node = node;
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
        Path dataDir = KafkaNode.createDataDir(options.dataDir());
        PreboundSockets sockets = new PreboundSockets();
        try {
            Path logDir = logDir(dataDir);
            boolean formatted = KafkaNode.isFormatted(logDir);
            if (!formatted) {
                KafkaNode.format(logDir, Uuid.randomUuid().toString(), NODE_ID);
            }
            String clusterId = KafkaNode.readClusterId(logDir);
            int port = sockets.bind(KafkaNode.BROKER_LISTENER, HOST, options.port());
            int controllerPort = sockets.bind(KafkaNode.CONTROLLER_LISTENER, HOST, 0);
            KafkaConfig config = KafkaNode.config(settings(options, logDir, port, controllerPort), options.overrides());
            EmbeddedKafkaBroker started =
                    startNode(config, sockets, port, controllerPort, dataDir, temporary, clusterId);
            LOG.info(
                    "Kafka broker ready at {} in {} ms ({} data in {}, cluster id {})",
                    started.bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
                    formatted ? "reused" : "new",
                    logDir,
                    clusterId);
            return started;
        } catch (RuntimeException e) {
            sockets.close();
            if (temporary) {
                KafkaNode.deleteRecursively(dataDir);
            }
            throw e instanceof BrokerException
                    ? e
                    : new BrokerException("the in-process Kafka broker did not start: " + e.getMessage(), e);
        }
    }

    private static EmbeddedKafkaBroker startNode(
            KafkaConfig config,
            PreboundSockets sockets,
            int port,
            int controllerPort,
            Path dataDir,
            boolean temporary,
            String clusterId) {
        KafkaNode node = KafkaNode.create(
                config, sockets, Map.of(NODE_ID, new InetSocketAddress(HOST, controllerPort)), clusterId);
        EmbeddedKafkaBroker started =
                new EmbeddedKafkaBroker(node, port, controllerPort, dataDir, temporary, clusterId);
        try {
            node.startup();
            started.awaitReady();
            return started;
        } catch (RuntimeException e) {
            node.stop();
            RuntimeException fatal = node.firstFatal();
            if (fatal != null && fatal != e && e.getCause() != fatal) {
                e.addSuppressed(fatal);
            }
            throw e instanceof BrokerException
                    ? e
                    : new BrokerException(
                            "the in-process Kafka broker did not start on " + HOST + ":" + port + " (data in " + dataDir
                                    + "): " + e.getMessage(),
                            e);
        }
    }

    /**
     * The broker settings, before {@link BrokerOptions#overrides()} (which are applied last): those
     * of {@link KafkaNode#settings} for one node, a static quorum of itself, and one replica (min
     * ISR 1) for every topic, internal ones included (with the default 3 replicas,
     * {@code initTransactions()} times out).
     */
    static Map<String, String> settings(BrokerOptions options, Path logDir, int port, int controllerPort) {
        Map<String, String> s = KafkaNode.settings(
                NODE_ID, NODE_ID + "@" + HOST + ":" + controllerPort, logDir, port, controllerPort, 1, 1);
        if (options.dataDir() == null) {
            // A temporary log is deleted at close: no leaders to hand over (one node) and no log to
            // keep consistent for a restart, so no controlled shutdown (the broker asks the
            // controller to move its leaders away and waits for its answer).
            s.put("controlled.shutdown.enable", "false");
        }
        s.putAll(options.overrides());
        return s;
    }

    /** The data directory itself, unless an earlier version of this class kept the log in a subdirectory. */
    private static Path logDir(Path dataDir) {
        Path legacy = dataDir.resolve(LEGACY_LOG_SUBDIR);
        if (!KafkaNode.isFormatted(dataDir) && KafkaNode.isFormatted(legacy)) {
            return legacy;
        }
        return dataDir;
    }

    /**
     * The hanging transactions of this broker's partitions (see {@link HangingTransactions}):
     * usually none. For a broker restarted on a kept log, before any client starts.
     */
    public List<HangingTransactions.Open> hangingTransactions() {
        try (Admin admin = Admin.create(adminConfig("rebound-broker-hanging-transactions"))) {
            return HangingTransactions.confirmed(admin);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while looking for hanging transactions", e);
        }
    }

    /**
     * Ends hanging transactions that their coordinator aborted (see {@link HangingTransactions#abort}).
     *
     * @throws IllegalArgumentException for one not known to be aborted
     */
    public void abort(List<HangingTransactions.Open> aborted) {
        try (Admin admin = Admin.create(adminConfig("rebound-broker-hanging-transactions"))) {
            for (HangingTransactions.Open open : aborted) {
                HangingTransactions.abort(admin, open);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while aborting hanging transactions", e);
        }
    }

    private Map<String, Object> adminConfig(String clientId) {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG,
                clientId,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) READY_TIMEOUT.toMillis());
    }

    /**
     * Removes every member of every consumer group. For a broker restarted on a kept log whose
     * clients were killed with the process that ran it: each group would otherwise hold its
     * partitions for its dead members until their session timeout (45 s by default) before giving
     * them to the new ones. Not for a broker whose clients may still be alive elsewhere: they
     * would have to rejoin.
     *
     * @return how many members were removed
     */
    public int removeGroupMembers() {
        try (Admin admin = Admin.create(adminConfig("rebound-broker-group-members"))) {
            int removed = 0;
            List<String> groups = admin.listGroups().all().get().stream()
                    .map(GroupListing::groupId)
                    .toList();
            for (var group : admin.describeConsumerGroups(groups).all().get().values()) {
                if (!group.members().isEmpty()) {
                    admin.removeMembersFromConsumerGroup(group.groupId(), new RemoveMembersFromConsumerGroupOptions())
                            .all()
                            .get();
                    removed += group.members().size();
                }
            }
            return removed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while removing consumer group members", e);
        } catch (ExecutionException e) {
            throw new BrokerException(
                    "could not remove consumer group members: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void awaitReady() {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG,
                "rebound-broker-readiness",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) READY_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            DescribeClusterResult cluster = admin.describeCluster();
            Collection<Node> nodes = cluster.nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            String id = cluster.clusterId().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            RuntimeException fatal = node.firstFatal();
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
            throw new BrokerException(
                    "the broker at " + bootstrapServers() + " did not answer describeCluster within "
                            + READY_TIMEOUT.toSeconds() + " s: " + e,
                    e);
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
            node.stop(temporary);
        } finally {
            if (temporary) {
                KafkaNode.deleteRecursively(dataDir);
            }
        }
        LOG.info(
                "Kafka broker at {} stopped in {} ms",
                bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + bootstrapServers() + ", data " + dataDir + (temporary ? " (temporary)" : "")
                + ", cluster " + clusterId + (closed ? ", closed" : "") + "]";
    }
}
