package org.rebound.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code /events} sends, built once per push for every viewer: the page's state in a
 * compact form ({@link #encode}), and what changed between two of them ({@link #diff}). The page
 * (live.js) merges the changes into its copy and draws the whole state.
 *
 * <p>Compact: every fractional number with {@value #DIGITS} significant digits (a relative error
 * under 5e-6: the page shows three), the charts' series with {@value #SERIES_DIGITS} (a chart 260
 * pixels tall draws fewer), and each row of {@code daily} as an array in the order of
 * {@link #DAILY_FIELDS} rather than an object repeating its keys.
 *
 * <p>A patch: {@code {"version": V, "base": B, "set": {field: value}, "unset": [field],
 * "splice": {field: {"from": i, "add": [...]}}, "stacks": {field: {"from": i, "x": [...], "members":
 * {m: {q: [...]}}}}, "beside": [part, ...]}}: applied to the state of version B it gives the state of
 * version V. {@code set} replaces a field; {@code splice} keeps an array's first {@code from}
 * elements and appends {@code add} (a series' new points, the last ones redrawn); {@code stacks} does
 * the same to a stacked chart's {@code x} and to each of its members' arrays; {@code beside} holds,
 * for each run shown beside the first, a part with the same {@code set}/{@code unset}/{@code splice}.
 */
final class LiveWire {

    static final int DIGITS = 5;
    static final int SERIES_DIGITS = 4;
    /** The order of a daily row's values on the wire. */
    static final List<String> DAILY_FIELDS = List.of(
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

    private static final Set<String> STACKS = Set.of("stack_kind", "stack_datacentre");
    /**
     * What is sent at most once a second: the charts' series (the bulk of an update while a run
     * goes) and the tables beside the four totals; the totals, "now" and the timeline of changes go
     * at every update.
     */
    static final List<String> SERIES = List.of(
            "daily",
            "stack_kind",
            "stack_datacentre",
            "power",
            "by_kind",
            "by_datacentre",
            "equivalences",
            "periods",
            "change",
            "controls");

    /**
     * What is sent at most once every few seconds: the power chart (a point per data centre and
     * simulated hour of two days: 1,152 numbers for global-year's 24 data centres).
     */
    static final List<String> SLOW = List.of("power");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private LiveWire() {}

    /** The state as sent: numbers rounded, daily rows as arrays (the model is not changed). */
    static ObjectNode encode(ObjectNode model) {
        ObjectNode wire = (ObjectNode) round(model, DIGITS);
        encodeRun(wire, model);
        JsonNode beside = model.get("beside");
        if (beside != null && beside.isArray()) {
            for (int i = 0; i < beside.size(); i++) {
                encodeRun((ObjectNode) wire.get("beside").get(i), (ObjectNode) beside.get(i));
            }
        }
        return wire;
    }

    private static void encodeRun(ObjectNode wire, ObjectNode model) {
        JsonNode daily = model.get("daily");
        if (daily != null && daily.isArray()) {
            ArrayNode rows = wire.putArray("daily");
            daily.forEach(row -> rows.add(dailyRow(row)));
        }
        JsonNode power = model.get("power");
        if (power != null && power.isObject()) {
            ObjectNode encoded = wire.putObject("power");
            encoded.set("x", power.path("x").deepCopy()); // instants: exact
            encoded.set("kw", round(power.path("kw"), SERIES_DIGITS));
        }
        for (String stack : STACKS) {
            JsonNode chart = model.get(stack);
            if (chart != null && chart.isObject()) {
                ObjectNode encoded = wire.putObject(stack);
                encoded.set("x", chart.path("x").deepCopy()); // instants: exact
                encoded.set("members", round(chart.path("members"), SERIES_DIGITS));
            }
        }
    }

    private static ArrayNode dailyRow(JsonNode row) {
        ArrayNode values = NODES.arrayNode();
        for (String field : DAILY_FIELDS) {
            int dot = field.indexOf('.');
            JsonNode value = dot < 0
                    ? row.path(field)
                    : row.path(field.substring(0, dot)).path(field.substring(dot + 1));
            values.add(value.isMissingNode() ? NODES.nullNode() : round(value, SERIES_DIGITS));
        }
        return values;
    }

    /** A copy with every fractional number rounded to {@code digits} significant digits. */
    static JsonNode round(JsonNode node, int digits) {
        if (node.isObject()) {
            ObjectNode copy = NODES.objectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), round(e.getValue(), digits)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode(node.size());
            node.forEach(item -> copy.add(round(item, digits)));
            return copy;
        }
        if (node.isFloatingPointNumber()) {
            return number(node.doubleValue(), digits);
        }
        return node;
    }

    /** Exact powers of ten (every one up to 10^22 is a double). */
    private static final double[] POWERS = new double[23];

    static {
        POWERS[0] = 1;
        for (int i = 1; i < POWERS.length; i++) {
            POWERS[i] = POWERS[i - 1] * 10;
        }
    }

    static JsonNode number(double value, int digits) {
        if (value == 0 || !Double.isFinite(value)) {
            return NODES.numberNode(value);
        }
        // k: how many decimal places to keep (negative: whole tens, hundreds, ...)
        int k = digits - 1 - (int) Math.floor(Math.log10(Math.abs(value)));
        double rounded;
        if (k >= 0 && k < POWERS.length) {
            // an integer divided by an exact power of ten: the double nearest the decimal, printed short
            rounded = Math.round(value * POWERS[k]) / POWERS[k];
        } else if (k < 0 && -k < POWERS.length) {
            rounded = Math.round(value / POWERS[-k]) * POWERS[-k];
        } else {
            rounded = new BigDecimal(value).round(new MathContext(digits)).doubleValue();
        }
        if (rounded == Math.rint(rounded) && Math.abs(rounded) < 1e15) {
            return NODES.numberNode((long) rounded); // "1200", not "1200.0"
        }
        return NODES.numberNode(rounded);
    }

    /**
     * Puts {@code before}'s series back into {@code after} (both {@link #patchable}): they are sent
     * later. Whether any differed.
     */
    static boolean keepSeries(ObjectNode before, ObjectNode after) {
        return keep(before, after, SERIES);
    }

    /** {@link #keepSeries} for the fields {@code names} only (the power chart: {@link #SLOW}). */
    static boolean keep(ObjectNode before, ObjectNode after, List<String> names) {
        boolean differed = keepOfRun(before, after, names);
        JsonNode beside = after.path("beside");
        for (int i = 0; i < beside.size(); i++) {
            differed |= keepOfRun((ObjectNode) before.get("beside").get(i), (ObjectNode) beside.get(i), names);
        }
        return differed;
    }

    private static boolean keepOfRun(ObjectNode before, ObjectNode after, List<String> names) {
        boolean differed = false;
        for (String name : names) {
            JsonNode was = before.get(name);
            JsonNode now = after.get(name);
            if (now == null || now.equals(was)) {
                continue;
            }
            differed = true;
            if (was == null) {
                after.remove(name);
            } else {
                after.set(name, was);
            }
        }
        return differed;
    }

    /** Whether {@code after} can be sent as a patch of {@code before}: the same runs, in the same places. */
    static boolean patchable(ObjectNode before, ObjectNode after) {
        if (before == null || !before.path("run").equals(after.path("run"))) {
            return false;
        }
        JsonNode a = before.path("beside");
        JsonNode b = after.path("beside");
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).path("run").equals(b.get(i).path("run"))) {
                return false;
            }
        }
        return true;
    }

    /**
     * What changed from {@code before} to {@code after} ({@link #patchable} ones), without
     * {@code version} and {@code base}; empty when nothing the page shows changed.
     */
    static ObjectNode diff(ObjectNode before, ObjectNode after) {
        ObjectNode patch = diffRun(before, after, Set.of("version", "beside"));
        JsonNode a = before.path("beside");
        JsonNode b = after.path("beside");
        boolean besideChanged = false;
        ArrayNode parts = NODES.arrayNode();
        for (int i = 0; i < b.size(); i++) {
            ObjectNode part = diffRun((ObjectNode) a.get(i), (ObjectNode) b.get(i), Set.of());
            besideChanged |= !part.isEmpty();
            parts.add(part);
        }
        if (besideChanged) {
            patch.set("beside", parts);
        }
        return patch;
    }

    private static ObjectNode diffRun(ObjectNode before, ObjectNode after, Set<String> skipped) {
        ObjectNode set = NODES.objectNode();
        ArrayNode unset = NODES.arrayNode();
        ObjectNode splice = NODES.objectNode();
        ObjectNode stacks = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = after.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode now = field.getValue();
            JsonNode was = before.get(name);
            if (skipped.contains(name) || now.equals(was)) {
                continue;
            }
            if (was != null && STACKS.contains(name) && sameMembers(was, now)) {
                stacks.set(name, stackSplice(was, now));
            } else if (was != null && was.isArray() && now.isArray() && commonPrefix(was, now) > 0) {
                int from = commonPrefix(was, now);
                ArrayNode add = NODES.arrayNode();
                for (int i = from; i < now.size(); i++) {
                    add.add(now.get(i));
                }
                splice.putObject(name).put("from", from).set("add", add);
            } else {
                set.set(name, now);
            }
        }
        before.fieldNames().forEachRemaining(name -> {
            if (!skipped.contains(name) && !after.has(name)) {
                unset.add(name);
            }
        });
        ObjectNode part = NODES.objectNode();
        if (!set.isEmpty()) {
            part.set("set", set);
        }
        if (!unset.isEmpty()) {
            part.set("unset", unset);
        }
        if (!splice.isEmpty()) {
            part.set("splice", splice);
        }
        if (!stacks.isEmpty()) {
            part.set("stacks", stacks);
        }
        return part;
    }

    private static boolean sameMembers(JsonNode was, JsonNode now) {
        if (!was.path("x").isArray() || !now.path("x").isArray()) {
            return false;
        }
        List<String> a = names(was.path("members"));
        return a.equals(names(now.path("members")));
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** From the first instant where x or any member's value differs, to the end. */
    private static ObjectNode stackSplice(JsonNode was, JsonNode now) {
        int from = commonPrefix(was.get("x"), now.get("x"));
        for (Iterator<Map.Entry<String, JsonNode>> m = now.get("members").fields(); m.hasNext(); ) {
            Map.Entry<String, JsonNode> member = m.next();
            for (Iterator<Map.Entry<String, JsonNode>> q = member.getValue().fields(); q.hasNext(); ) {
                Map.Entry<String, JsonNode> quantity = q.next();
                JsonNode old = was.get("members").get(member.getKey()).get(quantity.getKey());
                from = Math.min(from, old == null ? 0 : commonPrefix(old, quantity.getValue()));
            }
        }
        int start = from;
        ObjectNode splice = NODES.objectNode().put("from", start);
        splice.set("x", tail(now.get("x"), start));
        ObjectNode members = splice.putObject("members");
        now.get("members").fields().forEachRemaining(member -> {
            ObjectNode quantities = members.putObject(member.getKey());
            member.getValue()
                    .fields()
                    .forEachRemaining(q -> quantities.set(q.getKey(), tail(q.getValue(), fromOf(q.getValue(), start))));
        });
        return splice;
    }

    private static int fromOf(JsonNode array, int from) {
        return Math.min(from, array.size());
    }

    private static ArrayNode tail(JsonNode array, int from) {
        ArrayNode tail = NODES.arrayNode();
        for (int i = from; i < array.size(); i++) {
            tail.add(array.get(i));
        }
        return tail;
    }

    private static int commonPrefix(JsonNode a, JsonNode b) {
        int n = Math.min(a.size(), b.size());
        int i = 0;
        while (i < n && a.get(i).equals(b.get(i))) {
            i++;
        }
        return i;
    }

    /** The bytes of one server-sent event: {@code id}, {@code event} and one {@code data} line (JSON has no newline). */
    static byte[] event(String id, String name, JsonNode data) {
        try {
            String json = JSON.writeValueAsString(data);
            return ("id: " + id + "\nevent: " + name + "\ndata: " + json + "\n\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
