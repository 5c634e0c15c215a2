package org.rebound.cli;

import java.util.List;
import java.util.Map;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Totals;

/**
 * A run's aggregates as read back from the totals topics.
 *
 * @param overall  overall totals (null if the aggregator produced none)
 * @param training the training campaign's impacts (null if the scenario has none)
 * @param daily    totals of each simulated day, in time order
 * @param periods  the period table, in time order
 * @param telemetry every data centre's telemetry windows, in time order (empty: none read)
 */
record Aggregates(
        Totals overall,
        Map<String, Totals> byDatacentre,
        Map<String, Totals> byKind,
        Map<String, Totals> byRegion,
        Totals training,
        List<Totals> daily,
        List<PeriodTotals> periods,
        Map<String, List<TelemetryWindow>> telemetry) {

    /** Without telemetry. */
    Aggregates(
            Totals overall,
            Map<String, Totals> byDatacentre,
            Map<String, Totals> byKind,
            Map<String, Totals> byRegion,
            Totals training,
            List<Totals> daily,
            List<PeriodTotals> periods) {
        this(overall, byDatacentre, byKind, byRegion, training, daily, periods, Map.of());
    }
}
