package org.rebound.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("aggregator: which stream-thread deaths are survived by a new thread")
class ImpactAggregatorTest {

    @Test
    @DisplayName("a transaction the cluster ended (as Streams wraps it) or a retriable error: the thread is replaced")
    void transactionEndedByTheCluster() {
        assertThat(ImpactAggregator.transientTransactionFailure(new StreamsException(
                        "Error encountered trying to commit a transaction",
                        new InvalidTxnStateException(
                                "The producer attempted a transactional operation in an invalid state."))))
                .isTrue();
        assertThat(ImpactAggregator.transientTransactionFailure(
                        new StreamsException(new StreamsException(new TimeoutException("expired")))))
                .isTrue();
    }

    @Test
    @DisplayName("anything else (the data, the code): the aggregator stops and says why")
    void otherFailuresStop() {
        assertThat(ImpactAggregator.transientTransactionFailure(
                        new StreamsException(new IllegalStateException("a bug"))))
                .isFalse();
        assertThat(ImpactAggregator.transientTransactionFailure(new SerializationException("bad bytes")))
                .isFalse();
        assertThat(ImpactAggregator.transientTransactionFailure(new IllegalArgumentException()))
                .isFalse();
    }
}
