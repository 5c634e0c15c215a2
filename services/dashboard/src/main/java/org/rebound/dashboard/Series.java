package org.rebound.dashboard;

import java.util.List;
import org.rebound.avro.Totals;

/**
 * A member's running totals at successive simulated instants (epoch seconds; facility energy,
 * CO2e, water, central). Only the samples on either side of a point of the chart's grid matter
 * to it (the chart interpolates between them), so within one cell of the grid only the first and
 * the latest are kept: at most two a cell, whatever the speed, and the points already drawn never
 * move (a viewer is sent only the new ones).
 */
final class Series {
    final java.util.List<double[]> points = new java.util.ArrayList<>();

    void add(Totals t, StackGrid grid) {
        double[] point = {
            t.getLastEvent().toEpochMilli() / 1000.0,
            t.getImpacts().getFacilityEnergyKwh().getCentral(),
            t.getImpacts().getCo2eKg().getCentral(),
            t.getImpacts().getWaterL().getCentral()
        };
        int n = points.size();
        if (n > 0 && points.get(n - 1)[0] >= point[0]) {
            if (points.get(n - 1)[0] == point[0]) {
                points.set(n - 1, point);
            }
            return; // an older running total (never expected): the later one stands
        }
        if (grid != null
                && n >= 2
                && grid.cell(points.get(n - 1)[0]) == grid.cell(point[0])
                && grid.cell(points.get(n - 2)[0]) == grid.cell(point[0])) {
            points.set(n - 1, point); // the cell's first sample and this one are all its grid points need
            return;
        }
        points.add(point);
    }

    /**
     * The value (index 1..3) at each instant of {@code xs} (ascending), interpolated between this
     * member's own samples, from 0 at {@code origin} (the run's start: nothing counted yet; Kafka
     * Streams' cache merges updates, so members are sampled at different instants: holding the
     * last value would draw false flat stretches); the last value after the last one.
     */
    double[] at(List<Double> xs, int quantity, double origin) {
        double[] values = new double[xs.size()];
        double beforeX = origin;
        double beforeV = 0;
        int next = 0;
        for (int i = 0; i < xs.size(); i++) {
            double x = xs.get(i);
            while (next < points.size() && points.get(next)[0] < x) {
                beforeX = points.get(next)[0];
                beforeV = points.get(next)[quantity];
                next++;
            }
            if (next < points.size()) {
                double[] after = points.get(next);
                if (after[0] == x || x <= beforeX) {
                    values[i] = after[0] == x ? after[quantity] : beforeV;
                } else {
                    values[i] = beforeV + (x - beforeX) / (after[0] - beforeX) * (after[quantity] - beforeV);
                }
            } else {
                values[i] = next == 0 ? 0 : beforeV;
            }
        }
        return values;
    }
}
