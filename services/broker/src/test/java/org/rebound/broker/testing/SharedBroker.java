package org.rebound.broker.testing;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.rebound.broker.BrokerOptions;
import org.rebound.broker.EmbeddedKafkaBroker;

/**
 * One broker per test JVM: the in-process broker, started on first use (in a temporary directory)
 * and stopped by a JVM shutdown hook. Tests in every module share it.
 *
 * <p>If {@value #EXTERNAL_BOOTSTRAP} is set (system property first, then environment variable) to
 * a {@code bootstrap.servers} string, that broker is used instead and none is started, so the same
 * tests run against an external or containerised Kafka. Such a broker keeps topics between runs:
 * name topics with {@link #uniqueTopic}.
 */
public final class SharedBroker {

    /** System property or environment variable naming an external broker to test against. */
    public static final String EXTERNAL_BOOTSTRAP = "REBOUND_TEST_BOOTSTRAP";

    /** Distinguishes this JVM's topics from those of earlier runs against a long-lived broker. */
    private static final String JVM_TAG = UUID.randomUUID().toString().substring(0, 8);

    private static final AtomicLong TOPIC_COUNTER = new AtomicLong();

    private static String bootstrapServers;
    private static EmbeddedKafkaBroker broker;
    private static RuntimeException startFailure;

    private SharedBroker() {}

    /** The shared broker's {@code bootstrap.servers}: the external one if configured, else the in-process one (started now if needed). */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers != null) {
            return bootstrapServers;
        }
        if (startFailure != null) {
            throw new IllegalStateException("the shared test broker failed to start earlier in this JVM", startFailure);
        }
        String external = externalBootstrap();
        if (external != null) {
            bootstrapServers = external;
            return bootstrapServers;
        }
        try {
            EmbeddedKafkaBroker started = EmbeddedKafkaBroker.start(BrokerOptions.defaults());
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "rebound-shared-broker-shutdown"));
            broker = started;
            bootstrapServers = started.bootstrapServers();
            return bootstrapServers;
        } catch (RuntimeException e) {
            startFailure = e;
            throw e;
        }
    }

    /** The in-process shared broker (started if needed), or empty when the tests run against an external one. */
    public static synchronized Optional<EmbeddedKafkaBroker> embedded() {
        bootstrapServers();
        return Optional.ofNullable(broker);
    }

    /** True when {@value #EXTERNAL_BOOTSTRAP} names a broker to use instead of the in-process one. */
    public static boolean isExternal() {
        return externalBootstrap() != null;
    }

    /**
     * A topic name no other test (in this JVM or an earlier run against the same broker) uses:
     * {@code prefix-N-xxxxxxxx}, with characters other than letters, digits, '-' and '.' replaced.
     */
    public static String uniqueTopic(String prefix) {
        String clean = prefix == null || prefix.isBlank() ? "test" : prefix.replaceAll("[^A-Za-z0-9.-]", "-");
        if (clean.length() > 200) {
            clean = clean.substring(0, 200);
        }
        return clean + "-" + TOPIC_COUNTER.incrementAndGet() + "-" + JVM_TAG;
    }

    /** Creates the topics on the shared broker (one replica) and waits until they exist. */
    public static void createTopics(int partitions, String... topics) {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(Arrays.stream(topics)
                            .map(t -> new NewTopic(t, partitions, (short) 1))
                            .toList())
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + Arrays.toString(topics), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot create " + Arrays.toString(topics) + " on " + bootstrapServers() + ": " + e, e);
        }
    }

    private static String externalBootstrap() {
        String value = System.getProperty(EXTERNAL_BOOTSTRAP);
        if (value == null || value.isBlank()) {
            value = System.getenv(EXTERNAL_BOOTSTRAP);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }
}
