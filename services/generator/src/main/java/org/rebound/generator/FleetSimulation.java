package org.rebound.generator;

import org.rebound.domain.impact.GridClock;
import org.rebound.domain.scenario.Capacity;
import org.rebound.domain.scenario.Kind;

/**
 * One data centre's server fleet, tick by tick (docs/impact-model.md, "Fleet"): the server-hours
 * the tick's requests and the backlog ask for, what the servers in service can give, the backlog
 * left for later ticks (requests are never dropped: served late), and the build-out. Deterministic
 * (a resumed process recomputes it from the same ticks). Not thread-safe.
 */
final class FleetSimulation {

    /** What the fleet did during one tick; the arrays are reused from tick to tick. */
    static final class Tick {
        long servers;
        /** Server-hours served during the tick, by kind index. */
        final double[] serverHours;

        double backlog;
        long serversAdded;

        Tick(int kinds) {
            serverHours = new double[kinds];
        }

        /** Servers × tick hours. */
        double availableServerHours(long lengthMs) {
            return servers * (lengthMs / (double) GridClock.HOUR_MS);
        }
    }

    private Capacity capacity;
    /** Requests one server serves in an hour at full utilisation, by kind index. */
    private final double[] rates;
    /** Requests waiting, by kind index (fractional: a share of a tick's requests). */
    private final double[] backlog;

    private long added;
    private long highMs;
    private final Tick tick;

    FleetSimulation(Capacity capacity, Kind[] kinds) {
        this.rates = new double[kinds.length];
        this.backlog = new double[kinds.length];
        this.tick = new Tick(kinds.length);
        update(capacity, kinds);
    }

    /** The fleet as a change leaves it (servers added so far stay in service). */
    void update(Capacity next, Kind[] kinds) {
        capacity = next;
        for (int k = 0; k < kinds.length; k++) {
            rates[k] = next.rate(kinds[k]);
        }
    }

    /** Servers in service now: those declared, plus those the build-out added so far. */
    long servers() {
        return capacity.servers() + added;
    }

    /**
     * Serves one tick: {@code arrivals[k]} new requests of kind k join those waiting; the servers
     * in service serve all of them if they can, or else the same share of each kind's, and the
     * rest waits. Then the build-out, if the utilisation has stayed above its threshold long enough.
     */
    Tick serve(long lengthMs, long[] arrivals) {
        double hours = lengthMs / (double) GridClock.HOUR_MS;
        double demand = 0;
        for (int k = 0; k < rates.length; k++) {
            demand += (backlog[k] + arrivals[k]) / rates[k];
        }
        tick.servers = servers();
        double available = tick.servers * hours;
        double served = demand <= available ? 1 : available / demand;
        double waiting = 0;
        double used = 0;
        for (int k = 0; k < rates.length; k++) {
            double pending = backlog[k] + arrivals[k];
            tick.serverHours[k] = pending / rates[k] * served;
            used += tick.serverHours[k];
            backlog[k] = served == 1 ? 0 : pending * (1 - served);
            waiting += backlog[k];
        }
        tick.backlog = waiting;
        tick.serversAdded = 0;
        Capacity.BuildOut buildOut = capacity.buildOut();
        if (buildOut != null) {
            double utilisation = available > 0 ? used / available : 1;
            highMs = utilisation > buildOut.aboveUtilisation() ? highMs + lengthMs : 0;
            if (highMs >= buildOut.sustainedFor().toMillis()) {
                tick.serversAdded = buildOut.addServers();
                added += buildOut.addServers();
                highMs = 0;
            }
        }
        return tick;
    }
}
