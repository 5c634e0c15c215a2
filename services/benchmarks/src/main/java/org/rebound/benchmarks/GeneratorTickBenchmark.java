package org.rebound.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.rebound.domain.demand.ArrivalProcess;
import org.rebound.domain.demand.Demand;
import org.rebound.domain.scenario.Arrival;
import org.rebound.domain.scenario.Clock;
import org.rebound.domain.scenario.Scenario;

/**
 * One generator tick of global-year, the domain part only, as the generator's load loop does it
 * since commit 62bd59f (no Kafka, no Avro): {@link Demand#expectedAll} once for the tick's
 * 24 × 4 cells, then {@link ArrivalProcess#next} for each cell. Successive invocations walk the
 * year tick by tick, wrapping at its end, so the hour of day, the growth and the Poisson seeds
 * vary as in a run. The score is per cell ({@code @OperationsPerInvocation}); a whole tick
 * costs 96 times it. {@code arrival=EXACT} is the same loop with the deterministic arrival
 * process, so mostly the cost of the expectations: the difference is the cost of drawing a
 * Poisson count.
 */
public class GeneratorTickBenchmark extends NanosPerOperation {

    @Param({"POISSON", "EXACT"})
    public Arrival arrival;

    Scenario scenario;
    Demand demand;
    GlobalYear.Cells cells;
    ArrivalProcess process;
    /** The tick's expectations, cell {@code d * kinds + k}, as the generator keeps them. */
    double[] expected;

    long startMs;
    long endMs;
    long tickMs;
    long ticks;
    long nextTick;

    @Setup(Level.Trial)
    public void setUp() {
        scenario = GlobalYear.load();
        cells = GlobalYear.Cells.of(scenario);
        if (cells.size() != GlobalYear.CELLS) {
            throw new IllegalStateException("@OperationsPerInvocation assumes " + GlobalYear.CELLS
                    + " cells, the scenario has " + cells.size());
        }
        demand = new Demand(scenario);
        process = ArrivalProcess.of(arrival, scenario.seed(), cells.size());
        expected = new double[cells.size()];
        Clock clock = scenario.clock();
        startMs = clock.start().toEpochMilli();
        endMs = clock.end().toEpochMilli();
        tickMs = clock.tick().toMillis();
        ticks = Math.floorDiv(endMs - startMs + tickMs - 1, tickMs);
        nextTick = 0;
    }

    /** Requests of the whole tick (all cells), the next tick of the year each time. */
    @Benchmark
    @OperationsPerInvocation(GlobalYear.CELLS)
    public long tick() {
        long t = nextTick;
        nextTick = t + 1 == ticks ? 0 : t + 1;
        return tick(t);
    }

    /** Requests of tick {@code t}, summed over the cells. */
    long tick(long t) {
        long tickStart = startMs + t * tickMs;
        long length = Math.min(tickMs, endMs - tickStart);
        demand.expectedAll(scenario.datacentres(), cells.kinds(), tickStart, length, expected);
        long[] keys = cells.keys();
        int datacentres = cells.datacentres().length;
        int kinds = cells.kinds().length;
        long total = 0;
        for (int d = 0; d < datacentres; d++) {
            for (int k = 0; k < kinds; k++) {
                int cell = d * kinds + k;
                total += process.next(cell, keys[cell], t, expected[cell]);
            }
        }
        return total;
    }
}
