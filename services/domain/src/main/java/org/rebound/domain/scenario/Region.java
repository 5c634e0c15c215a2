package org.rebound.domain.scenario;

import org.rebound.domain.Range;

/**
 * The electricity of a region. {@code dailyProfile} has 24 multipliers of the carbon intensity
 * by local hour, mean 1.0 ("flat" is all ones); {@code weather} its outdoor temperature, or null.
 */
public record Region(
        String code,
        Range carbonGPerKwh,
        Range waterLPerKwh,
        double[] dailyProfile,
        double utcOffsetHours,
        double carbonChangePerYear,
        Weather weather) {

    /** A region without weather. */
    public Region(
            String code,
            Range carbonGPerKwh,
            Range waterLPerKwh,
            double[] dailyProfile,
            double utcOffsetHours,
            double carbonChangePerYear) {
        this(code, carbonGPerKwh, waterLPerKwh, dailyProfile, utcOffsetHours, carbonChangePerYear, null);
    }
}
