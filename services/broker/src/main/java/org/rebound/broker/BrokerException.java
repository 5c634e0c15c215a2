package org.rebound.broker;

/**
 * The in-process broker could not be started (port taken, unusable data directory, broker not
 * ready in time, ...). The message says what and where; the cause, if any, is Kafka's own error.
 */
public final class BrokerException extends RuntimeException {

    public BrokerException(String message) {
        super(message);
    }

    public BrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
