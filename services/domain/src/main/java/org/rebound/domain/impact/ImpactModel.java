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

    /** Values in {@link #impacts(double[], int, long, Range, double, Range, Range, Range, Range, Range)}'s layout: 8 quantities × low, central, high. */
    public static final int FLAT = 24;

    /**
     * The same impacts as {@link #impacts(long, Range, double, Range, Range, Range, Range, Range)},
     * bit for bit, as plain doubles: low, central and high of each quantity in the order of {@link
     * Impacts}' components, written to {@code into[at .. at + 24)}. The aggregator values every
     * kind of every tick: without the twelve {@code Range}s of the other form, which the quick JIT
     * compiler does not remove (docs/performance.md, "Runs of ticks, streamed mirrors, flat impacts").
     */
    public static void impacts(
            double[] into,
            int at,
            long requests,
            Range energyWh,
            double energyFactor,
            Range pue,
            Range wueLPerKwh,
            Range embodiedGPerKwh,
            Range carbonGPerKwh,
            Range waterLPerKwh) {
        double perWh = requests * energyFactor / WH_PER_KWH;
        bounds(into, at, 0, energyWh.low() * perWh, energyWh.central() * perWh, energyWh.high() * perWh);
        for (int b = 0; b < 3; b++) {
            double it = into[at + b];
            double facility = it * component(pue, b);
            double operational = facility * component(carbonGPerKwh, b) * (1 / G_PER_KG);
            double embodied = it * component(embodiedGPerKwh, b) * (1 / G_PER_KG);
            double onsite = it * component(wueLPerKwh, b);
            double offsite = facility * component(waterLPerKwh, b);
            into[at + 3 + b] = facility;
            into[at + 6 + b] = operational;
            into[at + 9 + b] = embodied;
            into[at + 12 + b] = operational + embodied;
            into[at + 15 + b] = onsite;
            into[at + 18 + b] = offsite;
            into[at + 21 + b] = onsite + offsite;
        }
    }

    private static void bounds(double[] into, int at, int quantity, double low, double central, double high) {
        into[at + 3 * quantity] = low;
        into[at + 3 * quantity + 1] = central;
        into[at + 3 * quantity + 2] = high;
    }

    /** Low (0), central (1) or high (2) of a range. */
    private static double component(Range range, int bound) {
        return bound == 0 ? range.low() : bound == 1 ? range.central() : range.high();
    }
}
