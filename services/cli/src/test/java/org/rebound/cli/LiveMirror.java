package org.rebound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What a page holds after the events of {@code /events}, rebuilt in Java from the protocol as
 * docs/dashboard.md describes it (independently of the page's live.js and of the server's code):
 * a {@code state} replaces everything, a {@code patch} applies to the state of its {@code base}.
 */
final class LiveMirror {

    static final ObjectMapper JSON = new ObjectMapper();
    /** A daily row's values on the wire, in order (docs/dashboard.md). */
    static final List<String> DAILY = List.of(
            "day",
            "days",
            "requests",
            "facility_energy_kwh.low",
            "facility_energy_kwh.p5",
            "facility_energy_kwh.central",
            "facility_energy_kwh.p95",
            "facility_energy_kwh.high",
            "co2e_kg.low",
            "co2e_kg.p5",
            "co2e_kg.central",
            "co2e_kg.p95",
            "co2e_kg.high",
            "water_l.low",
            "water_l.p5",
            "water_l.central",
            "water_l.p95",
            "water_l.high",
            "last_event");

    ObjectNode state;
    int states;
    int patches;

    /** Applies one event; false for a patch that does not follow the state held (a page reconnects then). */
    boolean accept(String name, String data) throws Exception {
        JsonNode event = JSON.readTree(data);
        if (name.equals("state")) {
            state = (ObjectNode) decodeRun(event.deepCopy());
            if (state.has("beside")) {
                for (JsonNode b : state.get("beside")) {
                    decodeRun((ObjectNode) b);
                }
            }
            states++;
            return true;
        }
        if (!name.equals("patch")) {
            throw new AssertionError("unexpected event " + name);
        }
        if (state == null || event.get("base").asLong() != state.get("version").asLong()) {
            return false;
        }
        applyPart(state, event);
        state.put("version", event.get("version").asLong());
        if (event.has("beside")) {
            for (int i = 0; i < event.get("beside").size(); i++) {
                applyPart(
                        (ObjectNode) state.get("beside").get(i),
                        event.get("beside").get(i));
            }
        }
        patches++;
        return true;
    }

    private static JsonNode decodeRun(ObjectNode run) {
        if (run.has("daily")) {
            run.set("daily", rows(run.get("daily")));
        }
        return run;
    }

    private static ArrayNode rows(JsonNode wire) {
        ArrayNode rows = JSON.createArrayNode();
        for (JsonNode values : wire) {
            ObjectNode row = rows.addObject();
            for (int i = 0; i < DAILY.size(); i++) {
                String[] path = DAILY.get(i).split("\\.");
                if (path.length == 1) {
                    row.set(path[0], values.get(i));
                } else {
                    (row.has(path[0]) ? (ObjectNode) row.get(path[0]) : row.putObject(path[0]))
                            .set(path[1], values.get(i));
                }
            }
        }
        return rows;
    }

    private static void applyPart(ObjectNode run, JsonNode part) {
        for (Iterator<Map.Entry<String, JsonNode>> it = part.path("set").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            run.set(e.getKey(), e.getKey().equals("daily") ? rows(e.getValue()) : e.getValue());
        }
        part.path("unset").forEach(name -> run.remove(name.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it = part.path("splice").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ArrayNode kept = keep(run.get(e.getKey()), e.getValue().get("from").asInt());
            kept.addAll(
                    e.getKey().equals("daily")
                            ? rows(e.getValue().get("add"))
                            : (ArrayNode) e.getValue().get("add"));
            run.set(e.getKey(), kept);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = part.path("stacks").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int from = e.getValue().get("from").asInt();
            JsonNode old = run.get(e.getKey());
            ObjectNode chart = JSON.createObjectNode();
            chart.set("x", keep(old.get("x"), from).addAll((ArrayNode)
                    e.getValue().get("x")));
            ObjectNode members = chart.putObject("members");
            e.getValue().get("members").fields().forEachRemaining(m -> {
                ObjectNode quantities = members.putObject(m.getKey());
                m.getValue()
                        .fields()
                        .forEachRemaining(q -> quantities.set(
                                q.getKey(),
                                keep(old.path("members").path(m.getKey()).get(q.getKey()), from)
                                        .addAll((ArrayNode) q.getValue())));
            });
            run.set(e.getKey(), chart);
        }
    }

    private static ArrayNode keep(JsonNode array, int from) {
        ArrayNode kept = JSON.createArrayNode();
        for (int i = 0; array != null && i < Math.min(from, array.size()); i++) {
            kept.add(array.get(i));
        }
        return kept;
    }

    /**
     * Where {@code held} differs from {@code expected} beyond the stream's rounding (numbers within
     * a relative 1e-3 or 1e-9 absolute), as "path: held vs expected"; empty when they agree.
     */
    static List<String> differences(JsonNode held, JsonNode expected) {
        List<String> out = new java.util.ArrayList<>();
        compare("", held, expected, out);
        return out;
    }

    private static void compare(String path, JsonNode a, JsonNode b, List<String> out) {
        if (out.size() > 20) {
            return;
        }
        if (a == null || b == null) {
            if (a != b) {
                out.add(path + ": " + a + " vs " + b);
            }
            return;
        }
        if (a.isNumber() && b.isNumber()) {
            double x = a.doubleValue();
            double y = b.doubleValue();
            if (Math.abs(x - y) > Math.max(1e-9, 1e-3 * Math.max(Math.abs(x), Math.abs(y)))) {
                out.add(path + ": " + x + " vs " + y);
            }
        } else if (a.isObject() && b.isObject()) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                compare(path + "." + name, a.get(name), b.get(name), out);
            }
        } else if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                out.add(path + ": " + a.size() + " elements vs " + b.size());
                return;
            }
            for (int i = 0; i < a.size(); i++) {
                compare(path + "[" + i + "]", a.get(i), b.get(i), out);
            }
        } else if (!a.equals(b)) {
            out.add(path + ": " + a + " vs " + b);
        }
    }
}
