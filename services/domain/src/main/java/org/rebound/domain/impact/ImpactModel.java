package org.rebound.domain.impact;

import org.rebound.domain.Range;

/**
 * The impact model of PRODUCT.md §3, with the boundaries of scenario-format.md ("Boundaries"):
 * <ul>
 *   <li>IT energy = N × energy per request × energy factor;</li>
 *   <li>facility energy = IT energy × PUE;</li>
 *   <li>operational CO₂e = facility energy × the grid's carbon intensity at the event's time;</li>
 *   <li>embodied CO₂e = IT energy × embodied intensity of the hardware;</li>
 *   <li>on-site water = IT energy × WUE; off-site water = facility energy × the grid's water intensity (EWIF).</li>
 * </ul>
 * Every impact is linear and increasing in every coefficient, so low/central/high propagate by
 * combining lows with lows and highs with highs.
 */
public final class ImpactModel {

    private static final double WH_PER_KWH = 1000;
    private static final double G_PER_KG = 1000;

    private ImpactModel() {}

    /**
     * @param requests         number of requests N
     * @param energyWh         IT energy per request, Wh (before the energy factor)
     * @param energyFactor     efficiency multiplier of the kind
     * @param pue              power usage effectiveness of the data centre
     * @param wueLPerKwh       on-site water per kWh of IT energy
     * @param embodiedGPerKwh  embodied CO₂e per kWh of IT energy, grams
     * @param carbonGPerKwh    grid carbon intensity in force (already shaped by the hour and trend), gCO₂e per kWh
     * @param waterLPerKwh     off-site water per kWh of facility energy (EWIF)
     */
    public static Impacts impacts(
            long requests,
            Range energyWh,
            double energyFactor,
            Range pue,
            Range wueLPerKwh,
            Range embodiedGPerKwh,
            Range carbonGPerKwh,
            Range waterLPerKwh) {
        Range itKwh = energyWh.times(requests * energyFactor / WH_PER_KWH);
        Range facilityKwh = itKwh.times(pue);
        Range operationalKg = facilityKwh.times(carbonGPerKwh).times(1 / G_PER_KG);
        Range embodiedKg = itKwh.times(embodiedGPerKwh).times(1 / G_PER_KG);
        Range onsiteL = itKwh.times(wueLPerKwh);
        Range offsiteL = facilityKwh.times(waterLPerKwh);
        return new Impacts(
                itKwh,
                facilityKwh,
                operationalKg,
                embodiedKg,
                operationalKg.plus(embodiedKg),
                onsiteL,
                offsiteL,
                onsiteL.plus(offsiteL));
    }
}
