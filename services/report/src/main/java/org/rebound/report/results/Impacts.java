package org.rebound.report.results;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.function.Function;

/**
 * The eight quantities of a total (see {@link ImpactQuantity}, the list declared once), each
 * required. In the summary they sit beside the counts of the object that holds them
 * ({@code @JsonUnwrapped}), except in {@code totals} and {@code per_day}.
 */
public record Impacts(
        @JsonProperty(value = "it_energy_kwh", required = true)
        Quantity itEnergyKwh,

        @JsonProperty(value = "facility_energy_kwh", required = true)
        Quantity facilityEnergyKwh,

        @JsonProperty(value = "operational_co2e_kg", required = true)
        Quantity operationalCo2eKg,

        @JsonProperty(value = "embodied_co2e_kg", required = true)
        Quantity embodiedCo2eKg,

        @JsonProperty(value = "co2e_kg", required = true) Quantity co2eKg,

        @JsonProperty(value = "onsite_water_l", required = true)
        Quantity onsiteWaterL,

        @JsonProperty(value = "offsite_water_l", required = true)
        Quantity offsiteWaterL,

        @JsonProperty(value = "water_l", required = true) Quantity waterL) {

    /**
     * The eight quantities, each given by its declaration: from any source that names them as the
     * summary does ({@link ImpactQuantity#field}, the fields of the Avro {@code Impacts} record).
     */
    public static Impacts of(Function<ImpactQuantity, Quantity> value) {
        return new Impacts(
                value.apply(ImpactQuantity.IT_ENERGY),
                value.apply(ImpactQuantity.FACILITY_ENERGY),
                value.apply(ImpactQuantity.OPERATIONAL_CO2E),
                value.apply(ImpactQuantity.EMBODIED_CO2E),
                value.apply(ImpactQuantity.CO2E),
                value.apply(ImpactQuantity.ONSITE_WATER),
                value.apply(ImpactQuantity.OFFSITE_WATER),
                value.apply(ImpactQuantity.WATER));
    }

    /** One quantity by its declaration. */
    public Quantity get(ImpactQuantity quantity) {
        return quantity.of(this);
    }
}
