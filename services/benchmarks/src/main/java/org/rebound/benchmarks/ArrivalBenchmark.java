package org.rebound.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rebound.domain.demand.ArrivalProcess;
import org.rebound.domain.scenario.Arrival;

/**
 * {@link ArrivalProcess#next} alone, Poisson, one cell, successive ticks (a fresh seed each call,
 * as in a run). Means: 10 (commons-rng's small-mean sampler), 1,000 and 9,999 (its large-mean
 * sampler, which builds its tables for each new mean), 10,000 and 1,000,000 (at or above
 * {@code ArrivalProcess.Poisson.LARGE_MEAN} = 1e4 since commit 34a5605: the normal
 * approximation). global-year's cells expect 357 to 2.65 million requests a tick.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ArrivalBenchmark {

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
