package org.rebound.domain.impact;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.rebound.domain.LikelyRange;
import org.rebound.domain.Range;

/**
 * The possible worlds of a run, which give every quantity its likely range (p5–p95) beside its
 * bounds (docs/impact-model.md, "Likely range (p5–p95)").
 *
 * <p>A world is one draw of every uncertain coefficient of the model (energy per request of each
 * kind, PUE, WUE and embodied intensity of each data centre, carbon and water intensity of each
 * grid). A coefficient is uncertain, not noisy: a world keeps its draw for every cell and instant of
 * the run. Draws of different coefficients are independent. Each coefficient's value in a world
 * follows a triangular distribution on the log scale between its low and high, with its mode at
 * its central value (on the linear scale when its low is not positive).
 *
 * <p>The draws are stratified (Latin hypercube): each coefficient takes one quantile from each of
 * the {@value #COUNT} equal bins of probability, {@code (k + ½) / 64}, and the worlds receive them
 * in an order shuffled by a hash of the scenario's seed and the coefficient's identity. So one
 * coefficient alone gives its distribution's quantiles exactly, percentiles are stable, and a
 * rerun with the same seed draws the same worlds.
 */
public final class PossibleWorlds {

    /** How many worlds a run has. */
    public static final int COUNT = 64;

    private PossibleWorlds() {}

    /**
     * The quantile of a coefficient's distribution drawn in each world: a permutation of
     * {@code (k + ½) / COUNT}, shuffled by the seed and the coefficient's identity.
     *
     * @param coefficient the coefficient's identity, e.g. {@code energy:text}, {@code pue:paris-1}, {@code carbon:FR}
     */
    public static double[] quantiles(long seed, String coefficient) {
        int[] order = new int[COUNT];
        for (int k = 0; k < COUNT; k++) {
            order[k] = k;
        }
        long state = seed * 0x9E3779B97F4A7C15L ^ fnv1a(coefficient);
        for (int k = COUNT - 1; k > 0; k--) { // Fisher–Yates with SplitMix64: the same order on every JVM
            state += 0x9E3779B97F4A7C15L;
            int j = (int) Long.remainderUnsigned(mix(state), k + 1);
            int swap = order[k];
            order[k] = order[j];
            order[j] = swap;
        }
        double[] u = new double[COUNT];
        for (int w = 0; w < COUNT; w++) {
            u[w] = (order[w] + 0.5) / COUNT;
        }
        return u;
    }

    /**
     * A coefficient's value in each world divided by its central value: what multiplies an impact
     * proportional to it. All ones for a certain coefficient (low = central = high) and for a
     * central value of zero (the impact is zero in every world).
     */
    public static double[] ratios(long seed, String coefficient, Range range) {
        double[] ratios = new double[COUNT];
        if (range.low() == range.high() || range.central() == 0) {
            Arrays.fill(ratios, 1.0);
            return ratios;
        }
        double[] u = quantiles(seed, coefficient);
        double lowRatio = range.low() / range.central();
        double highRatio = range.high() / range.central();
        for (int w = 0; w < COUNT; w++) {
            // rounding may not take a world outside the bounds
            ratios[w] = Math.min(highRatio, Math.max(lowRatio, value(range, u[w]) / range.central()));
        }
        return ratios;
    }

    /**
     * The value at quantile {@code u} of a coefficient's distribution: triangular on the log scale
     * (low, mode central, high) when low &gt; 0, triangular on the linear scale otherwise.
     */
    public static double value(Range range, double u) {
        if (range.low() == range.high()) {
            return range.central();
        }
        boolean log = range.low() > 0;
        double a = log ? Math.log(range.low()) : range.low();
        double c = log ? Math.log(range.central()) : range.central();
        double b = log ? Math.log(range.high()) : range.high();
        double x = u < (c - a) / (b - a)
                ? a + Math.sqrt(u * (b - a) * (c - a))
                : b - Math.sqrt((1 - u) * (b - a) * (b - c));
        return log ? Math.exp(x) : x;
    }

    /**
     * The {@code p}-quantile of some worlds' values, with Hazen's plotting position (the k-th
     * smallest of n values stands for the quantile (k + ½) / n, linear between): the definition
     * that matches the stratified draws, so one coefficient alone gives its distribution's p-quantile
     * up to the interpolation.
     *
     * @param values {@code count} values from {@code offset}; not modified
     */
    public static double percentile(double[] values, int offset, int count, double p) {
        double[] sorted = Arrays.copyOfRange(values, offset, offset + count);
        Arrays.sort(sorted);
        return ofSorted(sorted, p);
    }

    /** {@link #percentile} of values already sorted (all of {@code sorted}). */
    private static double ofSorted(double[] sorted, double p) {
        int count = sorted.length;
        double position = Math.min(count - 1, Math.max(0, p * count - 0.5));
        int below = (int) Math.floor(position);
        int above = Math.min(count - 1, below + 1);
        double weight = position - below;
        return sorted[below] + weight * (sorted[above] - sorted[below]);
    }

    /**
     * The likely range of a quantity: the 5th and 95th percentiles of {@code COUNT} world values
     * from {@code offset}, scaled by a positive factor and held within the quantity's bounds (the
     * worlds' sums and the bounds' sums are added in different orders: they may differ in their
     * last bits).
     */
    public static LikelyRange likely(double[] worlds, int offset, double scale, double low, double high) {
        // Only the order statistics the two percentiles interpolate between are needed (the 3rd and
        // 4th smallest, the 4th and 3rd largest of 64): selected in one pass instead of a sort (a run
        // computes this for every aggregate it writes: 210,240 hourly windows a year of
        // global-year, four quantities each). Double.compare's order is Arrays.sort's, so the values
        // are those of the sorted array, bit for bit.
        double p5 = scale * interpolated(worlds, offset, 0.05);
        double p95 = scale * interpolated(worlds, offset, 0.95);
        return new LikelyRange(Math.min(high, Math.max(low, p5)), Math.min(high, Math.max(low, p95)));
    }

    /** {@link #ofSorted} of the {@code COUNT} values from {@code offset}, as if they were sorted. */
    private static double interpolated(double[] values, int offset, double p) {
        double position = Math.min(COUNT - 1, Math.max(0, p * COUNT - 0.5));
        int below = (int) Math.floor(position);
        int above = Math.min(COUNT - 1, below + 1);
        double weight = position - below;
        double[] pair = orderStatistics(values, offset, below);
        return pair[0] + weight * (pair[1] - pair[0]);
    }

    /**
     * The {@code k}-th and {@code (k+1)}-th smallest (from 0; the {@code k}-th twice when it is the
     * largest) of the {@code COUNT} values from {@code offset}, in {@link Double#compare}'s order:
     * the smallest {@code k + 2} (or the largest {@code COUNT - k}) kept sorted in a small buffer.
     */
    static double[] orderStatistics(double[] values, int offset, int k) {
        int next = Math.min(COUNT - 1, k + 1);
        boolean fromBelow = k < COUNT / 2;
        // from below: the smallest next + 1 values ascending; from above: the largest COUNT - k descending
        int size = fromBelow ? next + 1 : COUNT - k;
        double[] kept = new double[size];
        int held = 0;
        for (int i = offset; i < offset + COUNT; i++) {
            double v = values[i];
            if (held == size) {
                if (!precedes(fromBelow, v, kept[size - 1])) {
                    continue;
                }
                held--;
            }
            int at = held;
            while (at > 0 && precedes(fromBelow, v, kept[at - 1])) {
                kept[at] = kept[at - 1];
                at--;
            }
            kept[at] = v;
            held++;
        }
        return fromBelow
                ? new double[] {kept[k], kept[next]}
                : new double[] {kept[size - 1], kept[size - 1 - (next - k)]};
    }

    /** Whether {@code a} comes before {@code b} in the buffer: smaller when kept ascending, larger when descending. */
    private static boolean precedes(boolean ascending, double a, double b) {
        return ascending ? before(a, b) : before(b, a);
    }

    /**
     * {@code Double.compare(a, b) < 0}, its two common cases first: small enough for the quick JIT
     * compiler to inline, where {@code Double.compare} stays a call (a telemetry window compares
     * ~500 pairs for its four likely ranges).
     */
    private static boolean before(double a, double b) {
        return a < b || (!(a > b) && Double.compare(a, b) < 0);
    }

    private static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
