package org.rebound.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The hand-written summary the report tests read: two daily periods (the second one BACKFIRE) and a training campaign;
 * and the same summary with a comparison against a hand-made B.
 */
final class ReportFixtures {

    static final String MALICIOUS_TITLE = "<script>alert(1)</script> & \"Jevons\"";
    static final String NARRATIVE = """
            First paragraph, line one
            line two of the **same** paragraph.

            Second paragraph with <img src=x onerror=alert(1)> and `code`.
            - a point to discuss
            - another *point*
            """;

    private ReportFixtures() {}

    /** A fresh copy each time, so that a test may change it. */
    static ObjectNode twoPeriods() {
        try (InputStream in = ReportFixtures.class.getResourceAsStream("/report/summary-two-periods.json")) {
            return (ObjectNode) new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@link #twoPeriods()} with a power series as a run writes it: hourly over its two days, ashburn-1 at 0.05 kW on
     * the first day and 0.075 kW on the second (3 kWh, its facility energy), paris-1 at 0.025 kW then 1.4 / 24 kW (2 kWh)
     * with a fleet used at 25 % then 50 %.
     */
    static ObjectNode withPower() {
        ObjectNode summary = twoPeriods();
        ObjectNode power = summary.putObject("power");
        power.put("bucket", "hour");
        ArrayNode start = power.putArray("start");
        ArrayNode hours = power.putArray("hours");
        ObjectNode byDatacentre = power.putObject("by_datacentre");
        ObjectNode ashburn = byDatacentre.putObject("ashburn-1");
        ObjectNode paris = byDatacentre.putObject("paris-1");
        ArrayNode ashburnFacility = ashburn.putArray("facility_power_kw");
        ArrayNode ashburnIt = ashburn.putArray("it_power_kw");
        ArrayNode parisFacility = paris.putArray("facility_power_kw");
        ArrayNode parisIt = paris.putArray("it_power_kw");
        ArrayNode parisUtilisation = paris.putArray("utilisation");
        for (int h = 0; h < 48; h++) {
            boolean first = h < 24;
            start.add(java.time.Instant.parse("2025-01-01T00:00:00Z")
                    .plusSeconds(3600L * h)
                    .toString());
            hours.add(1.0);
            ashburnFacility.add(first ? 0.05 : 0.075);
            ashburnIt.add(first ? 0.04 : 0.06);
            parisFacility.add(first ? 0.025 : 1.4 / 24);
            parisIt.add(first ? 0.02 : 1.12 / 24);
            parisUtilisation.add(first ? 0.25 : 0.5);
        }
        return summary;
    }

    /**
     * {@link #twoPeriods()} with the daily power of ten data centres over 30 days, dc-0 … dc-9 at a constant
     * (10 − k) × 2,000 kW: dc-0 draws 20 MW, and dc-7, dc-8, dc-9 use 6 / 55 of the energy.
     */
    static ObjectNode withTenDatacentres() {
        ObjectNode summary = twoPeriods();
        ObjectNode power = summary.putObject("power");
        power.put("bucket", "day");
        ArrayNode start = power.putArray("start");
        ArrayNode hours = power.putArray("hours");
        for (int d = 0; d < 30; d++) {
            start.add(java.time.Instant.parse("2025-01-01T00:00:00Z")
                    .plusSeconds(86_400L * d)
                    .toString());
            hours.add(24.0);
        }
        ObjectNode byDatacentre = power.putObject("by_datacentre");
        for (int k = 0; k < 10; k++) {
            ObjectNode dc = byDatacentre.putObject("dc-" + k);
            ArrayNode facility = dc.putArray("facility_power_kw");
            ArrayNode it = dc.putArray("it_power_kw");
            for (int d = 0; d < 30; d++) {
                facility.add((10 - k) * 2000.0);
                it.add((10 - k) * 1800.0);
            }
        }
        return summary;
    }

    static final String B_TITLE = "<script>alert(2)</script> the same days, without the gains";

    /**
     * {@link #twoPeriods()} as A, with a comparison shaped like the CLI's (compare A B, or a run with its baseline) against
     * a B made from the same file: period 1 identical (1,000 requests/day at 2.0 Wh = 2.0 kWh/day), period 2 with
     * 1,200 requests/day still at 2.0 Wh = 2.4 kWh/day (A: 2,000 at 1.5 Wh = 3.0 kWh/day). Totals of B: 2,200 requests,
     * 4.4 kWh [1.1 – 17.6], 2.0 kg CO₂e [0.3 – 10], 16 L [3 – 80], SCI 0.909 g [0.1 – 3.3].
     * Against a baseline, period 2's RE = 1 − (2.4 − 3.0) / (2.4 × (1 − 1.5 / 2.0)) = 1 + 0.6 / 0.6 = 2 (200 %, BACKFIRE);
     * period 1 has none (the same Wh per request).
     */
    static ObjectNode withComparison(boolean baseline) {
        ObjectNode a = twoPeriods();
        ObjectNode b = twoPeriods();
        b.put("scenario", "classroom-test-baseline");
        b.put("requests", 2200);
        ((ObjectNode) b.get("run")).put("id", "classroom-test-baseline@20250101T000000.000Z");
        ObjectNode totalsB = (ObjectNode) b.get("totals");
        totalsB.set("facility_energy_kwh", range(1.1, 4.4, 17.6));
        totalsB.set("co2e_kg", range(0.3, 2.0, 10.0));
        totalsB.set("water_l", range(3.0, 16.0, 80.0));
        b.set("sci_gco2e_per_request", range(0.1, 2.0 * 1000 / 2200, 3.3));
        ObjectNode periodB = (ObjectNode) b.get("periods").get(1);
        periodB.put("requests", 1200)
                .put("requests_per_day", 1200.0)
                .put("backfire", false)
                .putNull("rebound_effect");
        periodB.set("wh_per_request", range(0.5, 2.0, 8.0));
        ((ObjectNode) periodB.get("per_day")).set("facility_energy_kwh", range(0.6, 2.4, 9.6));

        ObjectNode comparison = a.putObject("comparison");
        comparison
                .put("a", "classroom-test@20250101T000000.000Z")
                .put("b", "classroom-test-baseline@20250101T000000.000Z");
        comparison.put("a_title", MALICIOUS_TITLE).put("b_title", B_TITLE).put("b_is_baseline_of_a", baseline);
        ObjectNode totals = comparison.putObject("totals");
        totals.set("requests", pair(3000, 2200));
        totals.set("facility_energy_kwh", pair(5.0, 4.4));
        totals.set("co2e_kg", pair(2.26, 2.0));
        totals.set("water_l", pair(17.86, 16.0));
        totals.set(
                "sci_gco2e_per_request",
                pair(a.path("sci_gco2e_per_request").path("central").asDouble(), 2.0 * 1000 / 2200));
        ArrayNode periods = comparison.putArray("periods");
        ObjectNode first = periods.addObject().put("start", "2025-01-01T00:00:00Z");
        first.set("requests_per_day", pair(1000, 1000));
        first.set("wh_per_request", pair(2.0, 2.0));
        first.set("energy_kwh_per_day", pair(2.0, 2.0));
        ObjectNode second = periods.addObject().put("start", "2025-01-02T00:00:00Z");
        second.set("requests_per_day", pair(2000, 1200));
        second.set("wh_per_request", pair(1.5, 2.0));
        second.set("energy_kwh_per_day", pair(3.0, 2.4));
        if (baseline) {
            first.putNull("rebound_effect_vs_baseline").put("backfire", false);
            second.put("rebound_effect_vs_baseline", 2.0).put("backfire", true);
        }
        comparison.set("b_summary", b);
        return a;
    }

    private static ObjectNode range(double low, double central, double high) {
        return new ObjectMapper()
                .createObjectNode()
                .put("low", low)
                .put("central", central)
                .put("high", high);
    }

    /** As the CLI writes them: A, B, A − B and A / B (null when B is zero). */
    private static ObjectNode pair(double a, double b) {
        ObjectNode node =
                new ObjectMapper().createObjectNode().put("a", a).put("b", b).put("difference", a - b);
        return b == 0 ? node.putNull("ratio") : node.put("ratio", a / b);
    }
}
