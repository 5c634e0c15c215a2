package org.rebound.benchmarks.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples of every row over the repetitions, rows in the order first measured; a ratio is to
 * the reference of the same repetition.
 */
public final class Samples {

    private static final class Series {
        final String what;
        final String unit;
        final List<Double> values = new ArrayList<>();
        final List<Double> ratios = new ArrayList<>();

        Series(String what, String unit) {
            this.what = what;
            this.unit = unit;
        }

        BenchRow row() {
            double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
            Double ratio = ratios.isEmpty()
                    ? null
                    : median(ratios.stream().mapToDouble(Double::doubleValue).toArray());
            return new BenchRow(
                    what,
                    median(v),
                    unit,
                    ratio,
                    Arrays.stream(v).min().orElse(Double.NaN),
                    Arrays.stream(v).max().orElse(Double.NaN),
                    v.length,
                    List.copyOf(values),
                    List.copyOf(ratios));
        }
    }

    private final Map<String, Series> series = new LinkedHashMap<>();

    /** One sample of the row {@code what}; {@code ratio} null when the figure has none. */
    public void add(String what, double value, String unit, Double ratio) {
        Series row = series.computeIfAbsent(what, w -> new Series(w, unit));
        row.values.add(value);
        if (ratio != null) {
            row.ratios.add(ratio);
        }
    }

    /** A row per figure, its value the median of its samples, in the order first measured. */
    public List<BenchRow> rows() {
        return series.values().stream().map(Series::row).toList();
    }

    /** The median; of an even number of samples, the mean of the middle two; NaN without samples. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Nearest-rank percentile; NaN without samples. */
    public static double percentile(double[] values, double fraction) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
