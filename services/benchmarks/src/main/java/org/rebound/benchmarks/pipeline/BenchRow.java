package org.rebound.benchmarks.pipeline;

import java.util.List;

/**
 * One line of the bench's table: the median of its samples, with their range; ratio null when the
 * figure has no counterpart in the reference.
 */
public record BenchRow(
        String what,
        double value,
        String unit,
        Double ratio,
        double min,
        double max,
        int samples,
        List<Double> values,
        List<Double> ratios) {

    /** A row of one sample. */
    public BenchRow(String what, double value, String unit, Double ratio) {
        this(what, value, unit, ratio, value, value, 1, List.of(value), ratio == null ? List.of() : List.of(ratio));
    }
}
