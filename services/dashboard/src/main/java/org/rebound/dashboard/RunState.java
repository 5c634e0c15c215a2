package org.rebound.dashboard;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.rebound.avro.ControlEvent;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.ScenarioDefinition;
import org.rebound.avro.Telemetry;
import org.rebound.avro.Totals;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.kafka.AvroMapping;

/**
 * Everything known of one run, keyed for stable ordering, as {@link DashboardFeed} fills it from the
 * topics, and the scenario in force in it: the run's simulated "now", the carbon intensity of a data
 * centre's grid then, and the scenario with the changes come due so far applied (read again at most
 * once a second). The views ({@link RunView}, {@link MetricsExport}, {@link RoomBoard}) read it under
 * its own lock.
 */
final class RunState {

    private static final long CURRENT_EVERY_NANOS = 1_000_000_000L;

    volatile ScenarioDefinition definition;
    volatile Scenario scenario;
    volatile Totals overall;
    final Map<String, Totals> datacentres = new TreeMap<>();
    /** Each data centre's latest telemetry windows, by window start (ms), those of the last {@link DashboardFeed#TELEMETRY_KEPT_MS} ms of simulated time. */
    final Map<String, NavigableMap<Long, Telemetry>> telemetry = new TreeMap<>();

    final Map<String, Totals> kinds = new TreeMap<>();
    final Map<String, Totals> days = new TreeMap<>();
    final Map<String, PeriodTotals> periods = new TreeMap<>();
    final Map<String, ControlEvent> changes = new java.util.LinkedHashMap<>();
    /** Cumulative totals over simulated time, per kind and per data centre (for the stacked charts). */
    final Map<String, Series> kindSeries = new TreeMap<>();

    final Map<String, Series> datacentreSeries = new TreeMap<>();
    /** The scenario as the changes in force so far leave it (timeline and live). */
    Scenario current;

    long currentAtNanos = System.nanoTime() - CURRENT_EVERY_NANOS;
    /** The changes in force, one per path (its latest value), in the order they were last set. */
    final Map<String, org.rebound.domain.scenario.ScenarioChange> applied = new java.util.LinkedHashMap<>();

    final java.util.Set<String> considered = new java.util.HashSet<>();

    /** The run's simulated "now": the instant of its latest aggregated load event (its start before any). */
    static java.time.Instant now(RunState state, Scenario scenario) {
        return state.overall == null ? scenario.clock().start() : state.overall.getLastEvent();
    }

    /**
     * The central carbon intensity of a data centre's grid over the simulated hour from
     * {@code now} (daily profile and yearly trend applied, as the aggregator values it), gCO2e/kWh.
     */
    static double carbonGPerKwhNow(
            Scenario scenario, org.rebound.domain.scenario.DataCentre dc, java.time.Instant now) {
        org.rebound.domain.scenario.Region region = scenario.regionOf(dc);
        return region.carbonGPerKwh().central()
                * org.rebound.domain.impact.GridClock.carbonMultiplier(
                        region.dailyProfile(),
                        region.utcOffsetHours(),
                        region.carbonChangePerYear(),
                        scenario.clock().start(),
                        now,
                        org.rebound.domain.impact.GridClock.HOUR_MS);
    }

    /** The changes in force after {@code next} (one per path), if the scenario takes them. */
    private static boolean apply(RunState state, Map<String, org.rebound.domain.scenario.ScenarioChange> next) {
        try {
            state.current = ScenarioLoader.stateAfter(state.scenario.text(), List.copyOf(next.values()), false);
            state.applied.clear();
            state.applied.putAll(next);
            return true;
        } catch (org.rebound.domain.scenario.ScenarioException | RuntimeException e) {
            return false; // refused by the generator as well: the run goes on without it
        }
    }

    /** The changes in force, then {@code changes}: one single-path change per path, in the order last set. */
    private static Map<String, org.rebound.domain.scenario.ScenarioChange> merged(
            Map<String, org.rebound.domain.scenario.ScenarioChange> applied,
            List<org.rebound.domain.scenario.ScenarioChange> changes) {
        var next = new java.util.LinkedHashMap<>(applied);
        for (var change : changes) {
            new java.util.TreeMap<>(change.set()).forEach((path, value) -> {
                next.remove(path); // set again: now after the paths set in between (a parent set later wins)
                next.put(
                        path,
                        new org.rebound.domain.scenario.ScenarioChange(
                                change.at(), Map.of(path, value), change.note(), change.origin()));
            });
        }
        return next;
    }

    /**
     * The run's scenario with every change whose instant has come applied (a change that cannot
     * apply — the generator refused it too — is skipped). Re-read only when a change comes due.
     */
    static Scenario current(RunState state, java.time.Instant now) {
        if (state.scenario == null) {
            return null;
        }
        if (state.current == null) {
            state.current = state.scenario;
        }
        if (System.nanoTime() - state.currentAtNanos < CURRENT_EVERY_NANOS) {
            // reading the scenario again costs tens of milliseconds: changes arriving many a second
            // are taken together, at most once a second (the sliders' positions; the list of
            // changes itself is shown at once)
            return state.current;
        }
        state.currentAtNanos = System.nanoTime();
        List<org.rebound.domain.scenario.ScenarioChange> pending = new java.util.ArrayList<>();
        for (Map.Entry<String, ControlEvent> entry : state.changes.entrySet()) {
            ControlEvent event = entry.getValue();
            if (state.considered.contains(entry.getKey())
                    || (event.getAt() != null && event.getAt().isAfter(now))) {
                continue;
            }
            state.considered.add(entry.getKey());
            pending.add(AvroMapping.change(event, now));
        }
        // Only the latest value of each path matters: the scenario is read again with one change per
        // path set so far (a few sliders), not with every change so far (a room at 5 changes a second
        // for a minute sends 300; reading them all at each one took seconds). The changes come due
        // together in one reading; if that fails, one by one (one of them cannot apply).
        if (!pending.isEmpty() && !apply(state, merged(state.applied, pending))) {
            for (var change : pending) {
                apply(state, merged(state.applied, List.of(change)));
            }
        }
        return state.current;
    }
}
