package org.rebound.aggregator;

import java.util.HashMap;
import java.util.Map;
import org.rebound.domain.Range;
import org.rebound.domain.impact.PossibleWorlds;

/**
 * The ratio cells of one task: for each combination of coefficients in force (a data-centre state
 * × a kind), what each independent impact is multiplied by in each possible world, relative to its
 * central value ({@link PossibleWorlds}). Every impact is a product of coefficients, so a world's
 * value of an impact is its central value times the product of its coefficients' ratios:
 * <ul>
 *   <li>IT energy: r_energy(kind); facility energy: × r_pue;</li>
 *   <li>operational CO₂e: r_energy × r_pue × r_carbon; embodied CO₂e: r_energy × r_embodied;</li>
 *   <li>on-site water: r_energy × r_wue; off-site water: r_energy × r_pue × r_water.</li>
 * </ul>
 * So an aggregate need only sum central values per cell while it values events, and turn them
 * into world sums once per commit ({@link DeltaBuffer}). Identical cells (the same coefficients
 * and ranges: a state that only changed an energy factor) are one cell, numbered in the order
 * met; the numbering lives as long as the task, so the cells stay few.
 */
final class WorldCells {

    /** The independent impacts, in this order: IT, facility, operational, embodied, on-site, off-site. */
    static final int BASE = 6;
    /** Where each independent impact sits among the eight of {@link org.rebound.domain.impact.Impacts}. */
    static final int[] IMPACT_INDEX = {0, 1, 2, 3, 5, 6};

    /** One cell: its number and its ratios, {@code ratios[base * COUNT + world]}. */
    record Cell(int index, double[] ratios) {}

    private record Key(
            long seed,
            String kind,
            Range energyWh,
            String datacentre,
            Range pue,
            Range wue,
            Range embodied,
            String region,
            Range carbon,
            Range water) {}

    private final Map<Key, Cell> byKey = new HashMap<>();

    /**
     * The cell of one kind served by one data-centre state. The grid ranges are the region's
     * (before the hour's profile and the trend, which scale every world alike).
     */
    Cell of(
            long seed,
            String kind,
            Range energyWh,
            String datacentre,
            Range pue,
            Range wue,
            Range embodied,
            String region,
            Range carbon,
            Range water) {
        Key key = new Key(seed, kind, energyWh, datacentre, pue, wue, embodied, region, carbon, water);
        Cell cell = byKey.get(key);
        if (cell == null) {
            cell = new Cell(byKey.size(), ratios(key));
            byKey.put(key, cell);
        }
        return cell;
    }

    /** How many cells were met so far (numbered 0 to this, excluded). */
    int count() {
        return byKey.size();
    }

    private static double[] ratios(Key key) {
        int n = PossibleWorlds.COUNT;
        double[] energy = PossibleWorlds.ratios(key.seed, "energy:" + key.kind, key.energyWh);
        double[] pue = PossibleWorlds.ratios(key.seed, "pue:" + key.datacentre, key.pue);
        double[] wue = PossibleWorlds.ratios(key.seed, "wue:" + key.datacentre, key.wue);
        double[] embodied = PossibleWorlds.ratios(key.seed, "embodied:" + key.datacentre, key.embodied);
        double[] carbon = PossibleWorlds.ratios(key.seed, "carbon:" + key.region, key.carbon);
        double[] water = PossibleWorlds.ratios(key.seed, "water:" + key.region, key.water);
        double[] ratios = new double[BASE * n];
        for (int w = 0; w < n; w++) {
            ratios[w] = energy[w];
            ratios[n + w] = energy[w] * pue[w];
            ratios[2 * n + w] = energy[w] * pue[w] * carbon[w];
            ratios[3 * n + w] = energy[w] * embodied[w];
            ratios[4 * n + w] = energy[w] * wue[w];
            ratios[5 * n + w] = energy[w] * pue[w] * water[w];
        }
        return ratios;
    }
}
