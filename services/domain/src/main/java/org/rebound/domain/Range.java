package org.rebound.domain;

/**
 * A quantity with its uncertainty: low, central and high estimates. A scenario that gives one
 * number gives low = central = high. Every impact grows with every coefficient, so combining
 * lows with lows and highs with highs is interval arithmetic (as EcoLogits propagates min/max).
 */
public record Range(double low, double central, double high) {

    public static final Range ZERO = new Range(0, 0, 0);

    public Range {
        if (!(low <= central && central <= high)) {
            throw new IllegalArgumentException("expected low <= central <= high, found " + low + ", " + central + ", " + high);
        }
    }

    public static Range of(double value) {
        return new Range(value, value, value);
    }

    public Range times(Range other) {
        return new Range(low * other.low, central * other.central, high * other.high);
    }

    public Range times(double factor) {
        return new Range(low * factor, central * factor, high * factor);
    }

    public Range plus(Range other) {
        return new Range(low + other.low, central + other.central, high + other.high);
    }
}
