package org.rebound.aggregator;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.rebound.avro.FleetTick;
import org.rebound.avro.LoadEvent;
import org.rebound.domain.Range;
import org.rebound.domain.impact.GridClock;
import org.rebound.domain.impact.ImpactModel;
import org.rebound.domain.impact.Impacts;
import org.rebound.domain.scenario.Capacity;

/**
 * A fleet's IT energy during one tick (docs/impact-model.md, "Fleet"): its servers in service
 * each draw idle + (max − idle) × utilisation, where utilisation is the server-hours served over
 * the server-hours available; each kind gets the share of that energy of its server-hours (a tick
 * without any: an equal share each), and the same share of the embodied CO₂e of the servers the
 * build-out added at its end.
 *
 * @param itWh            the fleet's IT energy during the tick, Wh
 * @param serverHours     served server-hours by kind
 * @param servedHours     their sum
 * @param availableHours  servers in service × tick hours (utilisation = served / available)
 * @param embodiedKg      the embodied CO₂e of the servers added, kg
 */
record FleetEnergy(
        double itWh, Map<String, Double> serverHours, double servedHours, double availableHours, double embodiedKg) {

    /** Rounding allowed above a utilisation of 1 (the generator's sums in floating point). */
    private static final double ROUNDING = 1e-9;

    static FleetEnergy of(LoadEvent event, DatacentreState state) {
        FleetTick tick = event.getFleet();
        if (tick.getServers() < 1) {
            throw new InvalidLoadEventException("load event with fleet servers=" + tick.getServers() + " at '"
                    + event.getDatacentre() + "' (expected at least 1 server in service)");
        }
        if (!(tick.getBacklog() >= 0) || tick.getServersAdded() < 0) {
            throw new InvalidLoadEventException("load event with fleet backlog=" + tick.getBacklog()
                    + " and servers_added=" + tick.getServersAdded() + " (expected both >= 0)");
        }
        double served = 0;
        for (Map.Entry<String, Double> entry : tick.getServerHoursByKind().entrySet()) {
            if (!(entry.getValue() >= 0) || Double.isInfinite(entry.getValue())) {
                throw new InvalidLoadEventException("load event with " + entry.getValue() + " server-hours of kind '"
                        + entry.getKey() + "' (expected a finite number >= 0)");
            }
            served += entry.getValue();
        }
        double available = tick.getServers() * (event.getTickMillis() / (double) GridClock.HOUR_MS);
        double utilisation = served / available;
        if (utilisation > 1 + ROUNDING) {
            throw new InvalidLoadEventException("load event with " + served + " server-hours served by "
                    + tick.getServers() + " servers in " + event.getTickMillis()
                    + " ms (expected a utilisation <= 1: the rest waits in the backlog)");
        }
        double itWh = available
                * Capacity.serverPowerW(state.fleet().getIdleW(), state.fleet().getMaxW(), Math.min(1, utilisation));
        double embodiedKg = tick.getServersAdded() * state.fleet().getEmbodiedKgPerServer();
        return new FleetEnergy(itWh, tick.getServerHoursByKind(), served, available, embodiedKg);
    }

    /** The kinds the tick values: those with requests, then those served only from the backlog; all of the data centre's when none. */
    String[] kinds(String[] withRequests, DatacentreState state) {
        boolean served = true; // the usual tick: every kind served has requests in it (no backlog of another)
        for (Map.Entry<String, Double> entry : serverHours.entrySet()) {
            if (entry.getValue() > 0 && !contains(withRequests, entry.getKey())) {
                served = false;
                break;
            }
        }
        if (served && withRequests.length > 0) {
            return withRequests;
        }
        Set<String> kinds = new LinkedHashSet<>(Arrays.asList(withRequests));
        serverHours.forEach((kind, hours) -> {
            if (hours > 0) {
                kinds.add(kind);
            }
        });
        if (kinds.isEmpty()) {
            kinds.addAll(new TreeSet<>(state.kinds().keySet()));
        }
        return kinds.toArray(String[]::new);
    }

    private static boolean contains(String[] kinds, String kind) {
        for (String k : kinds) {
            if (k.equals(kind)) {
                return true;
            }
        }
        return false;
    }

    /** The requests of each of {@code kinds} ({@link #kinds}): those of the event, 0 for the others. */
    long[] requests(String[] kinds, long[] withRequests) {
        return kinds.length == withRequests.length ? withRequests : Arrays.copyOf(withRequests, kinds.length);
    }

    /** The share of the tick's energy and embodied CO₂e of one of {@code kinds} kinds. */
    private double share(String kind, int kinds) {
        if (servedHours > 0) {
            return serverHours.getOrDefault(kind, 0.0) / servedHours;
        }
        return 1.0 / kinds;
    }

    /**
     * One kind's impacts: its share of the fleet's energy, then as for any IT energy (with the PUE
     * and WUE in force during the tick); plus its share of the build-out.
     */
    Impacts impacts(String kind, int kinds, DatacentreState state, Range pue, Range wue, Range carbon) {
        double share = share(kind, kinds);
        Impacts impacts = ImpactModel.impacts(
                1, Range.of(itWh * share), 1.0, pue, wue, state.embodiedGPerKwh(), carbon, state.waterLPerKwh());
        if (embodiedKg == 0) {
            return impacts;
        }
        Range built = Range.of(embodiedKg * share);
        return new Impacts(
                impacts.itEnergyKwh(),
                impacts.facilityEnergyKwh(),
                impacts.operationalCo2eKg(),
                impacts.embodiedCo2eKg().plus(built),
                impacts.co2eKg().plus(built),
                impacts.onsiteWaterL(),
                impacts.offsiteWaterL(),
                impacts.waterL());
    }
}
