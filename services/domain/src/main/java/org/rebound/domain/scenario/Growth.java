package org.rebound.domain.scenario;

import java.time.Instant;
import org.rebound.domain.impact.GridClock;

/**
 * How demand grows over simulated time, as a multiplier of {@code requests_per_day} (1 at the
 * scenario start):
 * <ul>
 *   <li>{@code none}: 1;</li>
 *   <li>{@code exponential}: (1 + rate_per_year)^years;</li>
 *   <li>{@code logistic}: an S-curve from requests_per_day at the start to ceiling_per_day, steepest
 *       at {@code midpoint}, with steepness rate_per_year: D(t) = D0 + (C − D0)·(S(t) − S0)/(1 − S0),
 *       S(t) = 1 / (1 + e^(−rate·years(t − midpoint))).</li>
 * </ul>
 * Years are 365.25 days.
 */
public record Growth(Model model, double ratePerYear, double ceilingPerDay, Instant midpoint) {

    public enum Model {
        NONE,
        EXPONENTIAL,
        LOGISTIC
    }

    public static final Growth NONE = new Growth(Model.NONE, 0, 0, null);

    /** The demand multiplier at {@code tMs}, for a run starting at {@code startMs} with {@code requestsPerDay} then. */
    public double multiplier(long tMs, long startMs, double requestsPerDay) {
        double years = (tMs - startMs) / GridClock.YEAR_MS;
        return switch (model) {
            case NONE -> 1;
            case EXPONENTIAL -> Math.pow(1 + ratePerYear, years);
            case LOGISTIC -> {
                double s0 = sigmoid(startMs);
                double st = sigmoid(tMs);
                double demand = requestsPerDay + (ceilingPerDay - requestsPerDay) * (st - s0) / (1 - s0);
                yield demand / requestsPerDay;
            }
        };
    }

    private double sigmoid(long tMs) {
        return 1 / (1 + Math.exp(-ratePerYear * (tMs - midpoint.toEpochMilli()) / GridClock.YEAR_MS));
    }
}
