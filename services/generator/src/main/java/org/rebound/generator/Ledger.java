package org.rebound.generator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.apache.kafka.common.TopicPartition;

/**
 * What the generator produced, counted as it was committed: the reference the aggregates are
 * checked against ({@code ledger.matches} in the summary). Not thread-safe: owned by the generator.
 */
public final class Ledger {

    private long requests;
    private long loadEvents;
    private long records;
    private final List<String> datacentres;
    private final List<String> kinds;
    /** Requests per data centre × kind cell, {@code d * kinds + k}. */
    private final long[] cells;
    // Filled after each commit (the generator's thread); read by others once the run has ended.
    private final Map<TopicPartition, Long> lastOffsets = new ConcurrentHashMap<>();

    /** A ledger for these data centres and kinds, in the order {@link #count} names them by index. */
    Ledger(List<String> datacentres, List<String> kinds) {
        this.datacentres = List.copyOf(datacentres);
        this.kinds = List.copyOf(kinds);
        this.cells = new long[datacentres.size() * kinds.size()];
    }

    /** One load event: {@code requestCount} requests of kind {@code kind} at data centre {@code datacentre} (indices). */
    void count(int datacentre, int kind, long requestCount) {
        requests += requestCount;
        loadEvents++;
        cells[datacentre * kinds.size() + kind] += requestCount;
    }

    /** A record of the requests topic written (it holds one or more ticks of a data centre). */
    void record() {
        records++;
    }

    void sent(String topic, int partition, long offset) {
        lastOffsets.merge(new TopicPartition(topic, partition), offset, Math::max);
    }

    public long requests() {
        return requests;
    }

    public long loadEvents() {
        return loadEvents;
    }

    /**
     * Records of the requests topic this generator wrote (each holds up to
     * {@link LoadGenerator#TICKS_PER_RECORD} ticks of one data centre, every kind of each; a resumed
     * generator counts its own).
     */
    public long records() {
        return records;
    }

    /** Requests per data centre that had any. */
    public Map<String, Long> requestsByDatacentre() {
        return sumBy(cell -> datacentres.get(cell / kinds.size()));
    }

    /** Requests per kind that had any. */
    public Map<String, Long> requestsByKind() {
        return sumBy(cell -> kinds.get(cell % kinds.size()));
    }

    private Map<String, Long> sumBy(IntFunction<String> nameOfCell) {
        Map<String, Long> sums = new LinkedHashMap<>();
        for (int cell = 0; cell < cells.length; cell++) {
            if (cells[cell] > 0) {
                sums.merge(nameOfCell.apply(cell), cells[cell], Long::sum);
            }
        }
        return Map.copyOf(sums);
    }

    /** Offset of the last record written to each partition of the requests topic: what the aggregator must reach. */
    public Map<TopicPartition, Long> lastOffsets() {
        return Map.copyOf(lastOffsets);
    }
}
