package org.rebound.aggregator;

import java.util.function.UnaryOperator;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Maps each value, as {@code mapValues} would, and asks Kafka Streams to commit as soon as the
 * first one has been forwarded: the task's first output is read (read committed) when its
 * transaction commits, and the next commit would otherwise come a whole commit interval later,
 * after the drain of everything valued meanwhile. Used for the totals, whose first record is the
 * run's first aggregate (docs/performance.md, "The first aggregate: two commits asked for"). A
 * commit asked for is an ordinary commit: one more transaction, nothing else changes.
 */
final class CommitAfterFirst<K, V> implements FixedKeyProcessor<K, V, V> {

    private final UnaryOperator<V> mapper;
    private FixedKeyProcessorContext<K, V> context;
    private boolean asked;

    CommitAfterFirst(UnaryOperator<V> mapper) {
        this.mapper = mapper;
    }

    @Override
    public void init(FixedKeyProcessorContext<K, V> context) {
        this.context = context;
        this.asked = false;
    }

    @Override
    public void process(FixedKeyRecord<K, V> record) {
        context.forward(record.withValue(mapper.apply(record.value())));
        if (!asked) {
            asked = true;
            context.commit();
        }
    }
}
