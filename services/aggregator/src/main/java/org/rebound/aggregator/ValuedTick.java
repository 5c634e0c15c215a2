package org.rebound.aggregator;

import org.rebound.avro.LoadEvent;
import org.rebound.domain.Range;
import org.rebound.domain.impact.ImpactModel;
import org.rebound.domain.impact.Impacts;

/**
 * One load event valued: the requests of each kind during the tick, their impacts (kind i's in
 * {@code impacts[24i .. 24i + 24)}, {@link ImpactModel#impacts(double[], int, long, Range, double,
 * Range, Range, Range, Range, Range)}'s layout; {@link #impactsOf} as {@link Impacts}) and the
 * ratio cells of their possible worlds, in the same order; the data centre's region and the reporting
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
        double[] impacts,
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

    /** Kind i's impacts as ranges (for reading; the sums read {@link #impacts} as it is). */
    Impacts impactsOf(int kind) {
        Range[] q = new Range[ImpactModel.QUANTITIES];
        for (int i = 0; i < q.length; i++) {
            int at = kind * ImpactModel.FLAT + 3 * i;
            q[i] = new Range(impacts[at], impacts[at + 1], impacts[at + 2]);
        }
        return new Impacts(q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7]);
    }

    /** Writes kind i's impacts into {@code flat}, in {@link #impacts}' layout. */
    static void put(double[] flat, int kind, Impacts impacts) {
        Range[] q = {
            impacts.itEnergyKwh(), impacts.facilityEnergyKwh(), impacts.operationalCo2eKg(), impacts.embodiedCo2eKg(),
            impacts.co2eKg(), impacts.onsiteWaterL(), impacts.offsiteWaterL(), impacts.waterL()
        };
        for (int i = 0; i < q.length; i++) {
            int at = kind * ImpactModel.FLAT + 3 * i;
            flat[at] = q[i].low();
            flat[at + 1] = q[i].central();
            flat[at + 2] = q[i].high();
        }
    }

    long tickStartMs() {
        return event.getTickStart().toEpochMilli();
    }

    long tickEndMs() {
        return tickStartMs() + event.getTickMillis();
    }
}
