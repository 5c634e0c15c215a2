package org.rebound.domain;

/**
 * A quantity with its uncertainty: low, central and high estimates. A scenario that gives one
 * number gives low = central = high. Every impact grows with every coefficient, so combining
 * lows with lows and highs with highs is interval arithmetic (as EcoLogits propagates min/max).
 *
 * <p>An aggregate read back from the topics may also carry its likely range (p5–p95 over the
 * possible worlds, {@code likely}); null where it is not known. Percentiles scale with a positive
 * factor, but do not add nor multiply: {@link #plus} and {@link #times(Range)} leave it out.
 */
public record Range(double low, double central, double high, LikelyRange likely) {

    public static final Range ZERO = new Range(0, 0, 0);

    public Range {
        if (!(low <= central && central <= high)) {
            throw new IllegalArgumentException(
                    "expected low <= central <= high, found " + low + ", " + central + ", " + high);
        }
        if (likely != null && !(low <= likely.p5() && likely.p95() <= high)) {
            throw new IllegalArgumentException("expected low <= p5 <= p95 <= high, found " + low + ", " + likely.p5()
                    + ", " + likely.p95() + ", " + high);
        }
    }

    /** Bounds and central value, likely range not known. */
    public Range(double low, double central, double high) {
        this(low, central, high, null);
    }

    public static Range of(double value) {
        return new Range(value, value, value);
    }

    public Range times(Range other) {
        return new Range(low * other.low, central * other.central, high * other.high);
    }

    /** Scaled by a factor ≥ 0 (the likely range with it). */
    public Range times(double factor) {
        return new Range(low * factor, central * factor, high * factor, likely == null ? null : likely.times(factor));
    }

    public Range plus(Range other) {
        return new Range(low + other.low, central + other.central, high + other.high);
    }
}
