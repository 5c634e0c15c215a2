package org.rebound.domain.demand;

import java.util.List;
import org.rebound.domain.scenario.DataCentre;
import org.rebound.domain.scenario.Kind;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.Workload;

/**
 * Expected requests per tick (scenario-format.md, "Meaning that tests rely on"):
 * requests_per_day × tick / 1 day × share_d × mix_k × daily(local hour) × weekly(local day) ×
 * growth(t) × energy_factor_k^(−elasticity). For ticks longer than an hour the profiles are
 * averaged over the tick (their product, hour by hour); growth is taken at the tick's middle.
 * One instance values one state of the scenario (a timeline change makes a new one).
 */
public final class Demand {

    private static final long HOUR_MS = 3_600_000L;
    private static final long DAY_MS = 24 * HOUR_MS;
    private static final long WEEK_MS = 7 * DAY_MS;
    /** 1970-01-01 was a Thursday: index 3 when Monday is 0. */
    private static final int EPOCH_DAY_OF_WEEK = 3;

    private final Scenario scenario;
    private final double meanDaily;
    private final double meanWeekly;

    public Demand(Scenario scenario) {
        this.scenario = scenario;
        this.meanDaily = mean(scenario.workload().dailyProfile());
        this.meanWeekly = mean(scenario.workload().weeklyProfile());
    }

    /** Expected requests of {@code kind} at {@code dc} during [startMs, startMs + lengthMs). */
    public double expected(DataCentre dc, Kind kind, long startMs, long lengthMs) {
        double[] one = new double[1];
        expectedAll(List.of(dc), new Kind[] {kind}, startMs, lengthMs, one);
        return one[0];
    }

    /**
     * {@link #expected} for every data centre × kind cell of one tick, into
     * {@code out[d * kinds.length + k]}, with what does not depend on the cell (growth,
     * elasticity, mix, each data centre's profile) computed once per tick: the generator's call.
     */
    public void expectedAll(List<DataCentre> datacentres, Kind[] kinds, long startMs, long lengthMs, double[] out) {
        Workload workload = scenario.workload();
        double growth = workload.growth()
                .multiplier(startMs + lengthMs / 2, scenario.clock().start().toEpochMilli(), workload.requestsPerDay());
        double[] mix = new double[kinds.length];
        double[] elasticity = new double[kinds.length];
        for (int k = 0; k < kinds.length; k++) {
            mix[k] = workload.mix().getOrDefault(kinds[k].name(), 0.0);
            elasticity[k] = workload.elasticity() == 0 ? 1 : Math.pow(kinds[k].energyFactor(), -workload.elasticity());
        }
        for (int d = 0; d < datacentres.size(); d++) {
            DataCentre dc = datacentres.get(d);
            double share = workload.requestsPerDay() * dc.share();
            double profile = profileMean(scenario.regionOf(dc).utcOffsetHours(), startMs, lengthMs);
            for (int k = 0; k < kinds.length; k++) {
                double perDay = share * mix[k];
                out[d * kinds.length + k] = perDay * lengthMs / DAY_MS * profile * growth * elasticity[k];
            }
        }
    }

    /** Time-average of daily(local hour) × weekly(local day) over the interval. */
    double profileMean(double utcOffsetHours, long startMs, long lengthMs) {
        double[] daily = scenario.workload().dailyProfile();
        double[] weekly = scenario.workload().weeklyProfile();
        long from = startMs + Math.round(utcOffsetHours * HOUR_MS);
        long to = from + lengthMs;
        long wholeWeeks = lengthMs / WEEK_MS;
        // Over whole weeks each profile repeats whole, so the product averages to the product of means.
        double weighted = wholeWeeks * WEEK_MS * meanDaily * meanWeekly;
        from += wholeWeeks * WEEK_MS;
        while (from < to) {
            long hour = Math.floorDiv(from, HOUR_MS);
            long segmentEnd = Math.min((hour + 1) * HOUR_MS, to);
            int dayOfWeek = (int) Math.floorMod(Math.floorDiv(from, DAY_MS) + EPOCH_DAY_OF_WEEK, 7L);
            weighted += (segmentEnd - from) * daily[(int) Math.floorMod(hour, 24L)] * weekly[dayOfWeek];
            from = segmentEnd;
        }
        return weighted / lengthMs;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
