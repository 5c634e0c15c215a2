package org.rebound.broker;

import java.util.concurrent.atomic.AtomicReference;
import kafka.server.FaultHandlerFactory;
import org.apache.kafka.server.fault.FaultHandler;
import org.apache.kafka.server.fault.LoggingFaultHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's fault handlers without {@code Exit.halt}: a standalone broker halts its JVM on a fatal
 * metadata or controller fault; in-process, that would kill the application (or the test run)
 * without a word. Here a fatal fault is logged at ERROR, its action runs, and it is remembered so
 * that {@link EmbeddedKafkaBroker#start} and {@link EmbeddedKafkaCluster#start} fail instead of
 * returning a broken broker.
 */
final class NonHaltingFaultHandlers implements FaultHandlerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(NonHaltingFaultHandlers.class);

    private final AtomicReference<RuntimeException> firstFatal = new AtomicReference<>();

    @Override
    public FaultHandler build(String name, boolean fatal, Runnable action) {
        if (!fatal) {
            return new LoggingFaultHandler(name, action);
        }
        return (message, cause) -> {
            LOG.error(
                    "Fatal fault in the in-process Kafka broker ({}): {}. A standalone broker would halt its JVM;"
                            + " this one keeps running but may no longer work.",
                    name,
                    message,
                    cause);
            RuntimeException fault = new RuntimeException(name + ": " + message, cause);
            firstFatal.compareAndSet(null, fault);
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("the action of the fault handler {} failed", name, e);
            }
            return fault;
        };
    }

    /** The first fatal fault, or null. */
    RuntimeException firstFatal() {
        return firstFatal.get();
    }
}
