package org.rebound.domain.scenario;

import java.time.Duration;
import java.util.Map;

/**
 * A data centre's server fleet (docs/impact-model.md, "Fleet"): with it, the data centre's IT
 * energy is its servers' power over time, idle + (max − idle) × utilisation each, instead of a
 * fixed energy per request.
 *
 * @param servers               servers in service at the start
 * @param idleW                 one server's power when idle, W (whole server)
 * @param maxW                  one server's power at full utilisation, W
 * @param requestsPerServerHour requests of a kind one server serves in an hour at full
 *                              utilisation, as declared (the kinds left out are derived: {@link #rate})
 * @param buildOut              servers added after a sustained high utilisation, or null
 */
public record Capacity(
        long servers, double idleW, double maxW, Map<String, Double> requestsPerServerHour, BuildOut buildOut) {

    /**
     * Servers added when the utilisation stayed above {@code aboveUtilisation} for {@code sustainedFor}
     * of simulated time; their embodied carbon is booked when they are built.
     */
    public record BuildOut(
            double aboveUtilisation, Duration sustainedFor, long addServers, double embodiedKgPerServer) {}

    public Capacity {
        requestsPerServerHour = Map.copyOf(requestsPerServerHour);
    }

    /**
     * Requests of {@code kind} one server serves in an hour at full utilisation, its efficiency
     * applied: the declared rate, or, when the kind has none, the server's maximum power over the
     * kind's IT energy per request (W × 1 h / Wh: at full utilisation the fleet then costs exactly
     * the kind's energy per request; below it, more); either divided by the kind's
     * {@code energy_factor} (a request that costs half the energy takes half the server time).
     */
    public double rate(Kind kind) {
        Double declared = requestsPerServerHour.get(kind.name());
        double rate = declared != null ? declared : maxW / kind.energyWh().central();
        return rate / kind.energyFactor();
    }

    /** One server's power at a utilisation in [0, 1], W. */
    public double serverPowerW(double utilisation) {
        return serverPowerW(idleW, maxW, utilisation);
    }

    /** The linear power model (OpenDC's, impact-data.md §9): idle + (max − idle) × utilisation, W. */
    public static double serverPowerW(double idleW, double maxW, double utilisation) {
        return idleW + (maxW - idleW) * utilisation;
    }
}
