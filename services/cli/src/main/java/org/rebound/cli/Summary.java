package org.rebound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.rebound.avro.PeriodCell;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Totals;
import org.rebound.benchmarks.pipeline.ProcessMemory;
import org.rebound.domain.impact.Equivalences;
import org.rebound.domain.scenario.Scenario;
import org.rebound.generator.Ledger;
import org.rebound.kafka.AvroMapping;
import org.rebound.report.results.Impacts;
import org.rebound.report.results.Quantity;
import org.rebound.report.results.RunResults;

/**
 * The run's summary (README, "What you should see"): its {@link RunResults}, built from the
 * aggregates and written as JSON. Every number in {@code totals}, {@code by_datacentre} and
 * {@code by_kind} was read back from the aggregate topics; the generator's own {@code ledger} is
 * only compared with them.
 */
final class Summary {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Zero, known for certain (no request to divide by, no figure for a period). */
    private static final Quantity ZERO = new Quantity(0.0, 0.0, 0.0, 0.0, 0.0);

    private final RunResults results;

    /**
     * @param aggregates    the run's aggregates (overall totals null if the aggregator produced none)
     * @param firstAggregateSeconds seconds from the start to the first aggregate seen, null if none was
     */
    Summary(
            Scenario scenario,
            String run,
            Aggregates aggregates,
            Ledger ledger,
            long deadLetters,
            double wallSeconds,
            Double firstAggregateSeconds) {
        Totals overall = aggregates.overall();
        long requests = overall == null ? 0 : overall.getRequests();
        long loadEvents = overall == null ? 0 : overall.getLoadEvents();
        boolean ledgerMatches = requests == ledger.requests()
                && loadEvents == ledger.loadEvents()
                && sameCounts(aggregates.byDatacentre(), ledger.requestsByDatacentre())
                && sameCounts(aggregates.byKind(), ledger.requestsByKind());
        long rss = ProcessMemory.peakRssKiB();
        results = new RunResults(
                scenario.name(),
                scenario.seed(),
                new RunResults.Simulated(
                        scenario.clock().start().toString(),
                        scenario.clock().end().toString()),
                requests,
                loadEvents,
                impacts(overall == null ? null : overall.getImpacts()),
                counted(aggregates.byDatacentre()),
                counted(aggregates.byKind()),
                counted(aggregates.byRegion()),
                perRequest(overall, overall, org.rebound.avro.Impacts::getCo2eKg, 1000),
                equivalences(overall),
                periods(aggregates.periods()),
                aggregates.training() == null ? null : training(aggregates.training(), overall, aggregates.daily()),
                fleets(aggregates.telemetry()),
                PowerBuckets.of(
                        aggregates.telemetry(),
                        scenario.clock().start(),
                        scenario.clock().end()),
                new RunResults.Ledger(ledger.requests(), ledger.loadEvents(), ledger.records(), ledgerMatches),
                deadLetters,
                new RunResults.Run(
                        run,
                        round(wallSeconds),
                        round(loadEvents / wallSeconds),
                        round(requests / wallSeconds),
                        firstAggregateSeconds == null ? null : round(firstAggregateSeconds),
                        // of the whole process so far (broker included when it is in-process; shared by a comparison's
                        // runs)
                        round(ProcessMemory.peakHeapBytes() / (1024.0 * 1024.0)),
                        rss > 0 ? round(rss / 1024.0) : null),
                null);
    }

    /** Each fleet's hours summed up (null: no data centre has a fleet, and the summary has no "fleets"). */
    private static Map<String, RunResults.Fleet> fleets(Map<String, List<TelemetryWindow>> telemetry) {
        Map<String, RunResults.Fleet> fleets = new TreeMap<>();
        telemetry.forEach((dc, windows) -> {
            List<TelemetryWindow> hours =
                    windows.stream().filter(TelemetryWindow::hasFleet).toList();
            if (hours.isEmpty()) {
                return;
            }
            double served = 0;
            double capacity = 0;
            double energy = 0;
            double span = 0;
            long backlogMax = 0;
            double[] utilisation = {Double.MAX_VALUE, -Double.MAX_VALUE};
            double[] power = {Double.MAX_VALUE, -Double.MAX_VALUE};
            for (TelemetryWindow t : hours) {
                served += t.utilisation() * t.capacityServerHours();
                capacity += t.capacityServerHours();
                energy += t.itEnergyKwh();
                span += t.hours();
                backlogMax = Math.max(backlogMax, t.backlog());
                utilisation[0] = Math.min(utilisation[0], t.utilisation());
                utilisation[1] = Math.max(utilisation[1], t.utilisation());
                power[0] = Math.min(power[0], t.itPowerKw());
                power[1] = Math.max(power[1], t.itPowerKw());
            }
            TelemetryWindow first = hours.get(0);
            TelemetryWindow last = hours.get(hours.size() - 1);
            fleets.put(
                    dc,
                    new RunResults.Fleet(
                            hours.size(),
                            new RunResults.Spread(utilisation[0], capacity > 0 ? served / capacity : 0, utilisation[1]),
                            new RunResults.Spread(power[0], span > 0 ? energy / span : 0, power[1]),
                            first.serversInService(),
                            last.serversInService(),
                            backlogMax,
                            last.backlog()));
        });
        return fleets.isEmpty() ? null : fleets;
    }

    RunResults results() {
        return results;
    }

    boolean ledgerMatches() {
        return results.ledger().matches();
    }

    /** The summary as a JSON tree (a new one each time: callers may add a comparison to it). */
    ObjectNode json() {
        return JSON.valueToTree(results);
    }

    void write(Path file) throws IOException {
        JSON.writeValue(createParent(file).toFile(), results);
    }

    /** Writes a summary (possibly with a comparison added) as indented JSON. */
    static void write(JsonNode json, Path file) throws IOException {
        JSON.writeValue(createParent(file).toFile(), json);
    }

    private static Path createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return file;
    }

    private static boolean sameCounts(Map<String, Totals> aggregated, Map<String, Long> ledger) {
        if (!aggregated.keySet().equals(ledger.keySet())) {
            return false;
        }
        return aggregated.entrySet().stream()
                .allMatch(e -> Objects.equals(e.getValue().getRequests(), ledger.get(e.getKey())));
    }

    /**
     * The training campaign: its impacts (facility boundary: its energy includes its data
     * centre's overhead), amortised over the run's requests, and the simulated instant at which
     * the run's inference CO₂e (central) caught up with the training's, if it did (from the daily
     * totals, interpolated linearly within the day).
     */
    private static RunResults.Training training(Totals training, Totals overall, List<Totals> daily) {
        org.rebound.avro.Impacts impacts = training.getImpacts();
        double target = impacts.getCo2eKg().getCentral();
        double cumulative = 0;
        String crossover = null;
        for (Totals day : daily) {
            double dayCo2e = day.getImpacts().getCo2eKg().getCentral();
            if (dayCo2e > 0 && cumulative + dayCo2e >= target) {
                double fraction = (target - cumulative) / dayCo2e;
                long from = day.getFirstEvent().toEpochMilli();
                long to = day.getLastEvent().toEpochMilli();
                crossover = Instant.ofEpochMilli(from + Math.round(fraction * (to - from)))
                        .toString();
                break;
            }
            cumulative += dayCo2e;
        }
        return new RunResults.Training(
                training.getFirstEvent().toString(),
                quantity(impacts.getFacilityEnergyKwh()),
                quantity(impacts.getOperationalCo2eKg()),
                quantity(impacts.getCo2eKg()),
                quantity(impacts.getOffsiteWaterL()),
                quantity(impacts.getWaterL()),
                new RunResults.Amortised(
                        perRequest(overall, training, org.rebound.avro.Impacts::getFacilityEnergyKwh, 1000),
                        perRequest(overall, training, org.rebound.avro.Impacts::getCo2eKg, 1000),
                        perRequest(overall, training, org.rebound.avro.Impacts::getWaterL, 1000)),
                crossover,
                target == 0
                        ? 0
                        : round((overall == null
                                        ? 0
                                        : overall.getImpacts().getCo2eKg().getCentral())
                                / target));
    }

    /**
     * The period table: per period, totals and per-day figures, energy per request, the rebound
     * effect against the in-stream counterfactual, the counterfactual itself, the period's
     * requests and facility energy (central) per kind and data centre, and the decomposition
     * (kWh per day) of the change since the first period.
     */
    private static List<RunResults.Period> periods(List<PeriodTotals> periods) {
        List<RunResults.Period> rows = new ArrayList<>(periods.size());
        for (PeriodTotals period : periods) {
            if (period.getImpactsPerDay() == null) {
                // the aggregator always sets them; a period without them does not fit the model
                throw new IllegalArgumentException(
                        "not a run summary: the period from " + period.getStart() + " has no impacts_per_day");
            }
            // the in-stream counterfactual the rebound effect is measured against (central, per day)
            double days = period.getDays() > 0 ? period.getDays() : 1;
            List<RunResults.Cell> cells = new ArrayList<>(period.getCells().size());
            for (PeriodCell cell : period.getCells()) {
                cells.add(new RunResults.Cell(
                        cell.getKind(),
                        cell.getDatacentre(),
                        cell.getRequests(),
                        cell.getCounterfactualRequests(),
                        cell.getFacilityEnergyKwh()));
            }
            org.rebound.avro.Decomposition decomposition = period.getDecomposition();
            rows.add(new RunResults.Period(
                    period.getStart().toString(),
                    period.getEnd().toString(),
                    round(period.getDays()),
                    period.getRequests(),
                    period.getRequestsPerDay(),
                    impacts(period.getImpacts()),
                    impacts(period.getImpactsPerDay()),
                    period.getWhPerRequest() == null ? ZERO : quantity(period.getWhPerRequest()),
                    period.getReboundEffect(),
                    period.getBackfire(),
                    new RunResults.Counterfactual(
                            period.getCounterfactualRequests() / days,
                            period.getCounterfactualFacilityEnergyKwh() / days,
                            period.getNoReboundFacilityEnergyKwh() / days),
                    cells,
                    decomposition == null
                            ? null
                            : new RunResults.Decomposition(
                                    decomposition.getActivity(),
                                    decomposition.getMix(),
                                    decomposition.getIntensity(),
                                    decomposition.getRebound())));
        }
        return rows;
    }

    /** The totals in everyday terms (impact-data.md §8), each with its range and source. */
    private static Map<String, RunResults.Equivalence> equivalences(Totals overall) {
        Map<String, RunResults.Equivalence> items = new LinkedHashMap<>();
        if (overall != null) {
            for (Equivalences.Equivalence e : Equivalences.of(AvroMapping.impacts(overall.getImpacts()))) {
                items.put(e.label(), new RunResults.Equivalence(Quantity.of(e.amount()), e.unitPhrase(), e.source()));
            }
        }
        return items;
    }

    /** totals' quantity × scale per request, low/central/high (null totals or no request: zeros). */
    private static Quantity perRequest(
            Totals requests,
            Totals quantities,
            Function<org.rebound.avro.Impacts, org.rebound.avro.Quantity> read,
            double scale) {
        long n = requests == null ? 0 : requests.getRequests();
        if (n == 0) {
            return ZERO;
        }
        Quantity q = quantities == null ? ZERO : quantity(read.apply(quantities.getImpacts()));
        return new Quantity(
                q.low() * scale / n,
                q.p5() == null ? null : q.p5() * scale / n,
                q.central() * scale / n,
                q.p95() == null ? null : q.p95() * scale / n,
                q.high() * scale / n);
    }

    /** {low, p5, central, p95, high}: the bounds, and the likely range (null where the aggregate has none). */
    private static Quantity quantity(org.rebound.avro.Quantity value) {
        return Quantity.of(AvroMapping.range(value));
    }

    private static Map<String, RunResults.Counted> counted(Map<String, Totals> totals) {
        Map<String, RunResults.Counted> counted = new LinkedHashMap<>();
        totals.forEach((member, t) -> counted.put(
                member, new RunResults.Counted(t.getRequests(), t.getLoadEvents(), impacts(t.getImpacts()))));
        return counted;
    }

    /** The eight quantities, each read from the Avro field of the same name (none: zeros). */
    private static Impacts impacts(org.rebound.avro.Impacts impacts) {
        return Impacts.of(q -> impacts == null ? ZERO : quantity((org.rebound.avro.Quantity) impacts.get(q.field)));
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
