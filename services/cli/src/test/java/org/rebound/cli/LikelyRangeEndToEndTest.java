package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.kafka.KafkaClients;

/**
 * The likely ranges end to end on the in-process broker: the same scenario and seed run twice
 * give the same p5/p95 everywhere a range is shown, within the bounds; another seed, other worlds.
 */
@DisplayName("likely range (p5–p95) end to end on a real broker")
class LikelyRangeEndToEndTest {

    private static String scenario(long seed) {
        return """
                name: likely
                title: "Likely range check"
                seed: %d
                clock: {start: 2025-03-01T00:00:00Z, end: 2025-03-01T06:00:00Z, tick: 5m, period: 3h}
                regions:
                  FR: {carbon_g_per_kwh: {low: 20, central: 56, high: 80}, water_l_per_kwh: {low: 2, central: 3.67, high: 5}}
                  US-VA: {carbon_g_per_kwh: {low: 322, central: 380, high: 411}, water_l_per_kwh: 3.13}
                datacentres:
                  - {id: paris-1, region: FR, pue: 1.2, wue_l_per_kwh: 0.5, embodied_g_per_kwh: 90, share: 0.25}
                  - {id: ashburn-1, region: US-VA, pue: {low: 1.08, central: 1.1, high: 1.2}, wue_l_per_kwh: {low: 0.09, central: 0.55, high: 1.8}, embodied_g_per_kwh: {low: 45, central: 90, high: 180}, share: 0.75}
                kinds:
                  text: {energy_wh: {low: 0.04, central: 0.25, high: 4}}
                  video: {energy_wh: {low: 40, central: 100, high: 300}, energy_factor: 0.5}
                workload:
                  requests_per_day: 2.4e5
                  arrival: exact
                  mix: {text: 0.95, video: 0.05}
                """.formatted(seed);
    }

    private static JsonNode run(long seed) throws Exception {
        Scenario scenario = ScenarioLoader.parse(scenario(seed), "likely.yaml");
        return ScenarioRun.execute(
                        scenario,
                        KafkaClients.of(SharedBroker.bootstrapServers()),
                        ScenarioRun.Settings.defaults(),
                        ScenarioRun.Listener.SILENT,
                        System.nanoTime())
                .json();
    }

    /** Every {low, central, high} object of a summary (the ranges it shows), by its JSON path. */
    private static void ranges(String path, JsonNode node, Map<String, JsonNode> into) {
        if (node.isObject() && node.has("low") && node.has("central") && node.has("high")) {
            into.put(path, node);
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                ranges(path + "." + field.getKey(), field.getValue(), into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ranges(path + "[" + i + "]", node.get(i), into);
            }
        }
    }

    private static Map<String, JsonNode> ranges(JsonNode summary) {
        Map<String, JsonNode> all = new java.util.TreeMap<>();
        for (String section : List.of(
                "totals",
                "by_datacentre",
                "by_kind",
                "by_region",
                "periods",
                "equivalences",
                "sci_gco2e_per_request")) {
            ranges(section, summary.get(section), all);
        }
        return all;
    }

    @Test
    @DisplayName(
            "the same seed twice: identical p5 and p95 in totals, by_*, periods, equivalences and SCI; low ≤ p5 ≤ p95 ≤ high")
    void sameSeedSameLikelyRanges() throws Exception {
        Map<String, JsonNode> first = ranges(run(11));
        Map<String, JsonNode> second = ranges(run(11));

        assertThat(second.keySet()).isEqualTo(first.keySet());
        assertThat(first.keySet())
                .contains(
                        "totals.co2e_kg",
                        "by_kind.video.water_l",
                        "periods[1].per_day.co2e_kg",
                        "periods[1].wh_per_request",
                        "equivalences.water-bottles",
                        "sci_gco2e_per_request");
        List<String> checked = new ArrayList<>();
        first.forEach((path, a) -> {
            JsonNode b = second.get(path);
            assertThat(a.get("p5").isNumber()).as(path + " has p5").isTrue();
            assertThat(a.get("p95").isNumber()).as(path + " has p95").isTrue();
            double scale = Math.max(1e-300, Math.abs(a.get("high").asDouble()));
            // the same worlds; only the order of the additions (which events each commit sums) may differ
            assertThat(b.get("p5").asDouble())
                    .as(path + ".p5")
                    .isCloseTo(a.get("p5").asDouble(), within(1e-9 * scale));
            assertThat(b.get("p95").asDouble())
                    .as(path + ".p95")
                    .isCloseTo(a.get("p95").asDouble(), within(1e-9 * scale));
            assertThat(a.get("low").asDouble())
                    .as(path)
                    .isLessThanOrEqualTo(a.get("p5").asDouble());
            assertThat(a.get("p5").asDouble())
                    .as(path)
                    .isLessThanOrEqualTo(a.get("p95").asDouble());
            assertThat(a.get("p95").asDouble())
                    .as(path)
                    .isLessThanOrEqualTo(a.get("high").asDouble());
            checked.add(path);
        });
        assertThat(checked).hasSizeGreaterThan(40);
        // an uncertain quantity's likely range lies strictly inside its bounds
        JsonNode co2e = first.get("totals.co2e_kg");
        assertThat(co2e.get("p5").asDouble()).isGreaterThan(co2e.get("low").asDouble());
        assertThat(co2e.get("p95").asDouble()).isLessThan(co2e.get("high").asDouble());
    }

    @Test
    @DisplayName("another seed draws other worlds: the same central values (exact arrivals), another likely range")
    void otherSeedOtherWorlds() throws Exception {
        JsonNode a = run(11).get("totals").get("co2e_kg");
        JsonNode b = run(12).get("totals").get("co2e_kg");
        assertThat(b.get("central").asDouble())
                .isCloseTo(
                        a.get("central").asDouble(),
                        within(1e-9 * a.get("central").asDouble()));
        assertThat(b.get("p5").asDouble())
                .isNotCloseTo(
                        a.get("p5").asDouble(), within(1e-6 * a.get("central").asDouble()));
    }
}
