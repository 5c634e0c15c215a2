package org.rebound.generator;

import java.util.concurrent.ConcurrentHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What the generator produced, counted as it was committed: the reference the aggregates are
 * checked against ({@code ledger.matches} in the summary). Not thread-safe: owned by the generator.
 */
public final class Ledger {

    private long requests;
    private long loadEvents;
    private long records;
    private final Map<String, Long> requestsByDatacentre = new LinkedHashMap<>();
    private final Map<String, Long> requestsByKind = new LinkedHashMap<>();
    // Filled from producer callbacks, on the producer's I/O thread.
    private final Map<TopicPartition, Long> lastOffsets = new ConcurrentHashMap<>();

    void count(String datacentre, String kind, long requestCount) {
        requests += requestCount;
        loadEvents++;
        requestsByDatacentre.merge(datacentre, requestCount, Long::sum);
        requestsByKind.merge(kind, requestCount, Long::sum);
    }

    /** A record handed to the producer (it carries one or more load events). */
    void record() {
        records++;
    }

    void sent(TopicPartition partition, long offset) {
        lastOffsets.merge(partition, offset, Math::max);
    }

    public long requests() {
        return requests;
    }

    public long loadEvents() {
        return loadEvents;
    }

    /** Records written to the requests topic (each carries every kind of one data centre's tick). */
    public long records() {
        return records;
    }

    public Map<String, Long> requestsByDatacentre() {
        return Map.copyOf(requestsByDatacentre);
    }

    public Map<String, Long> requestsByKind() {
        return Map.copyOf(requestsByKind);
    }

    /** Offset of the last load event written to each partition of the requests topic: what the aggregator must reach. */
    public Map<TopicPartition, Long> lastOffsets() {
        return Map.copyOf(lastOffsets);
    }
}
