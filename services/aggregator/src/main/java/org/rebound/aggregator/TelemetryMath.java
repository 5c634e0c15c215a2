package org.rebound.aggregator;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.rebound.avro.Quantity;
import org.rebound.avro.Telemetry;
import org.rebound.domain.impact.GridClock;
import org.rebound.domain.impact.PossibleWorlds;

/**
 * Telemetry windows form a monoid like the totals ({@link TotalsMath}): counts, energies, CO₂e,
 * water and their possible worlds' sums add; the powers are the summed energies over the window's
 * length; the grid carbon, PUE and WUE are averages weighted by the energy they apply to (facility
 * energy for the grid carbon, IT energy for PUE and WUE, central), so that however a window's
 * ticks are split between commits, its ratios are those of its sums (to rounding): PUE =
 * facility / IT energy, WUE = on-site water / IT energy, grid carbon = operational CO₂e / facility
 * energy. A window without energy keeps the later delta's values in force.
 */
final class TelemetryMath {

    /** The quantities of {@link Telemetry}, as indices into {@link WorldSums}' eight: IT, facility, CO₂e, water. */
    private static final int[] QUANTITIES = {0, 1, 4, 7};

    private TelemetryMath() {}

    static Telemetry plus(Telemetry a, Telemetry b) {
        double itA = a.getItEnergyKwh().getCentral();
        double itB = b.getItEnergyKwh().getCentral();
        double facilityA = a.getFacilityEnergyKwh().getCentral();
        double facilityB = b.getFacilityEnergyKwh().getCentral();
        long start = a.getStart().toEpochMilli();
        Instant end = a.getEnd().isAfter(b.getEnd()) ? a.getEnd() : b.getEnd();
        double hours = (end.toEpochMilli() - start) / (double) GridClock.HOUR_MS;
        Quantity it = plus(a.getItEnergyKwh(), b.getItEnergyKwh());
        Quantity facility = plus(a.getFacilityEnergyKwh(), b.getFacilityEnergyKwh());
        return Telemetry.newBuilder(b)
                .setStart(a.getStart())
                .setEnd(end)
                .setRequests(a.getRequests() + b.getRequests())
                .setLoadEvents(a.getLoadEvents() + b.getLoadEvents())
                .setItPowerKw(it.getCentral() / hours)
                .setFacilityPowerKw(facility.getCentral() / hours)
                .setItEnergyKwh(it)
                .setFacilityEnergyKwh(facility)
                .setCo2eKg(plus(a.getCo2eKg(), b.getCo2eKg()))
                .setWaterL(plus(a.getWaterL(), b.getWaterL()))
                .setGridCarbonGPerKwh(
                        weighted(a.getGridCarbonGPerKwh(), facilityA, b.getGridCarbonGPerKwh(), facilityB))
                .setPue(weighted(a.getPue(), itA, b.getPue(), itB))
                .setWueLPerKwh(weighted(a.getWueLPerKwh(), itA, b.getWueLPerKwh(), itB))
                .setCapacityServerHours(plus(a.getCapacityServerHours(), b.getCapacityServerHours()))
                .setUtilisation(utilisation(a, b))
                .setOutdoorC(outdoor(a, b))
                // a whole window's delta (its likely range computed, no worlds' sums) never meets another; if
                // it did, the likely range of the sum would be unknown: none rather than a wrong one
                .setWorlds(settled(a) || settled(b) ? null : WorldSums.plus(a.getWorlds(), b.getWorlds()))
                .build();
    }

    /** Whether a delta carries its likely range already (a whole window) instead of its worlds' sums. */
    static boolean settled(Telemetry t) {
        return t.getWorlds() == null && t.getItEnergyKwh().getP5() != null;
    }

    /** Telemetry as written to its topic: each quantity with its p5 and p95, without the world sums. */
    static Telemetry settle(Telemetry t) {
        if (t.getWorlds() == null) {
            return t;
        }
        double[] worlds = WorldSums.array(t.getWorlds());
        return Telemetry.newBuilder(t)
                .setItEnergyKwh(WorldSums.likely(t.getItEnergyKwh(), worlds, 0, 1))
                .setFacilityEnergyKwh(WorldSums.likely(t.getFacilityEnergyKwh(), worlds, 1, 1))
                .setCo2eKg(WorldSums.likely(t.getCo2eKg(), worlds, 2, 1))
                .setWaterL(WorldSums.likely(t.getWaterL(), worlds, 3, 1))
                .setWorlds(null)
                .build();
    }

    /**
     * The world sums telemetry carries between the aggregator's stages: of its four quantities
     * only (half the bytes of the eight), from an aggregate's eight ({@link WorldSums}).
     */
    static ByteBuffer worlds(ByteBuffer eight) {
        double[] all = WorldSums.array(eight);
        int n = PossibleWorlds.COUNT;
        double[] four = new double[QUANTITIES.length * n];
        for (int i = 0; i < QUANTITIES.length; i++) {
            System.arraycopy(all, QUANTITIES[i] * n, four, i * n, n);
        }
        return WorldSums.bytes(four);
    }

    private static Quantity plus(Quantity a, Quantity b) {
        return new Quantity(
                a.getLow() + b.getLow(), a.getCentral() + b.getCentral(), a.getHigh() + b.getHigh(), null, null);
    }

    private static Double plus(Double a, Double b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return a + b;
    }

    /** The fleet's utilisation over both: served over available server-hours (null when neither had a fleet). */
    private static Double utilisation(Telemetry a, Telemetry b) {
        double served = 0;
        double capacity = 0;
        for (Telemetry t : new Telemetry[] {a, b}) {
            if (t.getCapacityServerHours() != null && t.getUtilisation() != null) {
                served += t.getUtilisation() * t.getCapacityServerHours();
                capacity += t.getCapacityServerHours();
            }
        }
        return capacity > 0 ? served / capacity : null;
    }

    /**
     * The outdoor temperature over both, averaged by their load events (a data centre's ticks in
     * one window have one length and about as many events each: near a time average; only a
     * window split between two commits is averaged here); null when neither has one.
     */
    private static Double outdoor(Telemetry a, Telemetry b) {
        if (a.getOutdoorC() == null || b.getOutdoorC() == null) {
            return a.getOutdoorC() == null ? b.getOutdoorC() : a.getOutdoorC();
        }
        return weighted(a.getOutdoorC(), a.getLoadEvents(), b.getOutdoorC(), b.getLoadEvents());
    }

    /** Two values averaged by their weights; the later one ({@code b}) when neither has any weight. */
    private static double weighted(double a, double weightA, double b, double weightB) {
        double weight = weightA + weightB;
        return weight > 0 ? (a * weightA + b * weightB) / weight : b;
    }
}
