package org.rebound.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
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
public class ImpactBenchmark extends NanosPerOperation {

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
        carbon = region.carbonGPerKwh()
                .times(GridClock.carbonMultiplier(
                        region.dailyProfile(),
                        region.utcOffsetHours(),
                        region.carbonChangePerYear(),
                        start,
                        start,
                        tick));
        water = region.waterLPerKwh();
    }

    @Benchmark
    public Impacts impacts() {
        return ImpactModel.impacts(requests, energyWh, energyFactor, pue, wue, embodied, carbon, water);
    }
}
