package org.rebound.aggregator;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * The one use of Kafka Streams internals in the aggregator, kept here and nowhere else: a hook
 * that lets a processor forward what it holds in memory <em>while its task prepares a commit</em>,
 * so that those records are in the transaction that commits the offsets of the input they come
 * from.
 *
 * <p>Why internals: Kafka Streams has no public "before commit" callback. It flushes every
 * store cache of a task before it commits the task's transaction ({@code StreamTask.prepareCommit}
 * → {@code ProcessorStateManager.flushCache}, the hook that makes a cached KTable forward its
 * updates), and this store is such a cache ({@link CachedStateStore}); when flushed it forwards
 * through the processor's node with the internal processor context, as Kafka's own caching stores
 * do. The public alternative (the sums in a cached, logged store, forwarded by a punctuator) was
 * measured 15–19× slower: see docs/performance.md, "Aggregator on public Kafka Streams APIs (issue 15)".
 *
 * <p>What it rests on, checked by {@code CommitFlushBrokerTest} on a real broker: once the input
 * offsets are committed, what was forwarded at flush is committed too. A Kafka upgrade that stops
 * flushing caches before the offsets (or at all) fails that test. Pinned to kafka-streams 4.4.
 *
 * <p>The store holds nothing itself (no changelog, nothing to restore): a crash before the commit
 * aborts the records and the offsets together; a dirty close calls {@code clearCache}, which
 * discards what the processor holds.
 *
 * @param <K> the processor's output key
 * @param <V> the processor's output value
 */
final class CommitFlush<K, V> implements StateStore, CachedStateStore<Object, Object> {

    private final String name;
    private boolean open;
    private InternalProcessorContext<K, V> context;
    private ProcessorNode<?, ?, ?, ?> node;
    private ProcessorRecordContext lastRecordContext;
    private Supplier<List<Record<K, V>>> drain = List::of;
    private Runnable discard = () -> {};

    private CommitFlush(String name) {
        this.name = name;
    }

    /**
     * Called from the processor's {@code init}: at each commit, forwards what {@code drain} returns
     * as if the processor emitted it; on a dirty close, runs {@code discard}.
     */
    @SuppressWarnings("unchecked")
    void bind(ProcessorContext<K, V> processorContext, Supplier<List<Record<K, V>>> drain, Runnable discard) {
        this.context = (InternalProcessorContext<K, V>) processorContext;
        this.node = context.currentNode();
        this.lastRecordContext = null;
        this.drain = drain;
        this.discard = discard;
    }

    /** Called from the processor's {@code process}: the record context to forward with (topic, partition, offset, headers). */
    void processed() {
        lastRecordContext = context.recordContext();
    }

    @Override
    public void flushCache() {
        if (context == null) {
            return;
        }
        List<Record<K, V>> records = drain.get();
        if (records.isEmpty()) {
            return;
        }
        org.rebound.kafka.Timeline.once("streams: first deltas forwarded at a commit");
        ProcessorNode<?, ?, ?, ?> previousNode = context.currentNode();
        ProcessorRecordContext previousContext = context.recordContext();
        context.setCurrentNode(node);
        context.setRecordContext(lastRecordContext);
        try {
            records.forEach(context::forward);
        } finally {
            context.setCurrentNode(previousNode);
            context.setRecordContext(previousContext);
        }
    }

    @Override
    public void clearCache() {
        discard.run();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false; // the processor binds itself
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext storeContext, StateStore root) {
        storeContext.register(root, (key, value) -> {
            throw new IllegalStateException(name + " has no changelog to restore from");
        });
        open = true;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        discard.run();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** One hook per task; never logged nor cached by Streams (it is the cache). */
    static <K, V> StoreBuilder<CommitFlush<K, V>> builder(String name) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<CommitFlush<K, V>> withCachingEnabled() {
                return this;
            }

            @Override
            public StoreBuilder<CommitFlush<K, V>> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<CommitFlush<K, V>> withLoggingEnabled(Map<String, String> config) {
                return this;
            }

            @Override
            public StoreBuilder<CommitFlush<K, V>> withLoggingDisabled() {
                return this;
            }

            @Override
            public CommitFlush<K, V> build() {
                return new CommitFlush<>(name);
            }

            @Override
            public Map<String, String> logConfig() {
                return Map.of();
            }

            @Override
            public boolean loggingEnabled() {
                return false;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
