package org.rebound.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.rebound.domain.text.Lang;
import org.rebound.report.results.Comparison;
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
 *
 * <p>The column names are in the report's language (French: {@code energie_site_kwh_par_jour_centrale},
 * ASCII like the English ones); the figures are not: full numbers with a decimal point and
 * {@code true}/{@code false}, the same file for any spreadsheet or script whatever the language.
 */
final class PeriodsCsv {

    /** Each quantity's columns: central, bounds and likely range (empty for a summary without it). */
    static final List<String> BOUNDS = List.of("central", "low", "p5", "p95", "high");
    /** The effects of a period's decomposition, as named in the summary. */
    static final List<String> EFFECTS = List.of("activity", "mix", "intensity", "rebound");

    private PeriodsCsv() {}

    static List<String> header() {
        return header(Lang.EN);
    }

    /** The columns of one run's periods, named in {@code lang} (units in the names, ASCII, snake_case). */
    static List<String> header(Lang lang) {
        ReportText text = ReportText.of(lang);
        List<String> columns = new ArrayList<>(List.of(text.t("csv.start"), text.t("csv.end"), text.t("csv.days")));
        columns.addAll(figureColumns(text));
        return columns;
    }

    /** The header of a summary: {@link #header()}, then B's columns when it carries a comparison. */
    static List<String> header(RunResults summary) {
        return header(summary, Lang.EN);
    }

    static List<String> header(RunResults summary, Lang lang) {
        ReportText text = ReportText.of(lang);
        List<String> columns = header(lang);
        if (summary.hasComparison()) {
            for (String column : figureColumns(text)) {
                columns.add(text.t("csv.b", "column", column));
            }
            if (summary.bIsBaselineOfA()) {
                columns.add(text.t("csv.rebound_effect_vs_baseline"));
                columns.add(text.t("csv.backfire_vs_baseline"));
            }
        }
        return columns;
    }

    /** The columns of one run's period, after start, end and days. */
    private static List<String> figureColumns(ReportText text) {
        List<String> columns = new ArrayList<>(List.of(text.t("csv.requests"), text.t("csv.requests_per_day")));
        for (ImpactQuantity quantity : ImpactQuantity.values()) {
            for (String bound : BOUNDS) {
                columns.add(text.t(
                        "csv.per_day",
                        "quantity",
                        text.t("csv.quantity." + quantity.field),
                        "bound",
                        text.t("csv.bound." + bound)));
            }
        }
        for (String bound : BOUNDS) {
            columns.add(text.t("csv.wh_per_request", "bound", text.t("csv.bound." + bound)));
        }
        columns.add(text.t("csv.rebound_effect"));
        columns.add(text.t("csv.backfire"));
        columns.add(text.t("csv.counterfactual"));
        columns.add(text.t("csv.no_rebound"));
        for (String effect : EFFECTS) {
            columns.add(text.t("csv.decomposition", "effect", text.t("csv.effect." + effect)));
        }
        return columns;
    }

    static String render(RunResults summary) {
        return render(summary, Lang.EN);
    }

    /** The CSV with its header in {@code lang}; the figures are the same in every language (full, a decimal point). */
    static String render(RunResults summary, Lang lang) {
        StringBuilder csv = new StringBuilder();
        List<String> header = header(summary, lang);
        line(csv, header);
        int figureCount = figureColumns(ReportText.of(lang)).size();
        Comparison comparison = summary.typedComparison();
        RunResults b = comparison == null ? null : summary.comparisonB();
        List<Period> periodsB = b == null ? List.of() : b.periods();
        boolean baseline = summary.bIsBaselineOfA();
        int index = 0;
        for (Period p : summary.periods()) {
            List<String> fields = new ArrayList<>();
            fields.add(p.start());
            fields.add(p.end());
            fields.add(number(p.days()));
            figures(p, fields, figureCount);
            if (comparison != null) {
                figures(index < periodsB.size() ? periodsB.get(index) : null, fields, figureCount);
                if (baseline) {
                    Comparison.PeriodPair row = index < comparison.periods().size()
                            ? comparison.periods().get(index)
                            : null;
                    fields.add(row == null ? "" : number(row.reboundEffectVsBaseline()));
                    fields.add(row == null ? "" : row.backfires() ? "true" : "false");
                }
            }
            line(csv, fields);
            index++;
        }
        return csv.toString();
    }

    /** The figures of one run's period (empty fields when the period is missing, null). */
    private static void figures(Period p, List<String> fields, int count) {
        if (p == null) {
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
