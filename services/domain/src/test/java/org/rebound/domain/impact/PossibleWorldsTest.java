package org.rebound.domain.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.domain.LikelyRange;
import org.rebound.domain.Range;

@DisplayName("possible worlds (likely range p5–p95)")
class PossibleWorldsTest {

    private static final int N = 64;

    /** The CDF of a triangular distribution (a, mode c, b) at x, written from its definition. */
    private static double triangularCdf(double a, double c, double b, double x) {
        if (x <= a) {
            return 0;
        }
        if (x >= b) {
            return 1;
        }
        return x <= c ? (x - a) * (x - a) / ((b - a) * (c - a)) : 1 - (b - x) * (b - x) / ((b - a) * (b - c));
    }

    /** The p-quantile of a continuous increasing CDF on [lo, hi], by bisection (independent of the code's inverse). */
    private static double quantile(DoubleUnaryOperator cdf, double lo, double hi, double p) {
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (cdf.applyAsDouble(mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    private static double[] values(Range range, double[] ratios) {
        return Arrays.stream(ratios).map(r -> r * range.central()).toArray();
    }

    @Test
    @DisplayName("the same seed and coefficient draw the same worlds; another seed or coefficient draws others")
    void deterministic() {
        double[] once = PossibleWorlds.quantiles(42, "energy:text");
        assertThat(PossibleWorlds.quantiles(42, "energy:text")).containsExactly(once);
        assertThat(PossibleWorlds.quantiles(43, "energy:text")).isNotEqualTo(once);
        assertThat(PossibleWorlds.quantiles(42, "energy:image")).isNotEqualTo(once);
    }

    @Test
    @DisplayName("draws are stratified: one quantile (k + 1/2) / 64 from each of the 64 bins, in a shuffled order")
    void stratified() {
        double[] u = PossibleWorlds.quantiles(7, "pue:paris-1");
        assertThat(u).hasSize(N);
        double[] sorted = u.clone();
        Arrays.sort(sorted);
        for (int k = 0; k < N; k++) {
            assertThat(sorted[k]).isEqualTo((k + 0.5) / N);
        }
        assertThat(u).isNotEqualTo(sorted); // shuffled, not in bin order
    }

    @Test
    @DisplayName("percentiles use Hazen's plotting position: p5 of 1..64 is 3.7, p95 is 61.3")
    void hazenPercentile() {
        double[] oneTo64 = new double[N];
        for (int i = 0; i < N; i++) {
            oneTo64[N - 1 - i] = i + 1; // given in descending order: the percentile sorts a copy
        }
        // position 0.05 × 64 − 0.5 = 2.7 (0-based) between 3 and 4; 0.95 × 64 − 0.5 = 60.3 between 61 and 62
        assertThat(PossibleWorlds.percentile(oneTo64, 0, N, 0.05)).isCloseTo(3.7, within(1e-12));
        assertThat(PossibleWorlds.percentile(oneTo64, 0, N, 0.95)).isCloseTo(61.3, within(1e-12));
        assertThat(oneTo64[0]).isEqualTo(64); // not modified
    }

    @Test
    @DisplayName(
            "one uncertain coefficient alone: p5 and p95 are its log-triangular distribution's 5th and 95th percentiles")
    void logTriangularQuantiles() {
        Range energy = new Range(0.1, 0.3, 3); // Wh, a text answer's spread
        double[] worlds = values(energy, PossibleWorlds.ratios(1, "energy:text", energy));
        LikelyRange likely = PossibleWorlds.likely(worlds, 0, 1, energy.low(), energy.high());

        double a = Math.log(0.1);
        double c = Math.log(0.3);
        double b = Math.log(3);
        double p5 = Math.exp(quantile(x -> triangularCdf(a, c, b, x), a, b, 0.05));
        double p95 = Math.exp(quantile(x -> triangularCdf(a, c, b, x), a, b, 0.95));
        assertThat(likely.p5()).isCloseTo(p5, within(0.01 * p5));
        assertThat(likely.p95()).isCloseTo(p95, within(0.01 * p95));
        assertThat(likely.p5()).isGreaterThan(energy.low());
        assertThat(likely.p95()).isLessThan(energy.high());
    }

    @Test
    @DisplayName("a coefficient whose low is zero follows a triangular distribution on the linear scale")
    void linearTriangularQuantiles() {
        Range wue = new Range(0, 0.5, 2); // L/kWh
        double[] worlds = values(wue, PossibleWorlds.ratios(5, "wue:x", wue));
        LikelyRange likely = PossibleWorlds.likely(worlds, 0, 1, wue.low(), wue.high());
        double p5 = quantile(x -> triangularCdf(0, 0.5, 2, x), 0, 2, 0.05);
        double p95 = quantile(x -> triangularCdf(0, 0.5, 2, x), 0, 2, 0.95);
        assertThat(likely.p5()).isCloseTo(p5, within(0.01 * p95));
        assertThat(likely.p95()).isCloseTo(p95, within(0.01 * p95));
    }

    @Test
    @DisplayName("a certain coefficient (low = central = high) is the same in every world: p5 = p95 = central")
    void certainCoefficient() {
        Range pue = Range.of(1.2);
        double[] ratios = PossibleWorlds.ratios(3, "pue:x", pue);
        assertThat(ratios).containsOnly(1.0);
        LikelyRange likely = PossibleWorlds.likely(values(pue, ratios), 0, 1, pue.low(), pue.high());
        assertThat(likely.p5()).isEqualTo(1.2);
        assertThat(likely.p95()).isEqualTo(1.2);
    }

    @Test
    @DisplayName(
            "a product of independent coefficients: low ≤ p5 < central-ish < p95 ≤ high, and narrower than the bounds")
    void productWithinBounds() {
        Range energy = new Range(0.1, 0.3, 3);
        Range pue = new Range(1.1, 1.2, 1.5);
        Range carbon = new Range(20, 56, 80);
        double[] re = PossibleWorlds.ratios(9, "energy:text", energy);
        double[] rp = PossibleWorlds.ratios(9, "pue:paris-1", pue);
        double[] rc = PossibleWorlds.ratios(9, "carbon:FR", carbon);
        double central = 0.3 * 1.2 * 56;
        double low = 0.1 * 1.1 * 20;
        double high = 3 * 1.5 * 80;
        double[] worlds = new double[N];
        for (int w = 0; w < N; w++) {
            worlds[w] = central * re[w] * rp[w] * rc[w];
            assertThat(worlds[w]).isBetween(low * (1 - 1e-12), high * (1 + 1e-12));
        }
        LikelyRange likely = PossibleWorlds.likely(worlds, 0, 1, low, high);
        assertThat(likely.p5()).isGreaterThanOrEqualTo(low).isLessThan(central);
        assertThat(likely.p95()).isGreaterThan(central).isLessThanOrEqualTo(high);
        // independent draws: the product's p5 is well above the corner of all lows
        assertThat(likely.p5()).isGreaterThan(2 * low);
    }

    @Test
    @DisplayName(
            "a likely range scales with the quantity and is left out of sums and products; it must lie within the bounds")
    void rangeCarriesItsLikelyRange() {
        Range r = new Range(1, 2, 10, new LikelyRange(1.5, 6));
        assertThat(r.times(3).likely()).isEqualTo(new LikelyRange(4.5, 18));
        assertThat(r.plus(r).likely()).isNull();
        assertThat(r.times(r).likely()).isNull();
        assertThatThrownBy(() -> new Range(1, 2, 10, new LikelyRange(0.5, 6)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Range(1, 2, 10, new LikelyRange(1.5, 11)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName(
            "the likely range selects the order statistics it needs: bit for bit the percentiles of the sorted worlds, ties and zeros of both signs included")
    void likelyEqualsTheSortedPercentiles() {
        java.util.Random random = new java.util.Random(16);
        int n = PossibleWorlds.COUNT;
        for (int trial = 0; trial < 20_000; trial++) {
            int offset = random.nextInt(3) * n;
            double[] worlds = new double[offset + n + random.nextInt(2) * n];
            for (int i = 0; i < worlds.length; i++) {
                worlds[i] = switch (random.nextInt(trial % 2 == 0 ? 4 : 12)) {
                    case 0 -> random.nextInt(5); // many ties
                    case 1 -> random.nextBoolean() ? 0.0 : -0.0;
                    case 2 -> -random.nextDouble();
                    default -> random.nextGaussian() * 1e6;
                };
            }
            double scale = trial % 3 == 0 ? 1 : random.nextDouble() * 10;
            LikelyRange range = PossibleWorlds.likely(worlds, offset, scale, -Double.MAX_VALUE, Double.MAX_VALUE);
            double p5 = scale * PossibleWorlds.percentile(worlds, offset, n, 0.05);
            double p95 = scale * PossibleWorlds.percentile(worlds, offset, n, 0.95);
            assertThat(Double.doubleToLongBits(range.p5()))
                    .as("p5 of trial " + trial + ": " + range.p5() + " vs " + p5)
                    .isEqualTo(Double.doubleToLongBits(Math.min(Double.MAX_VALUE, Math.max(-Double.MAX_VALUE, p5))));
            assertThat(Double.doubleToLongBits(range.p95()))
                    .as("p95 of trial " + trial + ": " + range.p95() + " vs " + p95)
                    .isEqualTo(Double.doubleToLongBits(Math.min(Double.MAX_VALUE, Math.max(-Double.MAX_VALUE, p95))));
        }
        // every k, from both ends
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = (i * 37) % n;
        }
        for (int k = 0; k < n; k++) {
            assertThat(PossibleWorlds.orderStatistics(values, 0, k)).containsExactly(k, Math.min(n - 1, k + 1));
        }
    }
}
