package org.rebound.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.KafkaSetupException;

/**
 * What a command can check before it starts, so that a room does not wait for a run that was
 * bound to fail: an output file that cannot be written, a port that is taken, a broker that
 * does not answer. Each failure is one sentence naming the option to change.
 */
final class Preflight {

    /** How long a cluster has to answer before the command says it does not. */
    static final Duration BROKER_TIMEOUT = Duration.ofSeconds(10);

    private Preflight() {}

    /** {@code file} (null: not asked for) can be created or replaced. */
    static void writable(String option, Path file) throws InvalidInputException {
        if (file == null) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new InvalidInputException(option + ": " + file + ": the directory " + parent
                    + " does not exist (create it first, or write elsewhere)");
        }
        if (!Files.isWritable(parent) || (Files.exists(file) && !Files.isWritable(file))) {
            throw new InvalidInputException(
                    option + ": " + file + ": cannot be written here (no permission); choose another path");
        }
    }

    /** {@code host:port} can be listened on (port 0: any free port, always). */
    static void canListen(String host, int port) throws InvalidInputException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            if (port != 0 && e instanceof java.net.BindException) {
                throw new InvalidInputException("--port " + port + ": already in use on " + host
                        + " (choose another port, or leave --port out for a free one)");
            }
            throw new InvalidInputException("--host " + host + ": cannot listen on this address (" + e.getMessage()
                    + "); 127.0.0.1 is this machine only, 0.0.0.0 every interface");
        }
    }

    /** A broker of the cluster answers within {@link #BROKER_TIMEOUT}, or the command stops here. */
    static void reachable(KafkaClients clients) {
        Map<String, Object> config = clients.config();
        int timeoutMs = (int) BROKER_TIMEOUT.toMillis();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        Admin admin = Admin.create(config);
        try {
            admin.describeCluster().clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new KafkaSetupException(
                    "no Kafka broker answered at " + clients.bootstrapServers() + " within "
                            + BROKER_TIMEOUT.toSeconds()
                            + " s: is it running, and is that its address? (without --bootstrap, "
                            + "./rebound run starts a broker of its own)",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException(
                    "interrupted while asking " + clients.bootstrapServers() + " for its cluster", e);
        } finally {
            admin.close(Duration.ZERO);
        }
    }
}
