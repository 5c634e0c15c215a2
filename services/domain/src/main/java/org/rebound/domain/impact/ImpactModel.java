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
        double[] flat = new double[FLAT];
        impacts(
                flat,
                0,
                requests,
                energyWh,
                energyFactor,
                pue,
                wueLPerKwh,
                embodiedGPerKwh,
                carbonGPerKwh,
                waterLPerKwh);
        Range[] q = new Range[QUANTITIES];
        for (int i = 0; i < QUANTITIES; i++) {
            q[i] = new Range(flat[3 * i], flat[3 * i + 1], flat[3 * i + 2]);
        }
        // IT energy scales the energy per request, its likely range with it (a percentile scales
        // with a positive factor); the other quantities combine ranges, which have none
        Range itKwh = energyWh.times(requests * energyFactor / WH_PER_KWH);
        return new Impacts(itKwh, q[1], q[2], q[3], q[4], q[5], q[6], q[7]);
    }

    /** The quantities of {@link Impacts}, in the order of its components. */
    public static final int QUANTITIES = 8;

    /**
     * Values of the flat form ({@link #impacts(double[], int, long, Range, double, Range, Range,
     * Range, Range, Range)}): each quantity's low, central and high, quantity after quantity.
     */
    public static final int FLAT = 3 * QUANTITIES;

    /** Positions of the quantities in {@link Impacts}' order (× 3 in the flat form). */
    public static final int IT_ENERGY_KWH = 0;

    public static final int FACILITY_ENERGY_KWH = 1;
    public static final int OPERATIONAL_CO2E_KG = 2;
    public static final int EMBODIED_CO2E_KG = 3;
    public static final int CO2E_KG = 4;
    public static final int ONSITE_WATER_L = 5;
    public static final int OFFSITE_WATER_L = 6;
    public static final int WATER_L = 7;

    /** Where a quantity's central value is in the flat form, from its first value. */
    public static int central(int quantity) {
        return 3 * quantity + 1;
    }

    /**
     * The impacts as plain doubles, the model's one statement of its formulas (the other form
     * reads them from here): low, central and high of each quantity in the order of {@link
     * Impacts}' components, written to {@code into[at .. at + 24)}, lows combined with lows and
     * highs with highs. The aggregator values every kind of every tick this way: without the
     * {@code Range}s of the other form, which the quick JIT compiler does not remove
     * (docs/performance.md, "Runs of ticks, streamed mirrors, flat impacts").
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
        for (int b = 0; b < 3; b++) {
            double it = component(energyWh, b) * perWh;
            double facility = it * component(pue, b);
            double operational = facility * component(carbonGPerKwh, b) * (1 / G_PER_KG);
            double embodied = it * component(embodiedGPerKwh, b) * (1 / G_PER_KG);
            double onsite = it * component(wueLPerKwh, b);
            double offsite = facility * component(waterLPerKwh, b);
            into[at + 3 * IT_ENERGY_KWH + b] = it;
            into[at + 3 * FACILITY_ENERGY_KWH + b] = facility;
            into[at + 3 * OPERATIONAL_CO2E_KG + b] = operational;
            into[at + 3 * EMBODIED_CO2E_KG + b] = embodied;
            into[at + 3 * CO2E_KG + b] = operational + embodied;
            into[at + 3 * ONSITE_WATER_L + b] = onsite;
            into[at + 3 * OFFSITE_WATER_L + b] = offsite;
            into[at + 3 * WATER_L + b] = onsite + offsite;
        }
    }

    /** Low (0), central (1) or high (2) of a range. */
    private static double component(Range range, int bound) {
        return bound == 0 ? range.low() : bound == 1 ? range.central() : range.high();
    }
}
