package org.rebound.benchmarks;

import java.util.Arrays;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.rebound.domain.impact.GridClock;
import org.rebound.domain.scenario.Profiles;
import org.rebound.domain.scenario.Region;
import org.rebound.domain.scenario.Scenario;

/**
 * {@link GridClock#carbonMultiplier} over successive 5-minute ticks of the year.
 * {@code grid=global-year}: ashburn-1's grid as global-year loads it (a flat profile, no trend,
 * the case of every grid in that file); {@code grid=solar-trend}: the "solar" profile and
 * −3 %/year, which also pays for the trend's {@code Math.pow}.
 * {@code carbonMultiplierFromBoxedProfile} adds what the aggregator does before each call today:
 * the Avro record's {@code List<Double>} profile turned into a {@code double[]} by a stream.
 */
public class GridClockBenchmark extends NanosPerOperation {

    static final double SOLAR_TREND_PER_YEAR = -0.03;

    @Param({"global-year", "solar-trend"})
    public String grid;

    double[] profile;
    List<Double> boxedProfile;
    double utcOffsetHours;
    double changePerYear;
    long originMs;
    long tickMs;
    long ticks;
    long nextTick;

    @Setup(Level.Trial)
    public void setUp() {
        Scenario scenario = GlobalYear.load();
        Region region = scenario.regionOf(scenario.datacentres().get(0));
        utcOffsetHours = region.utcOffsetHours();
        switch (grid) {
            case "global-year" -> {
                profile = region.dailyProfile().clone();
                changePerYear = region.carbonChangePerYear();
            }
            case "solar-trend" -> {
                profile = Profiles.GRID_DAILY.get("solar").clone();
                changePerYear = SOLAR_TREND_PER_YEAR;
            }
            default -> throw new IllegalArgumentException("unknown grid " + grid);
        }
        boxedProfile = Arrays.stream(profile).boxed().toList();
        originMs = scenario.clock().start().toEpochMilli();
        tickMs = scenario.clock().tick().toMillis();
        ticks = (scenario.clock().end().toEpochMilli() - originMs) / tickMs;
        nextTick = 0;
    }

    private long nextStart() {
        long t = nextTick;
        nextTick = t + 1 == ticks ? 0 : t + 1;
        return originMs + t * tickMs;
    }

    @Benchmark
    public double carbonMultiplier() {
        return GridClock.carbonMultiplier(profile, utcOffsetHours, changePerYear, originMs, nextStart(), tickMs);
    }

    @Benchmark
    public double carbonMultiplierFromBoxedProfile() {
        double[] unboxed =
                boxedProfile.stream().mapToDouble(Double::doubleValue).toArray();
        return GridClock.carbonMultiplier(unboxed, utcOffsetHours, changePerYear, originMs, nextStart(), tickMs);
    }
}
