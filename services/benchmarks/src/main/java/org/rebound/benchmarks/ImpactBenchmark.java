package org.rebound.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rebound.domain.Range;
import org.rebound.domain.demand.Demand;
import org.rebound.domain.impact.GridClock;
import org.rebound.domain.impact.ImpactModel;
import org.rebound.domain.impact.Impacts;
import org.rebound.domain.scenario.DataCentre;
import org.rebound.domain.scenario.Kind;
import org.rebound.domain.scenario.Region;
import org.rebound.domain.scenario.Scenario;

/**
 * {@link ImpactModel#impacts} for one cell of global-year (ashburn-1 × text, first tick), the
 * call the aggregator makes per load event; the grid's carbon intensity is computed once in the
 * setup (see {@link GridClockBenchmark} for that part).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ImpactBenchmark {

    long requests;
    Range energyWh;
    double energyFactor;
    Range pue;
    Range wue;
    Range embodied;
    Range carbon;
    Range water;

    @Setup(Level.Trial)
    public void setUp() {
        Scenario scenario = GlobalYear.load();
        DataCentre dc = scenario.datacentres().get(0);
        Kind kind = scenario.kinds().values().iterator().next();
        Region region = scenario.regionOf(dc);
        long start = scenario.clock().start().toEpochMilli();
        long tick = scenario.clock().tick().toMillis();
        requests = Math.round(new Demand(scenario).expected(dc, kind, start, tick));
        energyWh = kind.energyWh();
        energyFactor = kind.energyFactor();
        pue = dc.pue();
        wue = dc.wueLPerKwh();
        embodied = dc.embodiedGPerKwh();
        carbon = region.carbonGPerKwh().times(GridClock.carbonMultiplier(region.dailyProfile(), region.utcOffsetHours(),
                region.carbonChangePerYear(), start, start, tick));
        water = region.waterLPerKwh();
    }

    @Benchmark
    public Impacts impacts() {
        return ImpactModel.impacts(requests, energyWh, energyFactor, pue, wue, embodied, carbon, water);
    }
}
