package org.rebound.aggregator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rebound.avro.Decomposition;
import org.rebound.avro.Impacts;
import org.rebound.avro.PeriodCell;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Quantity;
import org.rebound.domain.impact.ChangeDecomposition;
import org.rebound.domain.impact.ReboundEffect;
import org.rebound.kafka.AvroMapping;
import org.rebound.kafka.Keys;

/**
 * Turns each period's running totals (keyed by run) into rows of the period table: per-day
 * figures, facility energy per request, the rebound effect against the run's in-stream
 * counterfactual (from the period's own sums) and the decomposition of the change since the
 * first period. Keeps the latest totals of every period of a run; when the first period changes,
 * every row of the run is re-emitted, since their decomposition depends on it.
 */
final class PeriodTable implements Processor<String, PeriodTotals, String, PeriodTotals> {

    static final String STORE = "period-table";
    private static final double DAY_MS = Duration.ofDays(1).toMillis();

    private ProcessorContext<String, PeriodTotals> context;
    private KeyValueStore<String, PeriodTotals> periods;

    @Override
    public void init(ProcessorContext<String, PeriodTotals> context) {
        this.context = context;
        this.periods = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, PeriodTotals> record) {
        PeriodTotals totals = record.value();
        String run = record.key();
        periods.put(Keys.period(run, totals.getPeriod()), totals);
        PeriodTotals first = periods.get(Keys.period(run, 0));
        if (totals.getPeriod() == 0) {
            try (KeyValueIterator<String, PeriodTotals> all =
                    periods.prefixScan(Keys.member(run, ""), Serdes.String().serializer())) {
                all.forEachRemaining(kv -> emit(record, kv, first));
            }
        } else {
            emit(record, KeyValue.pair(Keys.period(run, totals.getPeriod()), totals), first);
        }
    }

    private void emit(Record<String, PeriodTotals> cause, KeyValue<String, PeriodTotals> period, PeriodTotals first) {
        context.forward(cause.withKey(period.key).withValue(row(period.value, first)));
    }

    /** A period's row: its totals with the figures derived from them. */
    static PeriodTotals row(PeriodTotals period, PeriodTotals first) {
        double days = (period.getEnd().toEpochMilli() - period.getStart().toEpochMilli()) / DAY_MS;
        Impacts perDay =
                AvroMapping.impacts(AvroMapping.impacts(period.getImpacts()).scaled(1 / days));
        PeriodTotals.Builder row = PeriodTotals.newBuilder(period)
                .setDays(days)
                .setRequestsPerDay(period.getRequests() / days)
                .setImpactsPerDay(perDay)
                .setWhPerRequest(whPerRequest(period))
                .setReboundEffect(null)
                .setBackfire(false);
        if (period.getWorlds() != null) { // the likely ranges, then the world sums are left out of the row
            double[] worlds = WorldSums.array(period.getWorlds());
            row.setImpacts(WorldSums.likely(period.getImpacts(), worlds, 1))
                    .setImpactsPerDay(WorldSums.likely(perDay, worlds, 1 / days))
                    .setWhPerRequest(
                            period.getRequests() == 0
                                    ? row.getWhPerRequest()
                                    : WorldSums.likely(row.getWhPerRequest(), worlds, 1, 1000.0 / period.getRequests()))
                    .setWorlds(null);
        }
        OptionalDouble re = ReboundEffect.of(
                period.getImpacts().getFacilityEnergyKwh().getCentral(),
                period.getCounterfactualFacilityEnergyKwh(),
                period.getNoReboundFacilityEnergyKwh());
        if (re.isPresent()) {
            row.setReboundEffect(re.getAsDouble()).setBackfire(ReboundEffect.backfire(re.getAsDouble()));
        }
        row.setDecomposition(null);
        if (first != null && period.getPeriod() > 0 && first.getRequests() > 0) {
            double firstDays = (first.getEnd().toEpochMilli() - first.getStart().toEpochMilli()) / DAY_MS;
            ChangeDecomposition.Effects effects = ChangeDecomposition.of(cells(first), firstDays, cells(period), days);
            row.setDecomposition(
                    new Decomposition(effects.activity(), effects.mix(), effects.intensity(), effects.rebound()));
        }
        return row.build();
    }

    /** Facility energy per request, Wh (zeros when the period has no request). */
    private static Quantity whPerRequest(PeriodTotals period) {
        Quantity kwh = period.getImpacts().getFacilityEnergyKwh();
        long n = period.getRequests();
        return n == 0
                ? new Quantity(0.0, 0.0, 0.0, null, null)
                : new Quantity(
                        kwh.getLow() * 1000 / n, kwh.getCentral() * 1000 / n, kwh.getHigh() * 1000 / n, null, null);
    }

    private static List<ChangeDecomposition.Cell> cells(PeriodTotals period) {
        List<ChangeDecomposition.Cell> cells = new ArrayList<>(period.getCells().size());
        for (PeriodCell cell : period.getCells()) {
            cells.add(new ChangeDecomposition.Cell(
                    cell.getKind(),
                    cell.getDatacentre(),
                    cell.getRequests(),
                    cell.getCounterfactualRequests(),
                    cell.getFacilityEnergyKwh()));
        }
        return cells;
    }

    /** Sums of one period (for the per-period reduce): totals, counterfactual sums and cells. */
    static PeriodTotals plus(PeriodTotals a, PeriodTotals b) {
        Map<String, PeriodCell> cells = new TreeMap<>();
        for (List<PeriodCell> side : List.of(a.getCells(), b.getCells())) {
            for (PeriodCell cell : side) {
                cells.merge(
                        cell.getKind() + '\u0000' + cell.getDatacentre(),
                        cell,
                        (x, y) -> new PeriodCell(
                                x.getKind(),
                                x.getDatacentre(),
                                x.getRequests() + y.getRequests(),
                                x.getCounterfactualRequests() + y.getCounterfactualRequests(),
                                x.getFacilityEnergyKwh() + y.getFacilityEnergyKwh(),
                                x.getCounterfactualFacilityEnergyKwh() + y.getCounterfactualFacilityEnergyKwh(),
                                x.getNoReboundFacilityEnergyKwh() + y.getNoReboundFacilityEnergyKwh()));
            }
        }
        return PeriodTotals.newBuilder(a)
                .setRequests(a.getRequests() + b.getRequests())
                .setLoadEvents(a.getLoadEvents() + b.getLoadEvents())
                .setImpacts(AvroMapping.impacts(
                        AvroMapping.impacts(a.getImpacts()).plus(AvroMapping.impacts(b.getImpacts()))))
                .setCounterfactualRequests(a.getCounterfactualRequests() + b.getCounterfactualRequests())
                .setCounterfactualFacilityEnergyKwh(
                        a.getCounterfactualFacilityEnergyKwh() + b.getCounterfactualFacilityEnergyKwh())
                .setNoReboundFacilityEnergyKwh(a.getNoReboundFacilityEnergyKwh() + b.getNoReboundFacilityEnergyKwh())
                .setCells(new ArrayList<>(cells.values()))
                .setWorlds(WorldSums.plus(a.getWorlds(), b.getWorlds()))
                .build();
    }
}
