package org.rebound.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.rebound.domain.demand.ArrivalProcess;
import org.rebound.domain.scenario.Arrival;

/**
 * {@link ArrivalProcess#next} alone, Poisson, one cell, successive ticks (a fresh seed each call,
 * as in a run). Means: 10 (commons-rng's small-mean sampler), 1,000 and 9,999 (its large-mean
 * sampler, which builds its tables for each new mean), 10,000 and 1,000,000 (at or above
 * {@code ArrivalProcess.Poisson.LARGE_MEAN} = 1e4 since commit 34a5605: the normal
 * approximation). global-year's cells expect 357 to 2.65 million requests a tick.
 */
public class ArrivalBenchmark extends NanosPerOperation {

    @Param({"10", "1000", "9999", "10000", "1000000"})
    public double mean;

    ArrivalProcess poisson;
    long cellKey;
    long nextTick;

    @Setup(Level.Trial)
    public void setUp() {
        poisson = ArrivalProcess.of(Arrival.POISSON, 2025, 1);
        cellKey = ArrivalProcess.cellKey("ashburn-1", "text");
        nextTick = 0;
    }

    @Benchmark
    public long poisson() {
        return poisson.next(0, cellKey, nextTick++, mean);
    }
}
