package org.rebound.aggregator;

import org.rebound.avro.LoadEvent;
import org.rebound.domain.impact.Impacts;

/**
 * One load event valued: the requests of each kind during the tick, their impacts and the ratio
 * cells of their possible worlds, in the same order; the data centre's region and the reporting
 * period the tick falls in; and for kind i, in {@code counterfactual[3i..3i+2]}, the run's
 * counterfactual (central values): its requests, its facility kWh (no efficiency change) and the
 * facility kWh of its requests at the actual efficiency (no rebound). The grid carbon intensity
 * (the hour's profile and the trend applied), PUE and WUE in force during the tick, central: what
 * a telemetry window reports when it has no energy to weight them with; and the mean outdoor
 * temperature over the tick (NaN when the region gives no weather).
 */
record ValuedTick(
        LoadEvent event,
        String region,
        String[] kinds,
        long[] requests,
        Impacts[] impacts,
        WorldCells.Cell[] cells,
        Period period,
        double[] counterfactual,
        double carbonGPerKwh,
        double pue,
        double wueLPerKwh,
        FleetEnergy fleet,
        double outdoorC) {

    /** Components of one kind in {@link #counterfactual}. */
    static final int COUNTERFACTUAL_FIELDS = 3;

    /** The reporting period a tick falls in: its index and bounds (the last one may be short). */
    record Period(int index, long startMs, long endMs) {}

    long tickStartMs() {
        return event.getTickStart().toEpochMilli();
    }

    long tickEndMs() {
        return tickStartMs() + event.getTickMillis();
    }
}
