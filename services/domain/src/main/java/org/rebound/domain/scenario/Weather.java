package org.rebound.domain.scenario;

import java.util.Arrays;

/**
 * A region's outdoor temperature (docs/impact-model.md, "Weather and cooling"): twelve monthly
 * means, interpolated linearly between mid-months, plus a daily swing (a cosine, warmest at 15:00
 * local time, coolest at 03:00) and an anomaly added to every hour (a heatwave, a cold spell).
 *
 * @param monthlyMeanC    mean air temperature of each month, January first, °C
 * @param dailyAmplitudeC half the mean daily range: the afternoon is mean + amplitude, the night
 *                        mean − amplitude, °C (≥ 0)
 * @param anomalyC        added to every hour, °C (0: the normals)
 */
public record Weather(double[] monthlyMeanC, double dailyAmplitudeC, double anomalyC) {

    public Weather {
        if (monthlyMeanC.length != 12) {
            throw new IllegalArgumentException("expected 12 monthly means, found " + monthlyMeanC.length);
        }
        monthlyMeanC = monthlyMeanC.clone();
    }

    /** The mean of one month, January = 1, °C. */
    public double monthlyMeanC(int month) {
        return monthlyMeanC[month - 1];
    }

    @Override
    public double[] monthlyMeanC() {
        return monthlyMeanC.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Weather w
                && Arrays.equals(monthlyMeanC, w.monthlyMeanC)
                && dailyAmplitudeC == w.dailyAmplitudeC
                && anomalyC == w.anomalyC;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(monthlyMeanC) * 31 + Double.hashCode(dailyAmplitudeC) * 17 + Double.hashCode(anomalyC);
    }

    @Override
    public String toString() {
        return "Weather[monthlyMeanC=" + Arrays.toString(monthlyMeanC) + ", dailyAmplitudeC=" + dailyAmplitudeC
                + ", anomalyC=" + anomalyC + "]";
    }
}
