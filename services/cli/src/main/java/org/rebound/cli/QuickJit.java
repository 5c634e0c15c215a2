package org.rebound.cli;

import java.util.List;
import org.rebound.domain.scenario.Clock;
import org.rebound.domain.scenario.Scenario;

/**
 * Which JIT compiler a run gets (docs/performance.md, "The JIT compiler").
 *
 * <p>On two cores, HotSpot's optimising compiler (C2) takes a core away from the broker, the
 * generator and the aggregator while a short run starts: quickstart's whole command took ~7.7 s
 * with it and ~5.5 s with the quick compiler only ({@code -XX:TieredStopAtLevel=1}); a long run
 * at full speed needs C2 (global-year: ~56 s with it, ~70 s without). {@code ./rebound} therefore
 * starts {@code run} and {@code compare} with the quick compiler and the system property
 * {@value #PROPERTY}; once the scenarios are read, a run that would produce more than {@value
 * #RECORDS} records flat out (or faster than {@value #RECORDS_PER_SECOND} a second when paced)
 * exits with {@value #RELAUNCH}, printing nothing, and the script starts it again with both
 * compilers. Without the property (a JVM started otherwise: tests, {@code REBOUND_JAVA_OPTS}),
 * nothing changes.
 */
final class QuickJit {

    /** Set by ./rebound on a JVM started with the quick compiler only. */
    static final String PROPERTY = "rebound.quickJit";
    /** The exit code that asks ./rebound to start the command again with both compilers (EX_TEMPFAIL). */
    static final int RELAUNCH = 75;
    /**
     * Above this, C2 pays: the relaunch (~1.9 s, measured on global-year) and C2's slower start
     * (~2 s on quickstart) against ~5.6 µs a record saved (global-year: 14 s over 2.5 M records):
     * ~3.9 s / 5.6 µs, ~700,000 records (docs/performance.md, "The JIT compiler").
     */
    static final long RECORDS = 700_000;
    /** A paced run below this many records a wall second is served by the quick compiler. */
    static final double RECORDS_PER_SECOND = 20_000;

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

    /**
     * Whether these scenarios, run together at {@code speed} (null: each at its own), write enough
     * records fast enough to pay for C2.
     */
    static boolean needsC2(List<Scenario> scenarios, Double speed) {
        long records = 0;
        double perSecond = 0;
        for (Scenario scenario : scenarios) {
            long scenarioRecords = records(scenario);
            records += scenarioRecords;
            Clock clock = scenario.clock();
            double pace = speed != null ? speed : clock.speedSimulatedPerWallSecond();
            if (pace == Clock.MAX_SPEED) {
                perSecond = Double.POSITIVE_INFINITY;
            } else {
                double wallSeconds =
                        java.time.Duration.between(clock.start(), clock.end()).toMillis() / 1000.0 / pace;
                perSecond += scenarioRecords / Math.max(wallSeconds, 1e-9);
            }
        }
        return records > RECORDS && perSecond > RECORDS_PER_SECOND;
    }

    /** At most one record of the requests topic per data centre and tick. */
    static long records(Scenario scenario) {
        Clock clock = scenario.clock();
        long spanMs = java.time.Duration.between(clock.start(), clock.end()).toMillis();
        long tickMs = Math.max(1, clock.tick().toMillis());
        long ticks = (spanMs + tickMs - 1) / tickMs;
        return ticks * scenario.datacentres().size();
    }
}
