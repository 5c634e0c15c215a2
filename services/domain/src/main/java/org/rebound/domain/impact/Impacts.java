package org.rebound.domain.impact;

import org.rebound.domain.Range;

/**
 * The environmental impacts of some requests, each as a {@link Range}. Units are in the names;
 * {@code co2eKg} = operational + embodied and {@code waterL} = on-site + off-site.
 */
public record Impacts(
        Range itEnergyKwh,
        Range facilityEnergyKwh,
        Range operationalCo2eKg,
        Range embodiedCo2eKg,
        Range co2eKg,
        Range onsiteWaterL,
        Range offsiteWaterL,
        Range waterL) {

    public static final Impacts ZERO =
            new Impacts(Range.ZERO, Range.ZERO, Range.ZERO, Range.ZERO, Range.ZERO, Range.ZERO, Range.ZERO, Range.ZERO);

    public Impacts scaled(double factor) {
        return new Impacts(
                itEnergyKwh.times(factor),
                facilityEnergyKwh.times(factor),
                operationalCo2eKg.times(factor),
                embodiedCo2eKg.times(factor),
                co2eKg.times(factor),
                onsiteWaterL.times(factor),
                offsiteWaterL.times(factor),
                waterL.times(factor));
    }

    public Impacts plus(Impacts other) {
        return new Impacts(
                itEnergyKwh.plus(other.itEnergyKwh),
                facilityEnergyKwh.plus(other.facilityEnergyKwh),
                operationalCo2eKg.plus(other.operationalCo2eKg),
                embodiedCo2eKg.plus(other.embodiedCo2eKg),
                co2eKg.plus(other.co2eKg),
                onsiteWaterL.plus(other.onsiteWaterL),
                offsiteWaterL.plus(other.offsiteWaterL),
                waterL.plus(other.waterL));
    }
}
