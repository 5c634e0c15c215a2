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
    // 10 s: a JVM just started on a busy 2-core machine took more than 5 s to load the admin client and
    // hear from a running broker (ServicesFlowTest and FailoverTest children, load 7-8)
    static final Duration BROKER_TIMEOUT = Duration.ofSeconds(10);

    private Preflight() {}

    /** {@code file} (null: not asked for) can be created or replaced. */
    static void writable(String option, Path file) throws InvalidInputException {
        if (file == null) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new InvalidInputException(
                    Language.messages().text("preflight.nodir", "option", option, "file", file, "parent", parent));
        }
        if (!Files.isWritable(parent) || (Files.exists(file) && !Files.isWritable(file))) {
            throw new InvalidInputException(
                    Language.messages().text("preflight.nowrite", "option", option, "file", file));
        }
    }

    /** {@code host:port} can be listened on (port 0: any free port, always). */
    static void canListen(String host, int port) throws InvalidInputException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            if (port != 0 && e instanceof java.net.BindException) {
                throw new InvalidInputException(Language.messages().text("preflight.port", "port", port, "host", host));
            }
            throw new InvalidInputException(
                    Language.messages().text("preflight.host", "host", host, "reason", e.getMessage()));
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
                    Language.messages()
                            .text(
                                    "preflight.broker",
                                    "address",
                                    clients.bootstrapServers(),
                                    "seconds",
                                    BROKER_TIMEOUT.toSeconds()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException(
                    Language.messages().text("preflight.interrupted", "address", clients.bootstrapServers()), e);
        } finally {
            admin.close(Duration.ZERO);
        }
    }
}
