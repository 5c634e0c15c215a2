package org.rebound.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The period table as CSV (RFC 4180: comma separated, CRLF line ends, fields quoted when they
 * hold a comma, a quote or a line break), for a spreadsheet. Numbers are written in full (no
 * rounding, no thousands separator, no exponent); every column name carries its unit.
 * {@code rebound_effect} is a fraction (1 = 100 %) against the run's in-stream counterfactual,
 * empty where efficiency did not improve; then the counterfactual's facility energy per day, its
 * energy without rebound, and the decomposition of the change since the first period (activity,
 * mix, intensity, rebound, kWh per day; empty for the first period).
 *
 * <p>When the summary carries a {@code comparison} (compare A B, or a run with its baseline), the
 * same columns of B follow, prefixed {@code b_} (B's periods matched by their order, empty where B
 * has none), then, against a baseline, {@code rebound_effect_vs_baseline} and
 * {@code backfire_vs_baseline}. Without a comparison the file is the columns above, nothing more.
 */
final class PeriodsCsv {

    /** The eight quantities of a period's per-day figures, as named in the summary. */
    static final List<String> QUANTITIES = List.of("it_energy_kwh", "facility_energy_kwh", "operational_co2e_kg", "embodied_co2e_kg",
            "co2e_kg", "onsite_water_l", "offsite_water_l", "water_l");
    /** Each quantity's columns: central, bounds and likely range (empty for a summary without it). */
    static final List<String> BOUNDS = List.of("central", "low", "p5", "p95", "high");
    /** The effects of a period's decomposition, as named in the summary. */
    static final List<String> EFFECTS = List.of("activity", "mix", "intensity", "rebound");

    private PeriodsCsv() {
    }

    static List<String> header() {
        List<String> columns = new ArrayList<>(List.of("start", "end", "days"));
        columns.addAll(figureColumns(""));
        return columns;
    }

    /** The header of a summary: {@link #header()}, then B's columns when it carries a comparison. */
    static List<String> header(JsonNode summary) {
        List<String> columns = header();
        JsonNode comparison = summary.path("comparison");
        if (comparison.isObject()) {
            columns.addAll(figureColumns("b_"));
            if (comparison.path("b_is_baseline_of_a").asBoolean(false)) {
                columns.add("rebound_effect_vs_baseline");
                columns.add("backfire_vs_baseline");
            }
        }
        return columns;
    }

    /** The columns of one run's period, after start, end and days. */
    private static List<String> figureColumns(String prefix) {
        List<String> columns = new ArrayList<>(List.of(prefix + "requests", prefix + "requests_per_day"));
        for (String quantity : QUANTITIES) {
            for (String bound : BOUNDS) {
                columns.add(prefix + quantity + "_per_day_" + bound);
            }
        }
        for (String bound : BOUNDS) {
            columns.add(prefix + "wh_per_request_" + bound);
        }
        columns.add(prefix + "rebound_effect");
        columns.add(prefix + "backfire");
        columns.add(prefix + "counterfactual_facility_energy_kwh_per_day");
        columns.add(prefix + "no_rebound_facility_energy_kwh_per_day");
        for (String effect : EFFECTS) {
            columns.add(prefix + "decomposition_" + effect + "_kwh_per_day");
        }
        return columns;
    }

    static String render(JsonNode summary) {
        StringBuilder csv = new StringBuilder();
        line(csv, header(summary));
        JsonNode comparison = summary.path("comparison");
        JsonNode periodsB = comparison.path("b_summary").path("periods");
        boolean baseline = comparison.path("b_is_baseline_of_a").asBoolean(false);
        int index = 0;
        for (JsonNode p : summary.path("periods")) {
            List<String> fields = new ArrayList<>();
            fields.add(p.path("start").asText(""));
            fields.add(p.path("end").asText(""));
            fields.add(number(p.path("days")));
            figures(p, fields);
            if (comparison.isObject()) {
                figures(periodsB.path(index), fields);
                if (baseline) {
                    JsonNode row = comparison.path("periods").path(index);
                    fields.add(number(row.path("rebound_effect_vs_baseline")));
                    fields.add(row.isMissingNode() ? "" : row.path("backfire").asBoolean(false) ? "true" : "false");
                }
            }
            line(csv, fields);
            index++;
        }
        return csv.toString();
    }

    /** The figures of one run's period (empty fields when the period is missing). */
    private static void figures(JsonNode p, List<String> fields) {
        fields.add(number(p.path("requests")));
        fields.add(number(p.path("requests_per_day")));
        for (String quantity : QUANTITIES) {
            for (String bound : BOUNDS) {
                fields.add(number(p.path("per_day").path(quantity).path(bound)));
            }
        }
        for (String bound : BOUNDS) {
            fields.add(number(p.path("wh_per_request").path(bound)));
        }
        fields.add(number(p.path("rebound_effect")));
        fields.add(p.isMissingNode() ? "" : p.path("backfire").asBoolean(false) ? "true" : "false");
        fields.add(number(p.path("counterfactual").path("facility_energy_kwh_per_day")));
        fields.add(number(p.path("counterfactual").path("no_rebound_facility_energy_kwh_per_day")));
        for (String effect : EFFECTS) {
            fields.add(number(p.path("decomposition").path(effect)));
        }
    }

    /** A JSON number written in full (2036043334.569863, not 2.036043334569863E9); empty if absent or null. */
    private static String number(JsonNode node) {
        if (!node.isNumber()) {
            return "";
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        double value = node.asDouble();
        if (!Double.isFinite(value)) {
            return "";
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    private static void line(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            csv.append(i == 0 ? "" : ",").append(quote(fields.get(i)));
        }
        csv.append("\r\n");
    }

    private static String quote(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\r") || field.contains("\n")) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        return field;
    }
}
