package org.rebound.kafka;

/** A run asked for by id (or "the latest") that the cluster does not know: a sentence for the person who asked. */
public final class NoSuchRunException extends Exception {

    public NoSuchRunException(String message) {
        super(message);
    }
}
