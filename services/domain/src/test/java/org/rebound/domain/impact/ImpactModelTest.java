package org.rebound.domain.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.domain.Range;

@DisplayName("impact model")
class ImpactModelTest {

    private static final Range ONE = Range.of(1);

    @Test
    @DisplayName("follows the boundaries: IT, facility = IT × PUE, CO2e and water from their intensities")
    void boundaries() {
        // 1,000 text answers at 0.3 Wh, PUE 1.2, WUE 0.5 L/kWh, embodied 90 g/kWh, grid 56 g/kWh and 3.67 L/kWh
        Impacts i = ImpactModel.impacts(
                1_000, Range.of(0.3), 1.0, Range.of(1.2), Range.of(0.5), Range.of(90), Range.of(56), Range.of(3.67));
        assertThat(i.itEnergyKwh().central()).isCloseTo(0.3, within(1e-12));
        assertThat(i.facilityEnergyKwh().central()).isCloseTo(0.36, within(1e-12));
        assertThat(i.operationalCo2eKg().central()).isCloseTo(0.36 * 0.056, within(1e-12));
        assertThat(i.embodiedCo2eKg().central()).isCloseTo(0.3 * 0.090, within(1e-12));
        assertThat(i.co2eKg().central()).isCloseTo(0.36 * 0.056 + 0.3 * 0.090, within(1e-12));
        assertThat(i.onsiteWaterL().central()).isCloseTo(0.15, within(1e-12));
        assertThat(i.offsiteWaterL().central()).isCloseTo(0.36 * 3.67, within(1e-12));
        assertThat(i.waterL().central()).isCloseTo(0.15 + 0.36 * 3.67, within(1e-12));
    }

    @Test
    @DisplayName("reproduces the seed module's water figure: 4 Wh per request ≈ 16.9 mL (impact-data §6)")
    void seedWaterCalibration() {
        // impact-data.md §6 (D): 4 Wh × (0.55 + 1.17 × 3.142 L/kWh) = 16.9 mL per request
        Impacts i = ImpactModel.impacts(
                1, Range.of(4), 1.0, Range.of(1.17), Range.of(0.55), Range.of(0), Range.of(0), Range.of(3.142));
        assertThat(i.waterL().central() * 1000).isCloseTo(16.9, within(0.05));
    }

    @Test
    @DisplayName("carries low, central and high through every impact (interval arithmetic)")
    void ranges() {
        Impacts i = ImpactModel.impacts(
                10,
                new Range(0.04, 0.25, 4),
                1.0,
                new Range(1.08, 1.1, 1.2),
                new Range(0.09, 0.55, 1.8),
                new Range(45, 90, 180),
                new Range(322, 380, 411),
                Range.of(3.13));
        assertThat(i.facilityEnergyKwh().low()).isCloseTo(10 * 0.04 / 1000 * 1.08, within(1e-15));
        assertThat(i.facilityEnergyKwh().high()).isCloseTo(10 * 4.0 / 1000 * 1.2, within(1e-15));
        assertThat(i.co2eKg().low()).isLessThan(i.co2eKg().central());
        assertThat(i.co2eKg().central()).isLessThan(i.co2eKg().high());
    }

    @Test
    @DisplayName("is linear in the request count and in the energy factor")
    void linearity() {
        Impacts one = ImpactModel.impacts(7, Range.of(2), 1.0, ONE, ONE, ONE, ONE, ONE);
        Impacts doubled = ImpactModel.impacts(14, Range.of(2), 1.0, ONE, ONE, ONE, ONE, ONE);
        Impacts halved = ImpactModel.impacts(7, Range.of(2), 0.5, ONE, ONE, ONE, ONE, ONE);
        assertThat(doubled.waterL().central()).isCloseTo(2 * one.waterL().central(), within(1e-12));
        assertThat(halved.co2eKg().central()).isCloseTo(one.co2eKg().central() / 2, within(1e-12));
        assertThat(one.plus(one).co2eKg().central()).isCloseTo(doubled.co2eKg().central(), within(1e-12));
    }

    @Test
    @DisplayName("grid carbon: a flat profile and no trend leave the annual mean unchanged")
    void flatGrid() {
        double[] flat = new double[24];
        Arrays.fill(flat, 1.0);
        Instant t = Instant.parse("2025-06-01T13:00:00Z");
        assertThat(GridClock.carbonMultiplier(flat, 2, 0, t, t, 60_000)).isEqualTo(1.0);
    }

    @Test
    @DisplayName("grid carbon follows the local hour and averages over a tick")
    void hourlyProfile() {
        double[] profile = new double[24];
        Arrays.fill(profile, 1.0);
        profile[14] = 0.5; // 14:00-15:00 local
        Instant origin = Instant.parse("2025-01-01T00:00:00Z");
        // 12:30 UTC at UTC+2 is 14:30 local
        assertThat(GridClock.carbonMultiplier(profile, 2, 0, origin, Instant.parse("2025-01-01T12:30:00Z"), 60_000))
                .isEqualTo(0.5);
        // a 2-hour tick from 13:00 local: half at 1.0, half at 0.5
        assertThat(GridClock.carbonMultiplier(profile, 2, 0, origin, Instant.parse("2025-01-01T11:00:00Z"), 7_200_000))
                .isCloseTo(0.75, within(1e-12));
        // whole days average to the profile's mean
        double mean = (23 + 0.5) / 24;
        assertThat(GridClock.carbonMultiplier(
                        profile, 2, 0, origin, Instant.parse("2025-01-01T05:17:00Z"), 3 * 86_400_000L))
                .isCloseTo(mean, within(1e-12));
    }

    @Test
    @DisplayName("grid carbon trend compounds per simulated year")
    void trend() {
        double[] flat = new double[24];
        Arrays.fill(flat, 1.0);
        Instant origin = Instant.parse("2025-01-01T00:00:00Z");
        long twoYearsMs = (long) (2 * GridClock.YEAR_MS);
        double m = GridClock.carbonMultiplier(
                flat, 0, -0.05, origin.toEpochMilli(), origin.toEpochMilli() + twoYearsMs, 1);
        assertThat(m).isCloseTo(0.95 * 0.95, within(1e-9));
    }

    @Test
    @DisplayName("both forms are the model's interval arithmetic bit for bit (lows with lows, highs with highs), the"
            + " flat one in Impacts' order where it is told")
    void flatAsRanges() {
        java.util.Random random = new java.util.Random(20261206);
        for (int trial = 0; trial < 20_000; trial++) {
            long requests = random.nextInt(4) == 0 ? 0 : (long) Math.abs(random.nextGaussian() * 1e6);
            Range[] c = new Range[6]; // energy per request, PUE, WUE, embodied, carbon, water
            for (int i = 0; i < c.length; i++) {
                double central = Math.abs(random.nextGaussian()) * Math.pow(10, random.nextInt(8) - 4);
                double low = random.nextInt(3) == 0 ? central : central * random.nextDouble();
                double high = random.nextInt(3) == 0 ? central : central * (1 + 3 * random.nextDouble());
                c[i] = new Range(low, central, high);
            }
            double factor = random.nextDouble() * 2;
            // the model written out with Range's operations (PRODUCT.md §3), as ImpactModel computed it before its flat
            // form
            Range it = c[0].times(requests * factor / 1000);
            Range facility = it.times(c[1]);
            Range operational = facility.times(c[4]).times(1 / 1000.0);
            Range embodied = it.times(c[3]).times(1 / 1000.0);
            Range onsite = it.times(c[2]);
            Range offsite = facility.times(c[5]);
            Range[] expected = {
                it, facility, operational, embodied, operational.plus(embodied), onsite, offsite, onsite.plus(offsite)
            };
            Impacts ranges = ImpactModel.impacts(requests, c[0], factor, c[1], c[2], c[3], c[4], c[5]);
            double[] flat = new double[ImpactModel.FLAT + 5];
            ImpactModel.impacts(flat, 5, requests, c[0], factor, c[1], c[2], c[3], c[4], c[5]);
            Range[] quantities = {
                ranges.itEnergyKwh(),
                ranges.facilityEnergyKwh(),
                ranges.operationalCo2eKg(),
                ranges.embodiedCo2eKg(),
                ranges.co2eKg(),
                ranges.onsiteWaterL(),
                ranges.offsiteWaterL(),
                ranges.waterL()
            };
            for (int q = 0; q < expected.length; q++) {
                assertThat(quantities[q]).isEqualTo(expected[q]);
                assertThat(flat[5 + 3 * q]).isEqualTo(expected[q].low());
                assertThat(flat[5 + 3 * q + 1]).isEqualTo(expected[q].central());
                assertThat(flat[5 + 3 * q + 2]).isEqualTo(expected[q].high());
            }
            assertThat(Arrays.copyOf(flat, 5)).containsOnly(0.0);
        }
    }
}
