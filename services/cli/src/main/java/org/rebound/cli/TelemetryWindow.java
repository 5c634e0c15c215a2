package org.rebound.cli;

import org.rebound.avro.Telemetry;

/**
 * What the summary uses of one data centre's telemetry window (docs/topics.md, "Telemetry"): its
 * span, its central energies and, with a fleet, the fleet's figures (null without one). A year of 24 data
 * centres is 210,000 windows: kept as this, not as the Avro record with its four quantities.
 */
record TelemetryWindow(
        long startMs,
        long endMs,
        double itEnergyKwh,
        double facilityEnergyKwh,
        double itPowerKw,
        Double utilisation,
        Double capacityServerHours,
        Long serversInService,
        Long backlog) {

    static TelemetryWindow of(Telemetry t) {
        return new TelemetryWindow(
                t.getStart().toEpochMilli(),
                t.getEnd().toEpochMilli(),
                t.getItEnergyKwh().getCentral(),
                t.getFacilityEnergyKwh().getCentral(),
                t.getItPowerKw(),
                t.getUtilisation(),
                t.getCapacityServerHours(),
                t.getServersInService(),
                t.getBacklog());
    }

    boolean hasFleet() {
        return utilisation != null;
    }

    double hours() {
        return (endMs - startMs) / (double) org.rebound.domain.impact.GridClock.HOUR_MS;
    }
}
