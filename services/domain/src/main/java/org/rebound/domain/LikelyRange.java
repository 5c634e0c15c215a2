package org.rebound.domain;

/**
 * The likely range of a quantity: its 5th and 95th percentiles over the run's possible worlds
 * ({@link org.rebound.domain.impact.PossibleWorlds}), within its low–high bounds.
 */
public record LikelyRange(double p5, double p95) {

    public LikelyRange {
        if (!(p5 <= p95)) {
            throw new IllegalArgumentException("expected p5 <= p95, found " + p5 + ", " + p95);
        }
    }

    /** Both ends scaled by a positive factor (a percentile of a quantity scales with it). */
    public LikelyRange times(double factor) {
        return new LikelyRange(p5 * factor, p95 * factor);
    }
}
