package org.rebound.domain.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.domain.scenario.Cooling;
import org.rebound.domain.scenario.Weather;

/** The outdoor temperature over simulated time, and the cooling's excess over its threshold. */
@DisplayName("climate: temperature over time and the cooling's excess")
class ClimateTest {

    /** January 0 °C, February 10 °C, …, December 110 °C: easy to read back. */
    private static final double[] STEPS = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110};

    private static final Weather FLAT_DAY = new Weather(STEPS, 0, 0);
    private static final Weather SWING = new Weather(STEPS, 6, 0);

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    @DisplayName("the middle of a month has the month's mean; halfway between two middles, halfway between the means")
    void monthlyInterpolation() {
        // January's middle: 16 January 12:00 (31 days / 2); February's: 15 February 00:00 (28 / 2)
        assertThat(Climate.temperatureC(FLAT_DAY, 0, at("2025-01-16T12:00:00Z")))
                .isCloseTo(0, within(1e-9));
        assertThat(Climate.temperatureC(FLAT_DAY, 0, at("2025-02-15T00:00:00Z")))
                .isCloseTo(10, within(1e-9));
        // 29.5 days between them; 14.75 days after January's middle: 31 January 06:00
        assertThat(Climate.temperatureC(FLAT_DAY, 0, at("2025-01-31T06:00:00Z")))
                .isCloseTo(5, within(1e-9));
    }

    @Test
    @DisplayName("December and January join across the new year, from either side")
    void newYear() {
        // December's middle 16 Dec 12:00, January's 16 Jan 12:00: 31 days; 1 January 00:00 is 15.5 days on
        double expected = 110 + (0 - 110) * 15.5 / 31;
        assertThat(Climate.temperatureC(FLAT_DAY, 0, at("2026-01-01T00:00:00Z")))
                .isCloseTo(expected, within(1e-9));
        assertThat(Climate.temperatureC(FLAT_DAY, 0, at("2025-12-31T23:59:59.999Z")))
                .isCloseTo(expected, within(1e-4));
    }

    @Test
    @DisplayName("the day swings by the amplitude: warmest at 15:00 local time, coolest at 03:00, in the region's time")
    void dailySwing() {
        double mean = Climate.temperatureC(FLAT_DAY, 0, at("2025-07-16T12:00:00Z"));
        // UTC-6 (Texas in winter time): 15:00 local is 21:00 UTC
        assertThat(Climate.temperatureC(SWING, -6, at("2025-07-16T21:00:00Z"))
                        - Climate.temperatureC(FLAT_DAY, -6, at("2025-07-16T21:00:00Z")))
                .isCloseTo(6, within(1e-9));
        assertThat(Climate.temperatureC(SWING, -6, at("2025-07-17T09:00:00Z"))
                        - Climate.temperatureC(FLAT_DAY, -6, at("2025-07-17T09:00:00Z")))
                .isCloseTo(-6, within(1e-9));
        assertThat(mean).isCloseTo(60, within(1e-9));
    }

    @Test
    @DisplayName("the anomaly is added to every hour")
    void anomaly() {
        Weather heatwave = new Weather(STEPS, 6, 4);
        for (String instant : new String[] {"2025-07-16T03:00:00Z", "2025-07-16T15:30:00Z", "2025-12-31T23:00:00Z"}) {
            assertThat(Climate.temperatureC(heatwave, 1, at(instant)) - Climate.temperatureC(SWING, 1, at(instant)))
                    .isCloseTo(4, within(1e-9));
        }
    }

    @Test
    @DisplayName(
            "over a day the swing averages out; the excess over a threshold is averaged hour by hour, not taken of the mean")
    void overADay() {
        Weather july = new Weather(new double[] {28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28}, 6, 0);
        Climate.Tick day = Climate.over(july, new Cooling(30, 0.004, 0.02), 0, at("2025-07-16T00:00:00Z"), 86_400_000L);
        assertThat(day.meanC()).isCloseTo(28, within(1e-9));
        // hourly samples of 28 + 6 cos(2π(h − 15)/24) above 30: their mean, by hand
        double excess = 0;
        for (int h = 0; h < 24; h++) {
            excess += Math.max(0, 28 + 6 * Math.cos(2 * Math.PI * (h + 0.5 - 15) / 24) - 30);
        }
        assertThat(day.excessC()).isCloseTo(excess / 24, within(1e-9)).isGreaterThan(0.5);
        // the same day without a swing never goes above 30
        Weather still = new Weather(july.monthlyMeanC(), 0, 0);
        assertThat(Climate.over(still, new Cooling(30, 0.004, 0.02), 0, at("2025-07-16T00:00:00Z"), 86_400_000L)
                        .excessC())
                .isZero();
    }

    @Test
    @DisplayName("a tick shorter than an hour is sampled at its middle; without cooling there is no excess")
    void shortTick() {
        long start = at("2025-07-16T14:00:00Z");
        Climate.Tick quarter = Climate.over(SWING, null, 0, start, 900_000L);
        assertThat(quarter.meanC()).isCloseTo(Climate.temperatureC(SWING, 0, start + 450_000L), within(1e-12));
        assertThat(quarter.excessC()).isZero();
    }
}
