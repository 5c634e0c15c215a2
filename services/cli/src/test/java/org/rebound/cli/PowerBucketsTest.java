package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.report.results.PowerSeries;

/**
 * The summary's power series from telemetry windows, with expectations worked out by hand: energies
 * are multiples of 0.25 kWh, so every sum and quotient below is exact in binary and compared with
 * {@code isEqualTo}.
 */
@DisplayName("power series: telemetry windows into hourly or daily buckets")
class PowerBucketsTest {

    private static final long HOUR = 3_600_000L;

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    /** A window without a fleet: [start, start + hours), its central IT and facility energy. */
    private static TelemetryWindow window(String start, double hours, double itKwh, double facilityKwh) {
        long from = at(start).toEpochMilli();
        return new TelemetryWindow(
                from, from + Math.round(hours * HOUR), itKwh, facilityKwh, itKwh / hours, null, null, null, null);
    }

    /** A fleet's window: utilisation over capacity server-hours. */
    private static TelemetryWindow fleetWindow(String start, double facilityKwh, double utilisation, double capacity) {
        long from = at(start).toEpochMilli();
        return new TelemetryWindow(
                from, from + HOUR, facilityKwh / 1.25, facilityKwh, facilityKwh / 1.25, utilisation, capacity, 10L, 0L);
    }

    /** {@code count} hourly windows from {@code start}, each of {@code facilityKwh} (IT: 3/4 of it, exact in binary). */
    private static List<TelemetryWindow> hours(String start, int count, double facilityKwh) {
        List<TelemetryWindow> windows = new ArrayList<>();
        for (int h = 0; h < count; h++) {
            windows.add(window(at(start).plusMillis(h * HOUR).toString(), 1, facilityKwh * 0.75, facilityKwh));
        }
        return windows;
    }

    @Test
    @DisplayName("a day's mean is its windows' energy divided by the hours they cover, not a mean of hourly powers")
    void dailyMeanIsEnergyOverHours() {
        // 10.5 days: daily points. The run starts at noon: 1 January has 12 hours of windows.
        List<TelemetryWindow> a = new ArrayList<>(hours("2025-01-01T12:00:00Z", 12, 6.0));
        a.set(3, window("2025-01-01T15:00:00Z", 1, 13.5, 18.0)); // 11 × 6 + 18 = 84 kWh over 12 h = 7 kW
        a.addAll(hours("2025-01-02T00:00:00Z", 24, 3.0)); // 72 kWh over 24 h = 3 kW
        a.set(12 + 5, window("2025-01-02T05:00:00Z", 1, 20.25, 27.0)); // 23 × 3 + 27 = 96 kWh: 4 kW
        // b serves only two hours of 1 January (no request, no fleet: no window the other hours)
        List<TelemetryWindow> b =
                List.of(window("2025-01-01T13:00:00Z", 1, 9.0, 12.0), window("2025-01-01T20:00:00Z", 1, 9.0, 12.0));

        PowerSeries series =
                PowerBuckets.of(Map.of("a", a, "b", b), at("2025-01-01T12:00:00Z"), at("2025-01-12T00:00:00Z"));

        assertThat(series.bucket()).isEqualTo("day");
        assertThat(series.start()).containsExactly("2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z");
        assertThat(series.hours()).containsExactly(12.0, 24.0);
        assertThat(series.byDatacentre().get("a").facilityPowerKw()).containsExactly(7.0, 4.0);
        // IT: (11 × 4.5 + 13.5) / 12 = 5.25, (23 × 2.25 + 20.25) / 24 = 3
        assertThat(series.byDatacentre().get("a").itPowerKw()).containsExactly(5.25, 3.0);
        // b: 24 kWh over the day's 12 hours, 0 on a day it had no window
        assertThat(series.byDatacentre().get("b").facilityPowerKw()).containsExactly(2.0, 0.0);
        assertThat(series.byDatacentre().get("b").itPowerKw()).containsExactly(1.5, 0.0);
        assertThat(series.byDatacentre().get("a").utilisation()).isNull();
    }

    @Test
    @DisplayName("windows of unequal length weigh by their hours: 1 h at 10 kW and 3 h at 2 kW average 4 kW, not 6")
    void unequalWindowsWeighByHours() {
        // (windows of one run have one length, but the arithmetic must not assume it)
        List<TelemetryWindow> a = List.of(
                window("2025-03-01T00:00:00Z", 1, 7.5, 10.0), // 10 kWh in 1 h
                window("2025-03-01T01:00:00Z", 3, 4.5, 6.0)); // 6 kWh in 3 h
        PowerSeries series = PowerBuckets.of(Map.of("a", a), at("2025-03-01T00:00:00Z"), at("2025-03-31T00:00:00Z"));
        assertThat(series.hours()).containsExactly(4.0);
        assertThat(series.byDatacentre().get("a").facilityPowerKw()).containsExactly(4.0);
        assertThat(series.byDatacentre().get("a").itPowerKw()).containsExactly(3.0);
    }

    @Test
    @DisplayName("7 days or less: one point per hour, the window's own power; longer: one point per UTC day")
    void hourlyUpToSevenDays() {
        List<TelemetryWindow> a = hours("2025-03-01T00:00:00Z", 7 * 24, 2.5);
        PowerSeries week = PowerBuckets.of(Map.of("a", a), at("2025-03-01T00:00:00Z"), at("2025-03-08T00:00:00Z"));
        assertThat(week.bucket()).isEqualTo("hour");
        assertThat(week.size()).isEqualTo(168);
        assertThat(week.start().get(1)).isEqualTo("2025-03-01T01:00:00Z");
        assertThat(week.hours()).containsOnly(1.0);
        assertThat(week.byDatacentre().get("a").facilityPowerKw()).containsOnly(2.5);

        PowerSeries longer =
                PowerBuckets.of(Map.of("a", a), at("2025-03-01T00:00:00Z"), at("2025-03-08T00:00:00.001Z"));
        assertThat(longer.bucket()).isEqualTo("day");
        assertThat(longer.size()).isEqualTo(7);
        assertThat(longer.hours()).containsOnly(24.0);
        assertThat(longer.byDatacentre().get("a").facilityPowerKw()).containsOnly(2.5);
    }

    @Test
    @DisplayName("day-long ticks: one window a day, 24 hours each")
    void dayLongTicks() {
        List<TelemetryWindow> a =
                List.of(window("2025-01-01T00:00:00Z", 24, 36.0, 48.0), window("2025-01-02T00:00:00Z", 24, 72.0, 96.0));
        PowerSeries series = PowerBuckets.of(Map.of("a", a), at("2025-01-01T00:00:00Z"), at("2025-12-27T00:00:00Z"));
        assertThat(series.start()).containsExactly("2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z");
        assertThat(series.hours()).containsExactly(24.0, 24.0);
        assertThat(series.byDatacentre().get("a").facilityPowerKw()).containsExactly(2.0, 4.0);
    }

    @Test
    @DisplayName("a fleet's utilisation is weighted by its server-hours in service; null where it had no fleet")
    void utilisationWeightedByCapacity() {
        List<TelemetryWindow> a = new ArrayList<>();
        a.add(fleetWindow("2025-01-01T00:00:00Z", 10.0, 0.5, 10.0));
        a.add(fleetWindow("2025-01-01T01:00:00Z", 10.0, 1.0, 30.0)); // (5 + 30) / 40 = 0.875 (a mean of 0.75)
        a.add(window("2025-01-02T00:00:00Z", 1, 7.5, 10.0)); // the fleet removed by a change
        PowerSeries series = PowerBuckets.of(Map.of("a", a), at("2025-01-01T00:00:00Z"), at("2025-01-10T00:00:00Z"));
        assertThat(series.byDatacentre().get("a").utilisation()).containsExactly(0.875, null);
    }

    @Test
    @DisplayName("power × hours summed gives back each data centre's energy; the input's order changes nothing")
    void conservesEnergyWhateverTheOrder() {
        Random random = new Random(13);
        Map<String, List<TelemetryWindow>> telemetry = new LinkedHashMap<>();
        Map<String, Double> energy = new LinkedHashMap<>();
        for (String dc : List.of("a", "b", "c")) {
            List<TelemetryWindow> windows = new ArrayList<>();
            double sum = 0;
            for (int h = 0; h < 30 * 24; h++) {
                if (random.nextInt(10) == 0) {
                    continue; // an hour without request
                }
                double kwh = random.nextDouble() * 1000;
                sum += kwh;
                windows.add(
                        window(at("2025-01-01T00:00:00Z").plusMillis(h * HOUR).toString(), 1, kwh / 1.1, kwh));
            }
            telemetry.put(dc, windows);
            energy.put(dc, sum);
        }
        PowerSeries series = PowerBuckets.of(telemetry, at("2025-01-01T00:00:00Z"), at("2025-01-31T00:00:00Z"));
        assertThat(series.size()).isEqualTo(30);
        energy.forEach(
                (dc, kwh) -> assertThat(series.facilityEnergyKwh(dc)).as(dc).isCloseTo(kwh, within(kwh * 1e-12)));

        Map<String, List<TelemetryWindow>> shuffled = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(telemetry.keySet());
        Collections.reverse(names);
        for (String dc : names) {
            List<TelemetryWindow> windows = new ArrayList<>(telemetry.get(dc));
            Collections.shuffle(windows, random);
            shuffled.put(dc, windows);
        }
        assertThat(PowerBuckets.of(shuffled, at("2025-01-01T00:00:00Z"), at("2025-01-31T00:00:00Z")))
                .isEqualTo(series);
    }

    @Test
    @DisplayName("no window at all (no request, no fleet): no series")
    void noWindowNoSeries() {
        assertThat(PowerBuckets.of(Map.of(), at("2025-01-01T00:00:00Z"), at("2025-01-02T00:00:00Z")))
                .isNull();
        assertThat(PowerBuckets.of(Map.of("a", List.of()), at("2025-01-01T00:00:00Z"), at("2025-01-02T00:00:00Z")))
                .isNull();
    }
}
