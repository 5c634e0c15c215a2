package org.rebound.domain.impact;

import java.util.OptionalDouble;

/**
 * The rebound effect of a period against the run's in-stream counterfactual (impact-data.md §7;
 * Khazzoom–Brookes, Saunders 1992, Sorrell 2007): the same scenario without its efficiency
 * changes (every energy factor at 1, the PUE as started) and so without the demand they induce.
 * With E the actual facility energy, E_cf the counterfactual's and E_nr the energy the
 * counterfactual demand would use at the actual efficiency (no rebound):
 * expected saving = E_cf − E_nr, actual saving = E_cf − E, and
 * RE = 1 − actual / expected = (E − E_nr) / (E_cf − E_nr).
 * Growth, profiles and the drift of the mix are in all three energies, so they cancel: only the
 * induced demand is counted. 0 &lt; RE &lt; 1: partial rebound; RE = 1: the whole saving taken
 * back; RE &gt; 1: backfire (Jevons' paradox). With demand ∝ e^(−ε), halving e gives RE = 2^ε − 1.
 */
public final class ReboundEffect {

    /**
     * Relative size of the expected saving below which there is none: E_cf and E_nr are sums of
     * the same counts, equal when nothing got more efficient up to the rounding of the sums.
     */
    public static final double NO_SAVING = 1e-9;

    /**
     * Below this relative change of energy per request (1 %) two runs' efficiencies count as
     * equal in a comparison of two runs (the baseline comparison): between runs the mix of kinds
     * and data centres also moves the average energy per request.
     */
    public static final double UNCHANGED = 0.01;

    private ReboundEffect() {}

    /**
     * RE from a period's central facility energies; empty when the expected saving E_cf − E_nr
     * is not positive (efficiency did not improve against the counterfactual: RE is undefined).
     *
     * @param actualKwh         E, what happened
     * @param counterfactualKwh E_cf, the same world without its efficiency changes
     * @param noReboundKwh      E_nr, the counterfactual demand at the actual efficiency
     */
    public static OptionalDouble of(double actualKwh, double counterfactualKwh, double noReboundKwh) {
        double expectedSaving = counterfactualKwh - noReboundKwh;
        if (!(expectedSaving > NO_SAVING * Math.abs(counterfactualKwh))) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((actualKwh - noReboundKwh) / expectedSaving);
    }

    public static boolean backfire(double reboundEffect) {
        return reboundEffect > 1;
    }
}
