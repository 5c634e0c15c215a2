package org.rebound.domain.impact;

import java.util.OptionalDouble;

/**
 * The rebound effect of a period against a baseline period (impact-data.md §7; Khazzoom–Brookes,
 * Saunders 1992): RE = 1 − S_actual / S_expected, with e the energy per request and Q the
 * requests per day, S_expected = (e₀ − e₁)·Q₀ (the saving if demand had not moved) and
 * S_actual = e₀·Q₀ − e₁·Q₁ (the saving observed). 0 &lt; RE &lt; 1: partial rebound; RE = 1: the
 * whole saving taken back; RE &gt; 1: backfire (Jevons' paradox). With demand ∝ e^(−ε), halving e
 * gives RE = 2^ε − 1.
 */
public final class ReboundEffect {

    /**
     * Below this relative change of energy per request (1 %), efficiency did not meaningfully
     * change: no RE. The ratio divides by the change, so a drift of a fraction of a percent (the
     * mix of kinds or the split between data centres moving with the hour) would otherwise show
     * as a rebound of millions of percent.
     */
    public static final double UNCHANGED = 0.01;

    private ReboundEffect() {
    }

    /** Empty when energy per request changed by less than {@link #UNCHANGED} (S_expected near zero). */
    public static OptionalDouble of(double e0, double q0, double e1, double q1) {
        if (e0 <= 0 || Math.abs(e0 - e1) <= UNCHANGED * e0) {
            return OptionalDouble.empty();
        }
        double expected = (e0 - e1) * q0;
        double actual = e0 * q0 - e1 * q1;
        return OptionalDouble.of(1 - actual / expected);
    }

    public static boolean backfire(double reboundEffect) {
        return reboundEffect > 1;
    }
}
