package org.rebound.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Totals;

/**
 * A workshop's teams side by side, live: what the room's page shows and every team's page below
 * its own run. {@code {"targets": {quantity: max}, "teams": [{"team": K, "run", "requests",
 * "facility_energy_kwh", "co2e_kg", "water_l", "now", "rebound_effect", "rebound_under_way",
 * "backfire", "targets": {quantity: {"max", "met"}}, "met_targets"}]}}: central values so far, the
 * rebound effect of the latest period that has one (as the closing table takes it), and whether
 * each team is under each target so far (a running total only grows: a target missed stays missed).
 */
record RoomBoard(List<String> runs, Map<String, Double> targets) {

    private static final ObjectMapper JSON = new ObjectMapper();

    RoomBoard {
        runs = List.copyOf(runs);
        targets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(targets));
    }

    ObjectNode json(DashboardFeed feed) {
        ObjectNode room = JSON.createObjectNode();
        ObjectNode ceilings = room.putObject("targets");
        targets.forEach(ceilings::put);
        ArrayNode teams = room.putArray("teams");
        for (int k = 0; k < runs.size(); k++) {
            teams.add(row(k + 1, runs.get(k), feed.run(runs.get(k))));
        }
        return room;
    }

    private ObjectNode row(int team, String run, RunState state) {
        ObjectNode row = JSON.createObjectNode().put("team", team).put("run", run);
        Totals overall = null;
        PeriodTotals latest = null;
        if (state != null) {
            synchronized (state) {
                overall = state.overall;
                for (PeriodTotals p : state.periods.values()) {
                    if (p.getReboundEffect() != null) {
                        latest = p;
                    }
                }
            }
        }
        Map<String, Double> values = Map.of(
                "facility_energy_kwh",
                overall == null
                        ? 0
                        : overall.getImpacts().getFacilityEnergyKwh().getCentral(),
                "co2e_kg",
                overall == null ? 0 : overall.getImpacts().getCo2eKg().getCentral(),
                "water_l",
                overall == null ? 0 : overall.getImpacts().getWaterL().getCentral());
        row.put("requests", overall == null ? 0 : overall.getRequests());
        for (String quantity : List.of("facility_energy_kwh", "co2e_kg", "water_l")) {
            row.put(quantity, values.get(quantity));
        }
        row.put("now", overall == null ? null : overall.getLastEvent().toString());
        if (latest == null) {
            row.putNull("rebound_effect");
        } else {
            row.put("rebound_effect", latest.getReboundEffect());
            row.put("backfire", latest.getBackfire());
            row.put(
                    "rebound_under_way",
                    overall == null || overall.getLastEvent().isBefore(latest.getEnd()));
        }
        if (!targets.isEmpty()) {
            ObjectNode met = row.putObject("targets");
            boolean all = true;
            for (Map.Entry<String, Double> target : targets.entrySet()) {
                boolean under = !(values.getOrDefault(target.getKey(), 0.0) > target.getValue());
                met.putObject(target.getKey()).put("max", target.getValue()).put("met", under);
                all &= under;
            }
            row.put("met_targets", all);
        }
        return row;
    }
}
