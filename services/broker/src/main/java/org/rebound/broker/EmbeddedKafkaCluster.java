package org.rebound.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several real Apache Kafka brokers in this JVM, one cluster: every node is a combined broker +
 * controller ({@link KafkaNode}, as in {@link EmbeddedKafkaBroker}), and all of them are the voters
 * of a static KRaft quorum. For tests of what Rebound does when a broker fails: {@link #stop}
 * stops one node while the others go on.
 *
 * <p>The settings are those of {@link EmbeddedKafkaBroker} (no time-based retention, any record
 * timestamp, segments roll by size only, small heap), except replication: with three nodes or
 * more, every topic (internal ones included: offsets, transaction state, share-group state) has 3
 * replicas and min ISR 2, so that acks=all writes and transactions go on with one node down.
 * With fewer nodes: as many replicas as nodes, min ISR one less (at least 1). The quorum has every
 * node as a voter: it needs a majority running (a 3-node cluster survives one node down).
 *
 * <p>What {@link #stop} is, and is not: the node stops without a controlled shutdown
 * ({@code controlled.shutdown.enable=false} on every node), so it hands no partition leadership
 * over and tells the controller nothing; it stops serving requests at once, and the rest of the
 * cluster learns of its death only when its heartbeats stop: the active controller then fences it after
 * {@code broker.session.timeout.ms} (Kafka's default, 9 s), removes it from every ISR and elects
 * new leaders. It is not a {@code kill -9}: the node still closes its log files in order, and its
 * controller resigns from the quorum as a controller that shuts down does.
 *
 * <p>Each node keeps its log in {@code node-<id>} under the data directory, which must be new or
 * empty: a cluster is made for one test, not to be restarted on its data.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

    private static final String HOST = KafkaNode.HOST;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_REPLICAS = 3;

    private final List<KafkaNode> nodes;
    private final List<Integer> ports;
    private final boolean[] running;
    private final Path dataDir;
    private final boolean temporary;
    private final String clusterId;
    private boolean closed;

    private EmbeddedKafkaCluster(
            List<KafkaNode> nodes, List<Integer> ports, Path dataDir, boolean temporary, String clusterId) {
        this.nodes = List.copyOf(nodes);
        this.ports = List.copyOf(ports);
        this.running = new boolean[nodes.size()];
        Arrays.fill(running, true);
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.clusterId = clusterId;
    }

    /**
     * Formats every node's storage (one new cluster id), starts the nodes all at once and returns
     * once a client's {@code describeCluster} lists them all.
     *
     * @param size    how many nodes (at least 1)
     * @param options port 0 only (each node takes a free port); a new or empty data directory
     *                (null: a temporary one, removed at close); overrides applied last to every node
     * @throws BrokerException if a node does not start, or the cluster is not ready within a minute
     */
    public static EmbeddedKafkaCluster start(int size, BrokerOptions options) {
        Objects.requireNonNull(options, "options");
        if (size < 1) {
            throw new IllegalArgumentException("size: expected at least 1 node, found " + size);
        }
        if (options.port() != 0) {
            throw new IllegalArgumentException(
                    "port: a cluster's nodes each take a free port; expected 0, found " + options.port());
        }
        long startNanos = System.nanoTime();
        boolean temporary = options.dataDir() == null;
        Path dataDir = KafkaNode.createDataDir(options.dataDir());
        List<PreboundSockets> sockets = new ArrayList<>();
        List<KafkaNode> created = new ArrayList<>();
        try {
            format(dataDir, size);
            String clusterId = KafkaNode.readClusterId(logDir(dataDir, 1));
            List<Integer> ports = new ArrayList<>();
            Map<Integer, InetSocketAddress> voters = new LinkedHashMap<>();
            for (int id = 1; id <= size; id++) {
                PreboundSockets nodeSockets = new PreboundSockets();
                sockets.add(nodeSockets);
                ports.add(nodeSockets.bind(KafkaNode.BROKER_LISTENER, HOST, 0));
                voters.put(id, new InetSocketAddress(HOST, nodeSockets.bind(KafkaNode.CONTROLLER_LISTENER, HOST, 0)));
            }
            for (int id = 1; id <= size; id++) {
                KafkaConfig config = KafkaNode.config(
                        settings(options, size, id, logDir(dataDir, id), ports.get(id - 1), voters),
                        options.overrides());
                created.add(KafkaNode.create(config, sockets.get(id - 1), voters, clusterId));
            }
            startAll(created);
            EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(created, ports, dataDir, temporary, clusterId);
            cluster.awaitReady();
            LOG.info(
                    "Kafka cluster of {} nodes ready at {} in {} ms (data in {}, cluster id {})",
                    size,
                    cluster.bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
                    dataDir,
                    clusterId);
            return cluster;
        } catch (RuntimeException e) {
            stopAll(created);
            sockets.forEach(PreboundSockets::close);
            created.stream()
                    .map(KafkaNode::firstFatal)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .filter(fatal -> fatal != e && e.getCause() != fatal)
                    .ifPresent(e::addSuppressed);
            if (temporary) {
                KafkaNode.deleteRecursively(dataDir);
            }
            throw e instanceof BrokerException
                    ? e
                    : new BrokerException(
                            "the in-process Kafka cluster of " + size + " nodes did not start (data in " + dataDir
                                    + "): " + e.getMessage(),
                            e);
        }
    }

    /**
     * {@link KafkaNode#settings} for node {@code id} of {@code size}, with the cluster's
     * replication, no controlled shutdown (see {@link #stop}), a bounded startup, then the overrides.
     */
    static Map<String, String> settings(
            BrokerOptions options, int size, int id, Path logDir, int port, Map<Integer, InetSocketAddress> voters) {
        int replicas = Math.min(size, MAX_REPLICAS);
        int minInsync = Math.max(1, replicas - 1);
        Map<String, String> s = KafkaNode.settings(
                id, KafkaNode.voters(voters), logDir, port, voters.get(id).getPort(), replicas, minInsync);
        s.put("controlled.shutdown.enable", "false");
        // a node that cannot join fails its startup instead of waiting forever
        s.put("server.max.startup.time.ms", Long.toString(READY_TIMEOUT.toMillis()));
        s.putAll(options.overrides());
        return s;
    }

    private static Path logDir(Path dataDir, int id) {
        return dataDir.resolve("node-" + id);
    }

    /** Formats every node's log directory, with one new cluster id, in a new or empty data directory. */
    private static void format(Path dataDir, int size) {
        try (Stream<Path> entries = Files.list(dataDir)) {
            if (entries.findAny().isPresent()) {
                throw new BrokerException(dataDir + " is not empty: a cluster starts on a new or empty data directory");
            }
        } catch (IOException e) {
            throw new BrokerException("cannot read the cluster's data directory " + dataDir + ": " + e, e);
        }
        String clusterId = Uuid.randomUuid().toString();
        for (int id = 1; id <= size; id++) {
            KafkaNode.format(logDir(dataDir, id), clusterId, id);
        }
    }

    /** All at once: a node's broker waits for a quorum leader, which needs a majority of the controllers running. */
    private static void startAll(List<KafkaNode> nodes) {
        List<CompletableFuture<Void>> startups = new ArrayList<>();
        for (KafkaNode node : nodes) {
            startups.add(runInThread("rebound-kafka-node-" + node.nodeId() + "-startup", node::startup));
        }
        await(startups, "starting the nodes");
    }

    private static void stopAll(List<KafkaNode> nodes) {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (KafkaNode node : nodes) {
            stops.add(runInThread("rebound-kafka-node-" + node.nodeId() + "-stop", node::stop));
        }
        try {
            await(stops, "stopping the nodes");
        } catch (BrokerException e) {
            LOG.warn("in-process Kafka cluster: {}", e.getMessage(), e);
        }
    }

    private static CompletableFuture<Void> runInThread(String name, Runnable action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        action.run();
                        done.complete(null);
                    } catch (Throwable e) {
                        done.completeExceptionally(e);
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    private static void await(List<CompletableFuture<Void>> futures, String what) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while " + what, e);
        } catch (ExecutionException e) {
            throw new BrokerException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new BrokerException(what + " took more than " + READY_TIMEOUT.toSeconds() + " s", e);
        }
    }

    private void awaitReady() {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG,
                "rebound-cluster-readiness",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) READY_TIMEOUT.toMillis());
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(config)) {
            while (true) {
                DescribeClusterResult cluster = admin.describeCluster();
                Collection<Node> alive = cluster.nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                String id = cluster.clusterId().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                for (KafkaNode node : nodes) {
                    RuntimeException fatal = node.firstFatal();
                    if (fatal != null) {
                        throw new BrokerException(
                                "node " + node.nodeId() + " had a fatal fault while starting: " + fatal.getMessage(),
                                fatal);
                    }
                }
                if (!clusterId.equals(id)) {
                    throw new BrokerException("the cluster at " + bootstrapServers() + " answered with cluster id " + id
                            + "; expected " + clusterId);
                }
                if (alive.size() == nodes.size()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new BrokerException("the cluster at " + bootstrapServers() + " lists nodes " + alive
                            + " after " + READY_TIMEOUT.toSeconds() + " s; expected " + nodes.size());
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while waiting for the cluster at " + bootstrapServers(), e);
        } catch (BrokerException e) {
            throw e;
        } catch (Exception e) {
            throw new BrokerException(
                    "the cluster at " + bootstrapServers() + " did not answer describeCluster within "
                            + READY_TIMEOUT.toSeconds() + " s: " + e,
                    e);
        }
    }

    /** Every node's {@code 127.0.0.1:PORT}, stopped ones included, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return ports.stream().map(port -> HOST + ":" + port).collect(Collectors.joining(","));
    }

    /** How many nodes the cluster was started with. */
    public int size() {
        return nodes.size();
    }

    /** The client (PLAINTEXT) port of node {@code index} (0-based; its node id is {@code index + 1}). */
    public int port(int index) {
        return ports.get(checkIndex(index));
    }

    /** The Kafka node id ({@code node.id}, {@code Node.id()} in clients) of node {@code index}: {@code index + 1}. */
    public int nodeId(int index) {
        return nodes.get(checkIndex(index)).nodeId();
    }

    /** The index of the node with this Kafka node id. */
    public int indexOf(int nodeId) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).nodeId() == nodeId) {
                return i;
            }
        }
        throw new IllegalArgumentException("no node with id " + nodeId + " in this cluster of " + nodes.size());
    }

    /** Whether node {@code index} has not been stopped. */
    public synchronized boolean isRunning(int index) {
        return running[checkIndex(index)];
    }

    /** The data directory: the one given in the options, or the temporary one. */
    public Path dataDir() {
        return dataDir;
    }

    /** The cluster id, shared by every node's {@code meta.properties}. */
    public String clusterId() {
        return clusterId;
    }

    /**
     * Stops node {@code index} (0-based) as abruptly as this in-process assembly allows (see the
     * class comment): no controlled shutdown, sockets closed at once. Returns once it has stopped;
     * the cluster notices later. Idempotent.
     */
    public synchronized void stop(int index) {
        checkIndex(index);
        if (closed || !running[index]) {
            return;
        }
        running[index] = false;
        long startNanos = System.nanoTime();
        nodes.get(index).stop();
        LOG.info(
                "Kafka node {} at {}:{} stopped in {} ms",
                nodes.get(index).nodeId(),
                HOST,
                ports.get(index),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    /**
     * Stops every running node (all at once) and, if the data directory was temporary, removes it.
     * Takes about 5 s: the quorum's leader waits that long for a successor before it gives up.
     * Idempotent; a concurrent second call waits for the first.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<KafkaNode> toStop = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (running[i]) {
                toStop.add(nodes.get(i));
                running[i] = false;
            }
        }
        long startNanos = System.nanoTime();
        try {
            stopAll(toStop);
        } finally {
            if (temporary) {
                KafkaNode.deleteRecursively(dataDir);
            }
        }
        LOG.info(
                "Kafka cluster at {} stopped in {} ms",
                bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    private int checkIndex(int index) {
        return Objects.checkIndex(index, nodes.size());
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaCluster[" + bootstrapServers() + ", data " + dataDir + (temporary ? " (temporary)" : "")
                + ", cluster " + clusterId + (closed ? ", closed" : "") + "]";
    }
}
