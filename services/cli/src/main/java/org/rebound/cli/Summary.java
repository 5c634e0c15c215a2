package org.rebound.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.rebound.avro.Impacts;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Quantity;
import org.rebound.avro.Totals;
import org.rebound.benchmarks.pipeline.ProcessMemory;
import org.rebound.domain.impact.Equivalences;
import org.rebound.domain.scenario.Scenario;
import org.rebound.generator.Ledger;
import org.rebound.kafka.AvroMapping;
import org.rebound.report.results.Results;
import org.rebound.report.results.RunResults;

/**
 * The run's summary JSON (README, "What you should see"). Every number in {@code totals},
 * {@code by_datacentre} and {@code by_kind} was read back from the aggregate topics; the
 * generator's own {@code ledger} is only compared with them.
 */
final class Summary {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode root;
    private final boolean ledgerMatches;
    /** The same summary, typed: read once from the tree built here, so a summary that does not fit the model fails the run, loudly. */
    private final RunResults results;

    /**
     * @param overall       the run's overall totals (null if the aggregator produced none)
     * @param byDatacentre  data centre id -> totals
     * @param byKind        kind -> totals
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
        Map<String, Totals> byDatacentre = aggregates.byDatacentre();
        Map<String, Totals> byKind = aggregates.byKind();
        root = JSON.createObjectNode();
        root.put("scenario", scenario.name());
        root.put("seed", scenario.seed());
        ObjectNode simulated = root.putObject("simulated");
        simulated.put("start", scenario.clock().start().toString());
        simulated.put("end", scenario.clock().end().toString());
        long requests = overall == null ? 0 : overall.getRequests();
        long loadEvents = overall == null ? 0 : overall.getLoadEvents();
        root.put("requests", requests);
        root.put("load_events", loadEvents);
        root.set("totals", quantities(overall));
        ObjectNode dcs = root.putObject("by_datacentre");
        byDatacentre.forEach((id, totals) -> dcs.set(id, counted(totals)));
        ObjectNode kinds = root.putObject("by_kind");
        byKind.forEach((kind, totals) -> kinds.set(kind, counted(totals)));
        ObjectNode regions = root.putObject("by_region");
        aggregates.byRegion().forEach((region, totals) -> regions.set(region, counted(totals)));
        root.set("sci_gco2e_per_request", perRequest(overall, Impacts::getCo2eKg, 1000));
        root.set("equivalences", equivalences(overall));
        root.set("periods", periods(aggregates.periods()));
        if (aggregates.training() != null) {
            root.set("training", training(aggregates.training(), overall, aggregates.daily()));
        }

        ledgerMatches = requests == ledger.requests()
                && loadEvents == ledger.loadEvents()
                && sameCounts(byDatacentre, ledger.requestsByDatacentre())
                && sameCounts(byKind, ledger.requestsByKind());
        ObjectNode ledgerNode = root.putObject("ledger");
        ledgerNode.put("requests", ledger.requests());
        ledgerNode.put("load_events", ledger.loadEvents());
        ledgerNode.put("records", ledger.records());
        ledgerNode.put("matches", ledgerMatches);
        root.put("dead_letters", deadLetters);
        ObjectNode runNode = root.putObject("run");
        runNode.put("id", run);
        runNode.put("wall_seconds", round(wallSeconds));
        runNode.put("load_events_per_second", round(loadEvents / wallSeconds));
        runNode.put("requests_per_second", round(requests / wallSeconds));
        if (firstAggregateSeconds != null) {
            runNode.put("first_aggregate_seconds", round(firstAggregateSeconds));
        }
        // of the whole process so far (broker included when it is in-process; shared by a comparison's runs)
        runNode.put("peak_heap_mib", round(ProcessMemory.peakHeapBytes() / (1024.0 * 1024.0)));
        long rss = ProcessMemory.peakRssKiB();
        if (rss > 0) {
            runNode.put("peak_rss_mib", round(rss / 1024.0));
        }
        results = Results.read(root);
    }

    RunResults results() {
        return results;
    }

    boolean ledgerMatches() {
        return ledgerMatches;
    }

    ObjectNode json() {
        return root;
    }

    void write(Path file) throws IOException {
        write(root, file);
    }

    /** Writes a summary (possibly with a comparison added) as indented JSON. */
    static void write(com.fasterxml.jackson.databind.JsonNode json, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), json);
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
    private static ObjectNode training(Totals training, Totals overall, java.util.List<Totals> daily) {
        ObjectNode node = JSON.createObjectNode();
        node.put("at", training.getFirstEvent().toString());
        Impacts impacts = training.getImpacts();
        node.set("facility_energy_kwh", quantity(impacts.getFacilityEnergyKwh()));
        node.set("operational_co2e_kg", quantity(impacts.getOperationalCo2eKg()));
        node.set("co2e_kg", quantity(impacts.getCo2eKg()));
        node.set("offsite_water_l", quantity(impacts.getOffsiteWaterL()));
        node.set("water_l", quantity(impacts.getWaterL()));
        ObjectNode amortised = node.putObject("amortised_per_request");
        amortised.set("facility_energy_wh", perRequest(overall, training, Impacts::getFacilityEnergyKwh, 1000));
        amortised.set("co2e_g", perRequest(overall, training, Impacts::getCo2eKg, 1000));
        amortised.set("water_ml", perRequest(overall, training, Impacts::getWaterL, 1000));
        double target = impacts.getCo2eKg().getCentral();
        double cumulative = 0;
        String crossover = null;
        for (Totals day : daily) {
            double dayCo2e = day.getImpacts().getCo2eKg().getCentral();
            if (dayCo2e > 0 && cumulative + dayCo2e >= target) {
                double fraction = (target - cumulative) / dayCo2e;
                long from = day.getFirstEvent().toEpochMilli();
                long to = day.getLastEvent().toEpochMilli();
                crossover = java.time.Instant.ofEpochMilli(from + Math.round(fraction * (to - from)))
                        .toString();
                break;
            }
            cumulative += dayCo2e;
        }
        if (crossover == null) {
            node.putNull("inference_overtakes_training_at");
        } else {
            node.put("inference_overtakes_training_at", crossover);
        }
        node.put(
                "inference_share_of_training_co2e",
                target == 0
                        ? 0
                        : round((overall == null
                                        ? 0
                                        : overall.getImpacts().getCo2eKg().getCentral())
                                / target));
        return node;
    }

    /**
     * The period table: per period, totals and per-day figures, energy per request, the rebound
     * effect against the in-stream counterfactual, the counterfactual itself, the period's
     * requests and facility energy (central) per kind and data centre, and the decomposition
     * (kWh per day) of the change since the first period.
     */
    private static com.fasterxml.jackson.databind.node.ArrayNode periods(java.util.List<PeriodTotals> periods) {
        com.fasterxml.jackson.databind.node.ArrayNode rows = JSON.createArrayNode();
        for (PeriodTotals period : periods) {
            ObjectNode row = rows.addObject();
            row.put("start", period.getStart().toString());
            row.put("end", period.getEnd().toString());
            row.put("days", round(period.getDays()));
            row.put("requests", period.getRequests());
            row.put("requests_per_day", period.getRequestsPerDay());
            row.setAll(quantities(period.getImpacts()));
            row.set(
                    "per_day",
                    period.getImpactsPerDay() == null
                            ? JSON.createObjectNode()
                            : quantities(period.getImpactsPerDay()));
            row.set(
                    "wh_per_request",
                    period.getWhPerRequest() == null ? quantity(ZERO) : quantity(period.getWhPerRequest()));
            if (period.getReboundEffect() == null) {
                row.putNull("rebound_effect");
            } else {
                row.put("rebound_effect", period.getReboundEffect());
            }
            row.put("backfire", period.getBackfire());
            // the in-stream counterfactual the rebound effect is measured against (central, per day)
            double days = period.getDays() > 0 ? period.getDays() : 1;
            ObjectNode counterfactual = row.putObject("counterfactual");
            counterfactual.put("requests_per_day", period.getCounterfactualRequests() / days);
            counterfactual.put("facility_energy_kwh_per_day", period.getCounterfactualFacilityEnergyKwh() / days);
            counterfactual.put("no_rebound_facility_energy_kwh_per_day", period.getNoReboundFacilityEnergyKwh() / days);
            com.fasterxml.jackson.databind.node.ArrayNode cells = row.putArray("cells");
            for (org.rebound.avro.PeriodCell cell : period.getCells()) {
                cells.addObject()
                        .put("kind", cell.getKind())
                        .put("datacentre", cell.getDatacentre())
                        .put("requests", cell.getRequests())
                        .put("counterfactual_requests", cell.getCounterfactualRequests())
                        .put("facility_energy_kwh", cell.getFacilityEnergyKwh());
            }
            if (period.getDecomposition() == null) {
                row.putNull("decomposition");
            } else {
                ObjectNode decomposition = row.putObject("decomposition");
                decomposition.put("activity", period.getDecomposition().getActivity());
                decomposition.put("mix", period.getDecomposition().getMix());
                decomposition.put("intensity", period.getDecomposition().getIntensity());
                decomposition.put("rebound", period.getDecomposition().getRebound());
            }
        }
        return rows;
    }

    /** The totals in everyday terms (impact-data.md §8), each with its range and source. */
    private static ObjectNode equivalences(Totals overall) {
        ObjectNode node = JSON.createObjectNode();
        if (overall == null) {
            return node;
        }
        for (Equivalences.Equivalence e : Equivalences.of(AvroMapping.impacts(overall.getImpacts()))) {
            ObjectNode item = node.putObject(e.label());
            item.setAll(quantity(e.amount()));
            item.put("unit", e.unitPhrase());
            item.put("source", e.source());
        }
        return node;
    }

    /** totals' quantity × scale per request, low/central/high (null totals or no request: zeros). */
    private static ObjectNode perRequest(
            Totals totals, java.util.function.Function<Impacts, Quantity> read, double scale) {
        return perRequest(totals, totals, read, scale);
    }

    private static ObjectNode perRequest(
            Totals requests, Totals quantities, java.util.function.Function<Impacts, Quantity> read, double scale) {
        long n = requests == null ? 0 : requests.getRequests();
        Quantity q = quantities == null ? ZERO : read.apply(quantities.getImpacts());
        return quantity(
                n == 0
                        ? ZERO
                        : new Quantity(
                                q.getLow() * scale / n,
                                q.getCentral() * scale / n,
                                q.getHigh() * scale / n,
                                q.getP5() == null ? null : q.getP5() * scale / n,
                                q.getP95() == null ? null : q.getP95() * scale / n));
    }

    /** Zero, known for certain. */
    private static final Quantity ZERO = new Quantity(0.0, 0.0, 0.0, 0.0, 0.0);

    /** {low, p5, central, p95, high}: the bounds, and the likely range (null where the aggregate has none). */
    private static ObjectNode quantity(Quantity value) {
        return quantity(AvroMapping.range(value));
    }

    private static ObjectNode quantity(org.rebound.domain.Range value) {
        ObjectNode q = JSON.createObjectNode();
        q.put("low", value.low());
        if (value.likely() == null) {
            q.putNull("p5");
        } else {
            q.put("p5", value.likely().p5());
        }
        q.put("central", value.central());
        if (value.likely() == null) {
            q.putNull("p95");
        } else {
            q.put("p95", value.likely().p95());
        }
        q.put("high", value.high());
        return q;
    }

    private static ObjectNode counted(Totals totals) {
        ObjectNode node = JSON.createObjectNode();
        node.put("requests", totals.getRequests());
        node.put("load_events", totals.getLoadEvents());
        node.setAll(quantities(totals));
        return node;
    }

    /** One object per quantity, named and ordered as the fields of the Avro {@link Impacts} record (units in the names). */
    private static ObjectNode quantities(Totals totals) {
        return quantities(totals == null ? null : totals.getImpacts());
    }

    private static ObjectNode quantities(Impacts impacts) {
        ObjectNode node = JSON.createObjectNode();
        for (Schema.Field field : Impacts.getClassSchema().getFields()) {
            Quantity value = impacts == null ? ZERO : (Quantity) impacts.get(field.pos());
            node.set(field.name(), quantity(value));
        }
        return node;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
