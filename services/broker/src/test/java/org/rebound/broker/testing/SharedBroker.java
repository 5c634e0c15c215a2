package org.rebound.broker.testing;

import org.rebound.broker.BrokerOptions;
import org.rebound.broker.EmbeddedKafkaBroker;

/**
 * One broker per test JVM: the in-process broker, started on first use and stopped when the JVM
 * exits. Set REBOUND_TEST_BOOTSTRAP (environment or system property) to run the same tests
 * against another broker, e.g. a Kafka container.
 */
public final class SharedBroker {

    public static final String EXTERNAL = "REBOUND_TEST_BOOTSTRAP";

    private static String bootstrapServers;

    private SharedBroker() {
    }

    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            String external = System.getProperty(EXTERNAL, System.getenv(EXTERNAL));
            if (external != null && !external.isBlank()) {
                bootstrapServers = external;
            } else {
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults());
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "shared-broker-shutdown"));
                bootstrapServers = broker.bootstrapServers();
            }
        }
        return bootstrapServers;
    }
}
