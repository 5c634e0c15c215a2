package org.rebound.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rebound.domain.impact.GridClock;
import org.rebound.report.results.PowerSeries;

/**
 * The summary's power series (docs/topics.md, "Telemetry"; README, the summary's {@code power}):
 * every data centre's telemetry windows summed into buckets, a UTC hour when the simulated span is
 * 7 days or less, a UTC day otherwise (365 points a year instead of 8,760: what a chart can show).
 *
 * <p>A window counts whole in the bucket of its start, as a tick counts whole in its window. A
 * bucket's hours are those of the windows starting in it (each window once: every data centre has
 * the same windows, the clock's); a data centre's power in it is its energy there divided by them,
 * so the mean is exact, energy-weighted, and power × hours gives back the energy. A data centre
 * without a window in a bucket had no request there and no fleet: zero. Utilisation, for a fleet,
 * is weighted by the server-hours in service (as in a window), rounded to 0.001.
 */
final class PowerBuckets {

    /** The longest simulated span with hourly points (168 of them). */
    static final Duration HOURLY_UP_TO = Duration.ofDays(7);

    private PowerBuckets() {}

    /**
     * @param telemetry each data centre's windows (any order)
     * @return null when there is no window (no telemetry, or a run without requests)
     */
    static PowerSeries of(Map<String, List<TelemetryWindow>> telemetry, Instant start, Instant end) {
        boolean hourly = Duration.between(start, end).compareTo(HOURLY_UP_TO) <= 0;
        long bucketMs = hourly ? GridClock.HOUR_MS : GridClock.DAY_MS;
        // bucket start -> (window start -> window end): the run's windows, each once
        TreeMap<Long, TreeMap<Long, Long>> buckets = new TreeMap<>();
        telemetry
                .values()
                .forEach(windows -> windows.forEach(w -> buckets.computeIfAbsent(
                                Math.floorDiv(w.startMs(), bucketMs) * bucketMs, b -> new TreeMap<>())
                        .merge(w.startMs(), w.endMs(), Math::max)));
        if (buckets.isEmpty()) {
            return null;
        }
        Map<Long, Integer> index = new HashMap<>();
        List<String> starts = new ArrayList<>(buckets.size());
        List<Double> hours = new ArrayList<>(buckets.size());
        buckets.forEach((bucket, windows) -> {
            index.put(bucket, starts.size());
            starts.add(Instant.ofEpochMilli(bucket).toString());
            long ms = 0;
            for (Map.Entry<Long, Long> w : windows.entrySet()) {
                ms += w.getValue() - w.getKey();
            }
            hours.add(ms / (double) GridClock.HOUR_MS);
        });
        int n = starts.size();
        Map<String, PowerSeries.Datacentre> byDatacentre = new TreeMap<>();
        telemetry.forEach((dc, windows) -> {
            double[] facilityKwh = new double[n];
            double[] itKwh = new double[n];
            double[] servedServerHours = new double[n];
            double[] capacityServerHours = new double[n];
            boolean[] fleet = new boolean[n];
            boolean anyFleet = false;
            // in time order, so that each bucket's sums are added in one order whatever the input's
            List<TelemetryWindow> inOrder = new ArrayList<>(windows);
            inOrder.sort(java.util.Comparator.comparingLong(TelemetryWindow::startMs));
            for (TelemetryWindow w : inOrder) {
                int i = index.get(Math.floorDiv(w.startMs(), bucketMs) * bucketMs);
                facilityKwh[i] += w.facilityEnergyKwh();
                itKwh[i] += w.itEnergyKwh();
                if (w.hasFleet()) {
                    anyFleet = true;
                    fleet[i] = true;
                    double capacity = w.capacityServerHours() == null ? 0 : w.capacityServerHours();
                    servedServerHours[i] += w.utilisation() * capacity;
                    capacityServerHours[i] += capacity;
                }
            }
            List<Double> facility = new ArrayList<>(n);
            List<Double> it = new ArrayList<>(n);
            List<Double> utilisation = anyFleet ? new ArrayList<>(n) : null;
            for (int i = 0; i < n; i++) {
                double h = hours.get(i);
                facility.add(h > 0 ? facilityKwh[i] / h : 0);
                it.add(h > 0 ? itKwh[i] / h : 0);
                if (utilisation != null) {
                    utilisation.add(
                            !fleet[i]
                                    ? null
                                    : capacityServerHours[i] > 0
                                            ? round(servedServerHours[i] / capacityServerHours[i])
                                            : 0.0);
                }
            }
            byDatacentre.put(dc, new PowerSeries.Datacentre(facility, it, utilisation));
        });
        return new PowerSeries(hourly ? PowerSeries.HOUR : PowerSeries.DAY, starts, hours, byDatacentre);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
