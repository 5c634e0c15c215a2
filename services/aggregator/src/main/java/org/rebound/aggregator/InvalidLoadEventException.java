package org.rebound.aggregator;

/** A load event that decodes but cannot be valued; it goes to the dead-letter topic with this message as the reason. */
public final class InvalidLoadEventException extends RuntimeException {

    public InvalidLoadEventException(String message) {
        super(message);
    }
}
