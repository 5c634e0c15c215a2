package org.rebound.broker.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.rebound.broker.BrokerOptions;
import org.rebound.broker.EmbeddedKafkaBroker;

/**
 * An in-process broker of the test's own, started before each test and closed after it (after
 * the test class's own {@code @AfterEach} methods: stop the processes that use it there). For
 * tests whose new consumer group reads its topics from the beginning: on {@link SharedBroker},
 * that is every earlier test's runs first (ServicesEndToEndTest's first totals came 21 s after
 * its run started, behind 40,681 earlier records, and after the run's end on a slower machine).
 *
 * <pre>{@code @RegisterExtension final OwnBroker broker = new OwnBroker();}</pre>
 */
public final class OwnBroker implements BeforeEachCallback, AfterEachCallback {

    private EmbeddedKafkaBroker broker;

    @Override
    public void beforeEach(ExtensionContext context) {
        broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        broker.close();
    }

    /** The broker's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }
}
