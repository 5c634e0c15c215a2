package org.rebound.aggregator;

import org.rebound.avro.LoadEvent;
import org.rebound.domain.impact.Impacts;

/**
 * One load event valued: the requests of each kind during the tick, their impacts and the ratio
 * cells of their possible worlds, in the same order; the data centre's region and the reporting period the tick falls in.
 */
record ValuedTick(LoadEvent event, String region, String[] kinds, long[] requests, Impacts[] impacts, WorldCells.Cell[] cells, Period period) {

    /** The reporting period a tick falls in: its index and bounds (the last one may be short). */
    record Period(int index, long startMs, long endMs) {
    }

    long tickStartMs() {
        return event.getTickStart().toEpochMilli();
    }

    long tickEndMs() {
        return tickStartMs() + event.getTickMillis();
    }
}
