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
import org.rebound.avro.Quantity;
import org.rebound.avro.Totals;
import org.rebound.domain.scenario.Scenario;
import org.rebound.generator.Ledger;

/**
 * The run's summary JSON (README, "What you should see"). Every number in {@code totals},
 * {@code by_datacentre} and {@code by_kind} was read back from the aggregate topics; the
 * generator's own {@code ledger} is only compared with them.
 */
final class Summary {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode root;
    private final boolean ledgerMatches;

    /**
     * @param overall       the run's overall totals (null if the aggregator produced none)
     * @param byDatacentre  data centre id -> totals
     * @param byKind        kind -> totals
     */
    Summary(Scenario scenario, String run, Totals overall, Map<String, Totals> byDatacentre, Map<String, Totals> byKind,
            Ledger ledger, long deadLetters, double wallSeconds, Double firstAggregateSeconds) {
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

        ledgerMatches = requests == ledger.requests() && loadEvents == ledger.loadEvents()
                && sameCounts(byDatacentre, ledger.requestsByDatacentre()) && sameCounts(byKind, ledger.requestsByKind());
        ObjectNode ledgerNode = root.putObject("ledger");
        ledgerNode.put("requests", ledger.requests());
        ledgerNode.put("load_events", ledger.loadEvents());
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
    }

    boolean ledgerMatches() {
        return ledgerMatches;
    }

    ObjectNode json() {
        return root;
    }

    void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), root);
    }

    private static boolean sameCounts(Map<String, Totals> aggregated, Map<String, Long> ledger) {
        if (!aggregated.keySet().equals(ledger.keySet())) {
            return false;
        }
        return aggregated.entrySet().stream().allMatch(e -> Objects.equals(e.getValue().getRequests(), ledger.get(e.getKey())));
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
        ObjectNode node = JSON.createObjectNode();
        for (Schema.Field field : Impacts.getClassSchema().getFields()) {
            Quantity value = totals == null ? new Quantity(0.0, 0.0, 0.0) : (Quantity) totals.getImpacts().get(field.pos());
            ObjectNode q = node.putObject(field.name());
            q.put("low", value.getLow());
            q.put("central", value.getCentral());
            q.put("high", value.getHigh());
        }
        return node;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
