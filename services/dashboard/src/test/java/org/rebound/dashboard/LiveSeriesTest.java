package org.rebound.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.Dimension;
import org.rebound.avro.Impacts;
import org.rebound.avro.Quantity;
import org.rebound.avro.Totals;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;

@DisplayName("the live page's series: daily buckets, a fixed grid for the stacks, patches of what changed")
class LiveSeriesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** 1,500 days (2025-01-01 to 2029-02-09): buckets of ceil(1,501 / 500) = 4 days. */
    private static final String YAML = """
            name: long
            title: "Long"
            clock: {start: 2025-01-01T00:00:00Z, end: 2029-02-09T00:00:00Z, tick: 1d, speed: 1y/s, period: 365d}
            regions:
              FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
            datacentres:
              - {id: paris-1, region: FR, pue: 1.2, wue_l_per_kwh: 0.5, share: 1}
            kinds:
              text: {energy_wh: 0.3}
            workload: {requests_per_day: 24000, arrival: exact, mix: {text: 1.0}}
            """;

    private static Quantity q(double central) {
        return Quantity.newBuilder()
                .setLow(central / 2)
                .setCentral(central)
                .setHigh(central * 2)
                .setP5(central * 0.8)
                .setP95(central * 1.2)
                .build();
    }

    private static Totals day(String day, long requests, double kwh, double lastEventDays) {
        Impacts impacts = Impacts.newBuilder()
                .setItEnergyKwh(q(kwh))
                .setFacilityEnergyKwh(q(kwh))
                .setOperationalCo2eKg(q(kwh / 10))
                .setEmbodiedCo2eKg(q(0))
                .setCo2eKg(q(kwh / 10))
                .setOnsiteWaterL(q(kwh))
                .setOffsiteWaterL(q(0))
                .setWaterL(q(kwh))
                .build();
        return Totals.newBuilder()
                .setRun("r")
                .setScenario("long")
                .setDimension(Dimension.DAY)
                .setMember(day)
                .setRequests(requests)
                .setLoadEvents(1)
                .setImpacts(impacts)
                .setFirstEvent(Instant.parse(day + "T00:00:00Z"))
                .setLastEvent(Instant.parse("2025-01-01T00:00:00Z").plusSeconds((long) (lastEventDays * 86400)))
                .build();
    }

    @Test
    @DisplayName(
            "over 1,500 days the daily chart is in buckets of 4 days from the start, each the mean per day of its days")
    void dailyBuckets() throws Exception {
        Scenario scenario = ScenarioLoader.parse(YAML, "long.yaml");
        Map<String, Totals> days = new TreeMap<>();
        // days 0..5: bucket 0 (days 0-3) and bucket 1 (days 4-5 so far)
        double[] kwh = {10, 20, 30, 40, 100, 300};
        for (int d = 0; d < kwh.length; d++) {
            String date = java.time.LocalDate.of(2025, 1, 1).plusDays(d).toString();
            days.put(date, day(date, 1000 * (d + 1), kwh[d], d + 1));
        }
        ArrayNode rows = RunView.daily(days.values(), scenario);
        assertThat(rows).hasSize(2);
        JsonNode first = rows.get(0);
        assertThat(first.get("day").asText()).isEqualTo("2025-01-01");
        assertThat(first.get("days").asInt()).isEqualTo(4);
        assertThat(first.get("requests").asLong()).isEqualTo((1000 + 2000 + 3000 + 4000) / 4);
        assertThat(first.get("facility_energy_kwh").get("central").asDouble()).isCloseTo(25, within(1e-9));
        assertThat(first.get("facility_energy_kwh").get("p95").asDouble()).isCloseTo(30, within(1e-9));
        assertThat(first.get("last_event").asText()).isEqualTo("2025-01-05T00:00:00Z");
        JsonNode second = rows.get(1);
        assertThat(second.get("day").asText()).isEqualTo("2025-01-05");
        assertThat(second.get("days").asInt()).isEqualTo(2);
        assertThat(second.get("co2e_kg").get("central").asDouble()).isCloseTo(20, within(1e-9));
    }

    @Test
    @DisplayName(
            "a stacked chart's points sit on a fixed grid: a new sample adds points, those already drawn stay as they were")
    void stackGridIsStable() throws Exception {
        Scenario scenario = ScenarioLoader.parse(YAML, "long.yaml");
        StackGrid grid = StackGrid.of(scenario);
        Series text = new Series();
        Map<String, Series> series = new TreeMap<>(Map.of("text", text));
        text.add(day("2025-01-01", 0, 100, 30), grid);
        ObjectNode before = RunView.stack(series, scenario);
        text.add(day("2025-01-01", 0, 400, 90), grid);
        ObjectNode after = RunView.stack(series, scenario);
        // a grid step is 1,500 days / 299 ≈ 5.02 days: instants before day 30, then day 30 itself
        double step = (Instant.parse("2029-02-09T00:00:00Z").getEpochSecond()
                        - Instant.parse("2025-01-01T00:00:00Z").getEpochSecond())
                / 299.0;
        int drawn = (int) Math.ceil(30 * 86400 / step);
        assertThat(before.get("x")).hasSize(drawn + 1);
        // running totals interpolated from 0 at the start: 100 kWh at day 30, so 100 × t / 30 days
        JsonNode values = before.get("members").get("text").get("facility_energy_kwh");
        double x2 = after.get("x").get(2).asDouble()
                - Instant.parse("2025-01-01T00:00:00Z").getEpochSecond();
        assertThat(values.get(2).asDouble()).isCloseTo(100 * x2 / (30 * 86400), within(1e-9));
        for (int i = 0; i < drawn; i++) {
            assertThat(after.get("x").get(i)).isEqualTo(before.get("x").get(i));
            assertThat(after.get("members")
                            .get("text")
                            .get("facility_energy_kwh")
                            .get(i))
                    .as("point %d", i)
                    .isEqualTo(values.get(i));
        }
        // the patch between the two: the points from "now" of the first on
        ObjectNode a = JSON.createObjectNode().put("run", "r");
        a.set("stack_kind", before);
        ObjectNode b = JSON.createObjectNode().put("run", "r");
        b.set("stack_kind", after);
        ObjectNode patch = LiveWire.diff(LiveWire.encode(a), LiveWire.encode(b));
        assertThat(patch.get("stacks").get("stack_kind").get("from").asInt()).isEqualTo(drawn);
    }

    @Test
    @DisplayName(
            "a patch sets changed fields, splices arrays after their common part, unsets removed ones; nothing when equal")
    void patches() throws Exception {
        ObjectNode a = (ObjectNode) JSON.readTree("""
                {"version": 1, "run": "r", "now": "x", "totals": {"requests": 5},
                 "changes": [{"note": "a"}, {"note": "b"}], "change": {"from": "y"}, "beside": [{"run": "b", "totals": {"requests": 1}}]}""");
        ObjectNode b = (ObjectNode) JSON.readTree("""
                {"version": 2, "run": "r", "now": "x", "totals": {"requests": 7.123456789},
                 "changes": [{"note": "a"}, {"note": "b2"}, {"note": "c"}], "beside": [{"run": "b", "totals": {"requests": 1}}]}""");
        ObjectNode patch = LiveWire.diff(LiveWire.encode(a), LiveWire.encode(b));
        assertThat(patch.toString())
                .isEqualTo("{\"set\":{\"totals\":{\"requests\":7.1235}},\"unset\":[\"change\"],"
                        + "\"splice\":{\"changes\":{\"from\":1,\"add\":[{\"note\":\"b2\"},{\"note\":\"c\"}]}}}");
        assertThat(LiveWire.diff(
                        LiveWire.encode(b), LiveWire.encode(b.deepCopy().put("version", 3))))
                .isEmpty();
        assertThat(LiveWire.patchable(a, b)).isTrue();
        ObjectNode other = b.deepCopy();
        ((ObjectNode) other.get("beside").get(0)).put("run", "c");
        assertThat(LiveWire.patchable(b, other))
                .as("another run beside: the state again")
                .isFalse();
    }

    @Test
    @DisplayName("numbers on the wire: 5 significant digits, whole numbers without '.0'")
    void rounding() {
        assertThat(LiveWire.number(12345678.9, 5).toString()).isEqualTo("12346000");
        assertThat(LiveWire.number(0.000123456789, 5).toString()).isEqualTo("1.2346E-4");
        assertThat(LiveWire.number(17.28, 5).toString()).isEqualTo("17.28");
        assertThat(LiveWire.number(-2.5e30, 4).doubleValue()).isEqualTo(-2.5e30);
        assertThat(List.of(LiveWire.number(0, 5).doubleValue())).containsExactly(0.0);
    }

    @Test
    @DisplayName(
            "the power chart: each data centre's last two simulated days of hourly windows, a null where one has none,"
                    + " and the page gets it rounded like the other series")
    void powerChart() {
        long hour = 3_600_000L;
        long start = java.time.Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
        java.util.Map<String, java.util.NavigableMap<Long, org.rebound.avro.Telemetry>> windows =
                new java.util.TreeMap<>();
        for (String dc : java.util.List.of("paris-1", "dub-1")) {
            java.util.NavigableMap<Long, org.rebound.avro.Telemetry> byStart = new java.util.TreeMap<>();
            for (int h = 0; h < 72; h++) {
                if (dc.equals("dub-1") && h == 70) {
                    continue; // no window in that hour
                }
                byStart.put(
                        start + h * hour,
                        org.rebound.avro.Telemetry.newBuilder()
                                .setRun("r@1")
                                .setScenario("s")
                                .setDatacentre(dc)
                                .setRegion("FR")
                                .setStart(java.time.Instant.ofEpochMilli(start + h * hour))
                                .setEnd(java.time.Instant.ofEpochMilli(start + (h + 1) * hour))
                                .setRequests(1)
                                .setLoadEvents(1)
                                .setItPowerKw(h)
                                .setFacilityPowerKw(h * 1.234567)
                                .setItEnergyKwh(new org.rebound.avro.Quantity(0.0, 0.0, 0.0, null, null))
                                .setFacilityEnergyKwh(new org.rebound.avro.Quantity(0.0, 0.0, 0.0, null, null))
                                .setCo2eKg(new org.rebound.avro.Quantity(0.0, 0.0, 0.0, null, null))
                                .setWaterL(new org.rebound.avro.Quantity(0.0, 0.0, 0.0, null, null))
                                .setGridCarbonGPerKwh(56)
                                .setPue(1.2)
                                .setWueLPerKwh(0.5)
                                .build());
            }
            windows.put(dc, byStart);
        }
        com.fasterxml.jackson.databind.node.ObjectNode power = RunView.power(windows);
        assertThat(power.get("x")).hasSize(48);
        assertThat(power.get("x").get(0).asLong()).isEqualTo((start + 24 * hour) / 1000);
        assertThat(power.get("x").get(47).asLong()).isEqualTo((start + 71 * hour) / 1000);
        assertThat(power.get("kw").get("paris-1").get(47).asDouble()).isEqualTo(71 * 1.234567);
        assertThat(power.get("kw").get("dub-1").get(46).isNull()).isTrue();
        com.fasterxml.jackson.databind.node.ObjectNode model = JSON.createObjectNode();
        model.set("power", power);
        assertThat(LiveWire.encode(model)
                        .get("power")
                        .get("kw")
                        .get("paris-1")
                        .get(47)
                        .asDouble())
                .isEqualTo(87.65); // 71 × 1.234567 = 87.654…, to four significant digits like the other series
    }
}
