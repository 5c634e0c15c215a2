package org.rebound.domain.scenario;

import java.util.Arrays;
import java.util.Map;

/**
 * Named daily and weekly shapes. Each is normalised to mean 1.0, so a profile moves load or
 * carbon within the day (or week) without changing the daily total or the annual mean. The
 * shapes are modelling choices, not measurements (docs/scenarios.md says so).
 */
public final class Profiles {

    /** 24 multipliers of the carbon intensity by local hour. */
    public static final Map<String, double[]> GRID_DAILY = Map.of(
            "flat", flat(24),
            // "duck curve": lowest 11-17 h (solar), highest around 21 h (impact-data.md §4 describes the
            // shape from EIA hourly data; this cosine-plus-midday-dip is a modelling choice).
            "solar",
                    normalise(hours(h -> 1
                            + 0.25 * Math.cos(2 * Math.PI * (h - 21) / 24)
                            - 0.45 * Math.exp(-Math.pow((h - 14) / 3.0, 2)))));

    /** 24 multipliers of demand by local hour. */
    public static final Map<String, double[]> DEMAND_DAILY = Map.of(
            "flat", flat(24),
            // working hours: a plateau 9-18 h, a quiet night
            "office", normalise(hours(h -> 0.25 + Math.exp(-Math.pow((h - 13.5) / 4.0, 4)))),
            // leisure use: low by day, a peak around 21 h
            "evening",
                    normalise(hours(h -> 0.35
                            + 0.4 * Math.exp(-Math.pow((h - 13) / 4.0, 2))
                            + Math.exp(-Math.pow((h - 21) / 2.5, 2)))));

    /** 7 multipliers of demand by local day, Monday first. */
    public static final Map<String, double[]> DEMAND_WEEKLY = Map.of(
            "flat", flat(7),
            "weekdays", normalise(new double[] {1.15, 1.15, 1.15, 1.15, 1.1, 0.65, 0.6}));

    private Profiles() {}

    static double[] flat(int n) {
        double[] values = new double[n];
        Arrays.fill(values, 1.0);
        return values;
    }

    static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    private static double[] hours(java.util.function.IntToDoubleFunction shape) {
        double[] values = new double[24];
        for (int h = 0; h < 24; h++) {
            values[h] = shape.applyAsDouble(h);
        }
        return values;
    }

    private static double[] normalise(double[] values) {
        double mean = mean(values);
        return Arrays.stream(values).map(v -> v / mean).toArray();
    }
}
