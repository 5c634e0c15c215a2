package org.rebound.kafka;

/** The cluster is not usable as Rebound needs it (unreachable, missing topics, wrong partitioning). */
public final class KafkaSetupException extends RuntimeException {

    public KafkaSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
