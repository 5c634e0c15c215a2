package org.rebound.domain.impact;

import java.time.Instant;

/**
 * How a grid's carbon intensity varies over simulated time: a daily shape by local hour
 * (24 multipliers, mean 1) and a relative yearly trend since the scenario start.
 */
public final class GridClock {

    public static final long HOUR_MS = 3_600_000L;
    public static final long DAY_MS = 24 * HOUR_MS;
    /** A simulated year for trends: 365.25 days. */
    public static final double YEAR_MS = 365.25 * DAY_MS;

    private GridClock() {}

    /**
     * The multiplier of the annual-mean carbon intensity over the interval [start, start + lengthMs):
     * the time-average of the hourly profile over the interval, times the trend at its midpoint.
     */
    public static double carbonMultiplier(
            double[] dailyProfile,
            double utcOffsetHours,
            double changePerYear,
            long trendOriginMs,
            long startMs,
            long lengthMs) {
        double trend = changePerYear == 0
                ? 1
                : Math.pow(1 + changePerYear, (startMs + lengthMs / 2.0 - trendOriginMs) / YEAR_MS);
        return meanOverInterval(dailyProfile, utcOffsetHours, startMs, lengthMs) * trend;
    }

    public static double carbonMultiplier(
            double[] dailyProfile,
            double utcOffsetHours,
            double changePerYear,
            Instant trendOrigin,
            Instant start,
            long lengthMs) {
        return carbonMultiplier(
                dailyProfile,
                utcOffsetHours,
                changePerYear,
                trendOrigin.toEpochMilli(),
                start.toEpochMilli(),
                lengthMs);
    }

    /** Time-average of an hourly step profile (by local hour) over [start, start + lengthMs). */
    public static double meanOverInterval(double[] hourly, double utcOffsetHours, long startMs, long lengthMs) {
        if (lengthMs <= 0) {
            throw new IllegalArgumentException("interval length must be positive, found " + lengthMs + " ms");
        }
        long offsetMs = Math.round(utcOffsetHours * HOUR_MS);
        long from = startMs + offsetMs;
        long to = from + lengthMs;
        long wholeDays = lengthMs / DAY_MS;
        double weighted = wholeDays * DAY_MS * mean(hourly); // whole days contribute the profile's mean
        from += wholeDays * DAY_MS;
        while (from < to) {
            long hourEnd = Math.floorDiv(from, HOUR_MS) * HOUR_MS + HOUR_MS;
            long segmentEnd = Math.min(hourEnd, to);
            weighted += (segmentEnd - from) * hourly[(int) Math.floorMod(Math.floorDiv(from, HOUR_MS), 24L)];
            from = segmentEnd;
        }
        return weighted / lengthMs;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
