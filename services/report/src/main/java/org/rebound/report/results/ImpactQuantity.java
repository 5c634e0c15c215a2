package org.rebound.report.results;

import java.util.function.Function;

/**
 * The eight quantities of a total, declared once: their name in the summary JSON (unit in the
 * name), their unit, their label in the report, and how a per-request figure is scaled (kWh to
 * Wh, kg to g, L to mL). {@code sum} marks the three that add up the others (facility energy,
 * CO₂e, water). The order is the order of the Avro {@code Impacts} record and of the summary.
 */
public enum ImpactQuantity {
    IT_ENERGY("it_energy_kwh", "IT energy (servers)", "kWh", "Wh", 1000, false, Impacts::itEnergyKwh),
    FACILITY_ENERGY(
            "facility_energy_kwh", "Facility energy (IT × PUE)", "kWh", "Wh", 1000, true, Impacts::facilityEnergyKwh),
    OPERATIONAL_CO2E(
            "operational_co2e_kg",
            "Operational CO₂e (electricity)",
            "kg CO₂e",
            "g CO₂e",
            1000,
            false,
            Impacts::operationalCo2eKg),
    EMBODIED_CO2E(
            "embodied_co2e_kg", "Embodied CO₂e (hardware)", "kg CO₂e", "g CO₂e", 1000, false, Impacts::embodiedCo2eKg),
    CO2E("co2e_kg", "CO₂e, operational + embodied", "kg CO₂e", "g CO₂e", 1000, true, Impacts::co2eKg),
    ONSITE_WATER("onsite_water_l", "On-site water (cooling)", "L", "mL", 1000, false, Impacts::onsiteWaterL),
    OFFSITE_WATER(
            "offsite_water_l",
            "Off-site water (electricity generation)",
            "L",
            "mL",
            1000,
            false,
            Impacts::offsiteWaterL),
    WATER("water_l", "Water, on-site + off-site", "L", "mL", 1000, true, Impacts::waterL);

    /** Must equal the {@code @JsonProperty} names of {@link Impacts} (checked by ResultsRoundTripTest). */
    public final String field;

    public final String label;
    public final String unit;
    public final String perRequestUnit;
    public final double perRequestScale;
    public final boolean sum;
    private final Function<Impacts, Quantity> read;

    ImpactQuantity(
            String field,
            String label,
            String unit,
            String perRequestUnit,
            double perRequestScale,
            boolean sum,
            Function<Impacts, Quantity> read) {
        this.field = field;
        this.label = label;
        this.unit = unit;
        this.perRequestUnit = perRequestUnit;
        this.perRequestScale = perRequestScale;
        this.sum = sum;
        this.read = read;
    }

    /** This quantity of a set of impacts. */
    public Quantity of(Impacts impacts) {
        return read.apply(impacts);
    }
}
