package org.rebound.cli;

import java.util.List;
import org.rebound.domain.scenario.Clock;
import org.rebound.domain.scenario.Scenario;

/**
 * Which JIT compiler a run gets, and which runs are long (docs/performance.md, "The JIT
 * compiler" and "Several ticks per record").
 *
 * <p>On two cores, HotSpot's optimising compiler (C2) takes a core away from the broker, the
 * generator and the aggregator: quickstart's whole command took ~7.7 s with it and ~5.5 s with
 * the quick compiler only ({@code -XX:TieredStopAtLevel=1}); since a record holds several ticks
 * (LoadEvent v4), global-year too is faster without it (29.0, 30.4, 32.5 s against 36.4, 34.1,
 * 34.6 s with both, alternated; C2 spent ~20 CPU-seconds compiling to save ~5 on the aggregator's
 * thread). {@code ./rebound} therefore starts {@code run} and {@code compare} with the quick
 * compiler and the system property {@value #PROPERTY}; once the scenarios are read, a run that
 * would produce more than {@value #C2_TICKS} data-centre ticks flat out (or faster than {@value
 * #TICKS_PER_SECOND} a second when paced) exits with {@value #RELAUNCH}, printing nothing, and
 * the script starts it again with both compilers. Without the property (a JVM started otherwise:
 * tests, {@code REBOUND_JAVA_OPTS}), nothing changes.
 */
final class QuickJit {

    /** Set by ./rebound on a JVM started with the quick compiler only. */
    static final String PROPERTY = "rebound.quickJit";
    /** The exit code that asks ./rebound to start the command again with both compilers (EX_TEMPFAIL). */
    static final int RELAUNCH = 75;
    /**
     * Above this, C2 pays: on global-year (2.5 M ticks) it cost ~20 CPU-seconds of compiling and
     * saved ~2 µs a tick on the aggregator's thread, so it would pay for itself at about 10 M
     * ticks, four global-years (derived from that run's per-thread CPU, not measured at that size).
     */
    static final long C2_TICKS = 10_000_000;
    /**
     * A long run: more ticks than this at full speed commit every 300 ms
     * ({@code ImpactAggregator.LONG_RUN_COMMIT_INTERVAL}); the runs below keep their latency.
     */
    static final long LONG_RUN_TICKS = 700_000;
    /** A paced run below this many data-centre ticks a wall second is neither long nor given C2. */
    static final double TICKS_PER_SECOND = 20_000;

    private QuickJit() {}

    /**
     * Whether this JVM was started with the quick compiler for a run that needs both.
     *
     * @param speed {@code --speed} (simulated seconds a wall second; {@link Clock#MAX_SPEED}), or
     *     null: each scenario's own
     */
    static boolean relaunch(List<Scenario> scenarios, Double speed) {
        return Boolean.getBoolean(PROPERTY) && needsC2(scenarios, speed);
    }

    /** Whether these scenarios, run together at {@code speed} (null: each at its own), produce enough ticks fast enough to pay for C2. */
    static boolean needsC2(List<Scenario> scenarios, Double speed) {
        return exceeds(scenarios, speed, C2_TICKS);
    }

    /** Whether these scenarios, run together at {@code speed}, are a long run whose throughput matters more than its latency. */
    static boolean longRun(List<Scenario> scenarios, Double speed) {
        return exceeds(scenarios, speed, LONG_RUN_TICKS);
    }

    private static boolean exceeds(List<Scenario> scenarios, Double speed, long threshold) {
        long ticks = 0;
        double perSecond = 0;
        for (Scenario scenario : scenarios) {
            long scenarioTicks = ticks(scenario);
            ticks += scenarioTicks;
            Clock clock = scenario.clock();
            double pace = speed != null ? speed : clock.speedSimulatedPerWallSecond();
            if (pace == Clock.MAX_SPEED) {
                perSecond = Double.POSITIVE_INFINITY;
            } else {
                double wallSeconds =
                        java.time.Duration.between(clock.start(), clock.end()).toMillis() / 1000.0 / pace;
                perSecond += scenarioTicks / Math.max(wallSeconds, 1e-9);
            }
        }
        return ticks > threshold && perSecond > TICKS_PER_SECOND;
    }

    /** Data-centre ticks of a run: at most one load event per data centre, kind and tick. */
    static long ticks(Scenario scenario) {
        Clock clock = scenario.clock();
        long spanMs = java.time.Duration.between(clock.start(), clock.end()).toMillis();
        long tickMs = Math.max(1, clock.tick().toMillis());
        long ticks = (spanMs + tickMs - 1) / tickMs;
        return ticks * scenario.datacentres().size();
    }
}
