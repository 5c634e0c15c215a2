package org.rebound.broker;

/** The in-process broker could not be started (port taken, unwritable data directory, ...). */
public final class BrokerException extends RuntimeException {

    public BrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
