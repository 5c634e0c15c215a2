package org.rebound.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.rebound.report.results.ImpactQuantity;
import org.rebound.report.results.Quantity;
import org.rebound.report.results.RunResults;
import org.rebound.report.results.RunResults.Decomposition;
import org.rebound.report.results.RunResults.Period;

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

    /** Each quantity's columns: central, bounds and likely range (empty for a summary without it). */
    static final List<String> BOUNDS = List.of("central", "low", "p5", "p95", "high");
    /** The effects of a period's decomposition, as named in the summary. */
    static final List<String> EFFECTS = List.of("activity", "mix", "intensity", "rebound");

    private PeriodsCsv() {}

    static List<String> header() {
        List<String> columns = new ArrayList<>(List.of("start", "end", "days"));
        columns.addAll(figureColumns(""));
        return columns;
    }

    /** The header of a summary: {@link #header()}, then B's columns when it carries a comparison. */
    static List<String> header(RunResults summary) {
        List<String> columns = header();
        if (summary.hasComparison()) {
            columns.addAll(figureColumns("b_"));
            if (summary.bIsBaselineOfA()) {
                columns.add("rebound_effect_vs_baseline");
                columns.add("backfire_vs_baseline");
            }
        }
        return columns;
    }

    /** The columns of one run's period, after start, end and days. */
    private static List<String> figureColumns(String prefix) {
        List<String> columns = new ArrayList<>(List.of(prefix + "requests", prefix + "requests_per_day"));
        for (ImpactQuantity quantity : ImpactQuantity.values()) {
            for (String bound : BOUNDS) {
                columns.add(prefix + quantity.field + "_per_day_" + bound);
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

    static String render(RunResults summary) {
        StringBuilder csv = new StringBuilder();
        line(csv, header(summary));
        boolean compared = summary.hasComparison();
        RunResults b = compared ? summary.comparisonB() : null;
        List<Period> periodsB = b == null ? List.of() : b.periods();
        boolean baseline = summary.bIsBaselineOfA();
        // the comparison's own rows (rebound effect against the baseline) are not typed yet
        JsonNode comparisonRows = compared ? summary.comparison().path("periods") : null;
        int index = 0;
        for (Period p : summary.periods()) {
            List<String> fields = new ArrayList<>();
            fields.add(p.start());
            fields.add(p.end());
            fields.add(number(p.days()));
            figures(p, fields);
            if (compared) {
                figures(index < periodsB.size() ? periodsB.get(index) : null, fields);
                if (baseline) {
                    JsonNode row = comparisonRows.path(index);
                    JsonNode re = row.path("rebound_effect_vs_baseline");
                    fields.add(re.isNumber() ? number(re.asDouble()) : "");
                    fields.add(row.isMissingNode() ? "" : row.path("backfire").asBoolean(false) ? "true" : "false");
                }
            }
            line(csv, fields);
            index++;
        }
        return csv.toString();
    }

    /** The figures of one run's period (empty fields when the period is missing, null). */
    private static void figures(Period p, List<String> fields) {
        if (p == null) {
            int count = figureColumns("").size();
            for (int i = 0; i < count; i++) {
                fields.add("");
            }
            return;
        }
        fields.add(Long.toString(p.requests()));
        fields.add(number(p.requestsPerDay()));
        for (ImpactQuantity quantity : ImpactQuantity.values()) {
            Quantity q = p.perDay().get(quantity);
            for (String bound : BOUNDS) {
                fields.add(number(q.bound(bound)));
            }
        }
        for (String bound : BOUNDS) {
            fields.add(number(p.whPerRequest().bound(bound)));
        }
        fields.add(number(p.reboundEffect()));
        fields.add(p.backfire() ? "true" : "false");
        fields.add(number(p.counterfactual().facilityEnergyKwhPerDay()));
        fields.add(number(p.counterfactual().noReboundFacilityEnergyKwhPerDay()));
        Decomposition d = p.decomposition();
        fields.add(d == null ? "" : number(d.activity()));
        fields.add(d == null ? "" : number(d.mix()));
        fields.add(d == null ? "" : number(d.intensity()));
        fields.add(d == null ? "" : number(d.rebound()));
    }

    /** A number written in full (2036043334.569863, not 2.036043334569863E9); empty if absent or not finite. */
    private static String number(Double value) {
        if (value == null || !Double.isFinite(value)) {
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
