package org.rebound.generator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rebound.domain.demand.ArrivalProcess;
import org.rebound.domain.demand.Demand;
import org.rebound.domain.scenario.DataCentre;
import org.rebound.domain.scenario.Kind;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioChange;
import org.rebound.domain.scenario.ScenarioException;
import org.rebound.domain.scenario.ScenarioLoader;

/**
 * What the generator sends, tick by tick, and nothing of how: the scenario's state as changes
 * take effect, the expected requests of every data centre × kind cell, and the arrivals drawn from
 * them. Every count depends only on the seed, the cell and the tick (and the changes applied
 * before it), so a test, a resumed process or another instance recomputes exactly what a run
 * produced. Kafka-free; {@link LoadGenerator} sends what it yields. Not thread-safe.
 */
final class Simulation {

    /**
     * Receives the load of one data centre's tick: the kinds with requests and their counts, and
     * what its fleet did (null without one; reused: read it before returning).
     */
    interface Sink {
        void load(
                int datacentre,
                long tickStartMs,
                long lengthMs,
                int[] kindIndexes,
                long[] counts,
                int kinds,
                FleetSimulation.Tick fleet);
    }

    private final Scenario scenario;
    private final LoadGenerator.Options options;
    private final List<String> kindNames;
    private final long[] cellKeys;
    private final ArrivalProcess arrival;
    private final double[] expected;
    private final int[] kindIndexes;
    private final long[] counts;
    /** Every kind's arrivals of the data centre's tick, by kind index (for its fleet). */
    private final long[] arrivals;
    /** Each data centre's fleet (null: none), by index. */
    private final FleetSimulation[] fleets;

    private final List<ScenarioChange> applied = new ArrayList<>();
    private final Set<String> seenIds = new HashSet<>();
    private Scenario state;
    private Demand demand;
    private Kind[] kinds;

    Simulation(Scenario scenario, LoadGenerator.Options options) {
        this.scenario = scenario;
        this.options = options;
        this.kindNames = List.copyOf(scenario.kinds().keySet());
        List<DataCentre> datacentres = scenario.datacentres();
        this.cellKeys = new long[datacentres.size() * kindNames.size()];
        for (int d = 0; d < datacentres.size(); d++) {
            for (int k = 0; k < kindNames.size(); k++) {
                cellKeys[d * kindNames.size() + k] =
                        ArrivalProcess.cellKey(datacentres.get(d).id(), kindNames.get(k));
            }
        }
        this.arrival = ArrivalProcess.of(scenario.workload().arrival(), scenario.seed(), cellKeys.length);
        this.expected = new double[cellKeys.length];
        this.kindIndexes = new int[kindNames.size()];
        this.counts = new long[kindNames.size()];
        this.arrivals = new long[kindNames.size()];
        this.fleets = new FleetSimulation[datacentres.size()];
        setState(scenario);
    }

    /** The kinds in the order the sink's kind indexes name them. */
    List<String> kindNames() {
        return kindNames;
    }

    /** The scenario as the changes applied so far left it. */
    Scenario state() {
        return state;
    }

    /**
     * Applies a change (scheduled or live) from {@code at} on, unless a change with this id came
     * already (a live change comes back stamped with the tick it took effect at).
     *
     * @return whether the state changed
     * @throws ScenarioException when the change cannot apply to the scenario as it stands: the
     *         run goes on unchanged
     */
    boolean apply(String id, ScenarioChange change, boolean live) throws ScenarioException {
        if (!seenIds.add(id)) {
            return false; // applied, or refused, once already
        }
        List<ScenarioChange> next = new ArrayList<>(applied);
        next.add(change);
        Scenario after = ScenarioLoader.stateAfter(scenario.text(), next, live);
        applied.add(change);
        setState(after);
        return true;
    }

    /**
     * Draws the arrivals of tick {@code tick} ([tickStartMs, tickStartMs + lengthMs)) for this
     * instance's data centres, counts them in the ledger, and hands each data centre's load to
     * {@code sink} (null: counted only, e.g. ticks an earlier process already sent).
     */
    void tick(long tick, long tickStartMs, long lengthMs, Ledger ledger, Sink sink) {
        demand.expectedAll(state.datacentres(), kinds, tickStartMs, lengthMs, expected);
        int datacentres = state.datacentres().size();
        for (int d = 0; d < datacentres; d++) {
            if (!options.owns(d)) {
                continue;
            }
            int withRequests = 0;
            for (int k = 0; k < kinds.length; k++) {
                int cell = d * kinds.length + k;
                long count = arrival.next(cell, cellKeys[cell], tick, expected[cell]);
                arrivals[k] = count;
                if (count == 0) {
                    continue;
                }
                ledger.count(d, k, count);
                kindIndexes[withRequests] = k;
                counts[withRequests++] = count;
            }
            // a fleet serves (and draws its idle power) in every tick, with requests or not
            FleetSimulation.Tick fleet = fleets[d] == null ? null : fleets[d].serve(lengthMs, arrivals);
            if (withRequests == 0 && fleet == null) {
                continue; // no request in this tick
            }
            if (sink != null) {
                sink.load(d, tickStartMs, lengthMs, kindIndexes, counts, withRequests, fleet);
            }
        }
    }

    private void setState(Scenario next) {
        state = next;
        demand = new Demand(next);
        // a change may alter a kind, never the set: the same order throughout
        kinds = kindNames.stream().map(name -> next.kinds().get(name)).toArray(Kind[]::new);
        // a change may alter a data centre, never the set: the same order throughout
        for (int d = 0; d < fleets.length; d++) {
            var capacity = next.datacentres().get(d).capacity();
            if (capacity == null) {
                fleets[d] = null; // none, or removed by a change: per-request energy from now on
            } else if (fleets[d] == null) {
                fleets[d] = new FleetSimulation(capacity, kinds);
            } else {
                fleets[d].update(capacity, kinds);
            }
        }
    }
}
