package org.rebound.report;

import static org.rebound.report.Markup.escape;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.rebound.report.results.ImpactQuantity;
import org.rebound.report.results.Impacts;
import org.rebound.report.results.Quantity;
import org.rebound.report.results.Results;
import org.rebound.report.results.RunResults;

/**
 * Builds the report page from a run's summary JSON (README, "What you should see"). Reads nothing
 * else: the summary carries no coefficients, so the sources are pointed to, not repeated.
 * Sections appear only when the summary has their data (comparison, periods, training).
 */
final class HtmlReport {

    /** The quantities of a total, declared once (field, label, unit, per-request unit and scale). */
    private static final List<ImpactQuantity> MEASURES = List.of(ImpactQuantity.values());

    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final JsonNode summary;
    /** The summary, typed: every section about A reads this; only the comparison's own rows still read the tree. */
    private final RunResults results;

    private final String title;
    private final String narrative;
    private final StringBuilder html = new StringBuilder(64 * 1024);

    private HtmlReport(JsonNode summary, String title, String narrative) {
        this.summary = summary;
        this.results = Results.read(summary);
        String scenario = results.scenario();
        this.title = title == null || title.isBlank() ? (scenario.isBlank() ? "Rebound run" : scenario) : title.strip();
        this.narrative = narrative;
    }

    static String render(JsonNode summary, String title, String narrative) {
        return new HtmlReport(summary, title, narrative).page();
    }

    private String page() {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<meta name=\"generator\" content=\"Rebound\"/>\n")
                .append("<title>")
                .append(escape(title))
                .append(" · Rebound run report</title>\n")
                .append("<style>\n")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        header();
        contents();
        html.append("<main>\n");
        comparison();
        totals();
        equivalences();
        breakdown(
                "by-datacentre",
                "By data centre",
                "data centre",
                results.byDatacentre(),
                "Each data centre serves its share of the requests; its region's grid sets the carbon and off-site water of each kWh.",
                "");
        breakdown(
                "by-kind",
                "By kind",
                "kind",
                results.byKind(),
                "A few heavy requests (images, video) can weigh more than many light ones: compare the share of requests with the share of energy.",
                kindChart());
        breakdown(
                "by-region",
                "By region",
                "grid (region)",
                results.byRegion(),
                "The same work on a different grid: carbon intensity is the region's location-based average.",
                "");
        periods();
        reboundPicture();
        whatChanged();
        training();
        ledger();
        assumptions();
        html.append(
                "</main>\n<footer>\n<p>Written by Rebound from the run's summary file. Every figure is a simulation: a central estimate with "
                        + "its low–high range, not a measurement of any real service.</p>\n</footer>\n</body>\n</html>\n");
        return html.toString();
    }

    // ---------------------------------------------------------------- header

    private void header() {
        RunResults.Simulated simulated = results.simulated();
        html.append("<header>\n<p class=\"kicker\">Rebound · run report</p>\n<h1>")
                .append(escape(title))
                .append("</h1>\n<dl class=\"facts\">\n");
        fact("Scenario", "<code>" + escape(results.scenario()) + "</code>");
        fact("Simulated", escape(span(simulated.start(), simulated.end())));
        fact("Seed", escape(Long.toString(results.seed())));
        fact("Run id", "<code>" + escape(results.run().id()) + "</code>");
        fact(
                "Requests",
                escape(Numbers.count(results.requests()) + " in " + Numbers.count(results.loadEvents())
                        + " load events"));
        html.append("</dl>\n");
        String notes = Markup.narrative(narrative);
        if (!notes.isEmpty()) {
            html.append(
                            "<section class=\"narrative\" id=\"narrative\" aria-label=\"Facilitator's notes\">\n<h2>Facilitator's notes</h2>\n")
                    .append(notes)
                    .append("</section>\n");
        }
        html.append("</header>\n");
    }

    private void fact(String term, String definitionHtml) {
        html.append("<div><dt>")
                .append(escape(term))
                .append("</dt><dd>")
                .append(definitionHtml)
                .append("</dd></div>\n");
    }

    private void contents() {
        html.append("<nav aria-label=\"Contents\">\n<ul>\n");
        List<String[]> entries = new ArrayList<>(List.of(
                new String[] {"totals", "Totals"},
                new String[] {"equivalences", "In everyday terms"},
                new String[] {"by-datacentre", "By data centre"},
                new String[] {"by-kind", "By kind"},
                new String[] {"by-region", "By region"}));
        if (hasComparison()) {
            entries.add(0, new String[] {"comparison", comparisonHeading()});
        }
        if (hasPeriods()) {
            entries.add(new String[] {"periods", "Periods"});
            entries.add(new String[] {"rebound-picture", "The rebound picture"});
            if (hasDecomposition()) {
                entries.add(new String[] {"what-changed", "What changed, and why"});
            }
        }
        if (results.training() != null) {
            entries.add(new String[] {"training", "Training"});
        }
        entries.add(new String[] {"ledger", "Ledger and run"});
        entries.add(new String[] {"assumptions", "Assumptions and sources"});
        for (String[] entry : entries) {
            html.append("<li><a href=\"#")
                    .append(entry[0])
                    .append("\">")
                    .append(escape(entry[1]))
                    .append("</a></li>\n");
        }
        html.append("</ul>\n</nav>\n");
    }

    // ---------------------------------------------------------------- comparison (compare A B, or a run with its
    // baseline)

    /** The totals a comparison pairs (the sums of {@link #MEASURES}), after the requests and before the SCI. */
    private static final List<ImpactQuantity> COMPARED =
            MEASURES.stream().filter(q -> q.sum).toList();

    private static final String SIDE_BY_SIDE_INTRO =
            "Two scenarios run side by side, A and B below, each read back from its own "
                    + "aggregates. A − B is the difference (positive when A is higher), A / B the ratio (1.50× = half as much again as B). "
                    + "Every other section of this report is about A alone.";

    private static final String BASELINE_INTRO =
            "A is the scenario; B is its baseline: the same world (the same underlying growth "
                    + "in demand, the same shifts in the mix of requests, the same data centres and grids) without its efficiency gains, so each "
                    + "kind of request keeps costing what it cost at the start. Comparing the two period by period separates what the efficiency gains did from what would "
                    + "have happened anyway. “RE vs baseline” is the share of the energy the gains should have saved that extra demand took "
                    + "back: 0 % = the whole saving kept, 100 % = all of it taken back, above 100 % = A uses more energy than the world "
                    + "without the gains: BACKFIRE. Every other section of this report is about A alone.";

    private boolean hasComparison() {
        return results.hasComparison();
    }

    private boolean againstBaseline() {
        return results.bIsBaselineOfA();
    }

    private String comparisonHeading() {
        return againstBaseline() ? "Against its baseline" : "Side by side";
    }

    private void comparison() {
        if (!hasComparison()) {
            return;
        }
        JsonNode comparison = summary.path("comparison");
        RunResults b = results.comparisonB();
        boolean baseline = againstBaseline();
        section("comparison", comparisonHeading(), baseline ? BASELINE_INTRO : SIDE_BY_SIDE_INTRO);
        String titleA = comparison.path("a_title").asText("");
        String titleB = comparison.path("b_title").asText("");
        html.append("<dl class=\"facts\">\n");
        fact(
                "A",
                escape(titleA.isBlank() ? title : titleA) + " <small>(run <code>"
                        + escape(comparison.path("a").asText("–")) + "</code>)</small>");
        fact(
                baseline ? "B, its baseline" : "B",
                escape(titleB.isBlank() ? (b == null ? "B" : b.scenario()) : titleB) + " <small>(run <code>"
                        + escape(comparison.path("b").asText("–")) + "</code>)</small>");
        html.append("</dl>\n");
        comparisonTotals(comparison.path("totals"), b);
        comparisonPeriods(comparison.path("periods"), baseline);
        html.append("</section>\n");
    }

    /** @param b B's summary, typed (null if the comparison does not carry it: then only the central values are shown) */
    private void comparisonTotals(JsonNode totals, RunResults b) {
        html.append(
                "<h3>Totals over the run</h3>\n<div class=\"table-wrap\"><table class=\"comparison-totals\">\n<thead><tr><th scope=\"col\">quantity</th>"
                        + "<th scope=\"col\" class=\"num\">A</th><th scope=\"col\" class=\"num\">B</th><th scope=\"col\" class=\"num\">A − B</th>"
                        + "<th scope=\"col\" class=\"num\">A / B</th><th scope=\"col\">unit</th></tr></thead>\n<tbody>\n");
        JsonNode requests = totals.path("requests");
        html.append("<tr><th scope=\"row\">Requests</th>")
                .append(num(Numbers.count(requests.path("a").asLong())))
                .append(num(Numbers.count(requests.path("b").asLong())))
                .append(num(signedCount(
                        requests.path("a").asLong() - requests.path("b").asLong())))
                .append(num(ratio(requests)))
                .append("<td>requests</td></tr>\n");
        for (ImpactQuantity m : COMPARED) {
            comparisonRow(
                    m.label,
                    totals.path(m.field),
                    results.totals().get(m),
                    b == null ? null : b.totals().get(m),
                    m.unit);
        }
        comparisonRow(
                "SCI per request (Green Software Foundation)",
                totals.path("sci_gco2e_per_request"),
                results.sciGco2ePerRequest(),
                b == null ? null : b.sciGco2ePerRequest(),
                "g CO₂e per request");
        html.append(
                "</tbody>\n</table></div>\n<p class=\"note\">Central estimates; under A and B, their likely range (p5 – p95) and bounds (low – high). "
                        + "The difference and the ratio are those of the central estimates.</p>\n");
    }

    /** A row of the totals table: A and B (central, with their range when the summaries carry it), A − B and A / B. */
    private void comparisonRow(String label, JsonNode pair, Quantity rangeA, Quantity rangeB, String unit) {
        double a = pair.path("a").asDouble();
        double b = pair.path("b").asDouble();
        double difference =
                pair.path("difference").isNumber() ? pair.path("difference").asDouble() : a - b;
        html.append("<tr><th scope=\"row\">")
                .append(escape(label))
                .append("</th>")
                .append(centralCell(a, rangeA))
                .append(centralCell(b, rangeB))
                .append(num((difference > 0 ? "+" : "") + Numbers.sig3(difference)))
                .append(num(ratio(pair)))
                .append("<td>")
                .append(escape(unit))
                .append("</td></tr>\n");
    }

    private static String centralCell(double central, Quantity range) {
        if (range == null) {
            return num(Numbers.sig3(central));
        }
        return "<td class=\"num\">" + escape(Numbers.sig3(central)) + "<br/><small>" + escape(between(range))
                + "</small></td>";
    }

    private static String ratio(JsonNode pair) {
        JsonNode ratio = pair.path("ratio");
        return ratio.isNumber() && Double.isFinite(ratio.asDouble()) ? Numbers.sig3(ratio.asDouble()) + "×" : "–";
    }

    private static String signedCount(long value) {
        return (value > 0 ? "+" : "") + Numbers.count(value);
    }

    private void comparisonPeriods(JsonNode periods, boolean baseline) {
        if (periods.size() == 0) {
            return;
        }
        html.append(
                        "<h3>Period by period</h3>\n<div class=\"table-wrap\"><table class=\"comparison-periods\">\n<thead><tr>")
                .append("<th scope=\"col\" rowspan=\"2\">#</th><th scope=\"col\" rowspan=\"2\">from</th>")
                .append("<th scope=\"colgroup\" colspan=\"2\" class=\"num\">requests per day</th>")
                .append("<th scope=\"colgroup\" colspan=\"2\" class=\"num\">Wh per request</th>")
                .append("<th scope=\"colgroup\" colspan=\"2\" class=\"num\">facility energy, kWh per day</th>")
                .append(baseline ? "<th scope=\"col\" rowspan=\"2\" class=\"num\">RE vs baseline</th>" : "")
                .append("</tr>\n<tr>");
        for (int i = 0; i < 3; i++) {
            html.append("<th scope=\"col\" class=\"num\">A</th><th scope=\"col\" class=\"num\">B</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        int index = 0;
        for (JsonNode p : periods) {
            index++;
            boolean backfire = baseline && p.path("backfire").asBoolean(false);
            html.append("<tr")
                    .append(backfire ? " class=\"backfire-row\"" : "")
                    .append("><td>")
                    .append(index)
                    .append("</td>")
                    .append("<td class=\"date\">")
                    .append(escape(date(p.path("start").asText(""))))
                    .append("</td>");
            for (String field : List.of("requests_per_day", "wh_per_request", "energy_kwh_per_day")) {
                html.append(num(Numbers.sig3(p.path(field).path("a").asDouble())))
                        .append(num(Numbers.sig3(p.path(field).path("b").asDouble())));
            }
            if (baseline) {
                JsonNode effect = p.path("rebound_effect_vs_baseline");
                html.append("<td class=\"num\">")
                        .append(effect.isNumber() ? escape(Numbers.percent(effect.asDouble())) : "–")
                        .append(backfire ? "<br/><strong class=\"backfire\">BACKFIRE</strong>" : "")
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table></div>\n");
        if (baseline) {
            html.append(
                    "<p class=\"note\">RE vs baseline = (E<sub>A</sub> − E<sub>nr</sub>) / (E<sub>B</sub> − E<sub>nr</sub>) = 1 − (E<sub>B</sub> − E<sub>A</sub>) / (E<sub>B</sub> − E<sub>nr</sub>), "
                            + "period by period (E: facility energy, central; E<sub>nr</sub>: the baseline's requests of each kind at each data centre "
                            + "times A's Wh per request there): the saving realised over the saving expected at the baseline's demand. Growth present in both worlds cancels out; what remains is the extra demand the efficiency "
                            + "gains themselves brought. Above 100 %: <strong class=\"backfire\">BACKFIRE</strong>. "
                            + "“–” where A's requests are no cheaper than the baseline's. Central estimates; periods matched by their order.</p>\n");
            String reading = baselineReading(periods);
            if (!reading.isEmpty()) {
                html.append("<p>").append(escape(reading)).append("</p>\n");
            }
        } else {
            html.append(
                    "<p class=\"note\">Central estimates; periods matched by their order (period 1 of A beside period 1 of B).</p>\n");
        }
        comparisonCharts(periods, baseline);
    }

    /** One sentence that reads the last period against the baseline, or nothing when it has no RE. */
    private static String baselineReading(JsonNode periods) {
        JsonNode last = periods.get(periods.size() - 1);
        JsonNode effect = last.path("rebound_effect_vs_baseline");
        double whA = last.path("wh_per_request").path("a").asDouble();
        double whB = last.path("wh_per_request").path("b").asDouble();
        double energyA = last.path("energy_kwh_per_day").path("a").asDouble();
        double energyB = last.path("energy_kwh_per_day").path("b").asDouble();
        if (!effect.isNumber() || whB <= 0 || energyB <= 0) {
            return "";
        }
        return String.format(
                java.util.Locale.ROOT,
                "In period %d, a request of A cost %s less energy than in the baseline, and A used %s times "
                        + "the baseline's energy per day: the extra demand took back %s of the expected saving%s.",
                periods.size(),
                Numbers.percent(1 - whA / whB),
                Numbers.sig3(energyA / energyB),
                Numbers.percent(effect.asDouble()),
                last.path("backfire").asBoolean(false) ? ", more than all of it (BACKFIRE)" : "");
    }

    private void comparisonCharts(JsonNode periods, boolean baseline) {
        int n = periods.size();
        if (n < 2) {
            return;
        }
        List<String> labels = new ArrayList<>();
        double[] energyA = new double[n];
        double[] energyB = new double[n];
        double[] whA = new double[n];
        double[] whB = new double[n];
        for (int i = 0; i < n; i++) {
            JsonNode p = periods.get(i);
            labels.add(date(p.path("start").asText("")));
            energyA[i] = p.path("energy_kwh_per_day").path("a").asDouble();
            energyB[i] = p.path("energy_kwh_per_day").path("b").asDouble();
            whA[i] = p.path("wh_per_request").path("a").asDouble();
            whB[i] = p.path("wh_per_request").path("b").asDouble();
        }
        String labelB = baseline ? "B (baseline)" : "B";
        String xTitle = "period, by its start date (UTC)";
        html.append("<div class=\"charts\">\n<figure>\n")
                .append(Charts.lines(
                        "chart-compare-wh-per-request",
                        "Energy per request, A and B",
                        "Line chart: facility energy of one request per period, central estimate, of A (solid line, circles) and B (dashed line, squares).",
                        "Wh per request (facility, central)",
                        labels,
                        xTitle,
                        pair(whA, whB, labelB),
                        null,
                        Double.NaN,
                        "",
                        false))
                .append("<figcaption>What one request costs in A (solid line) and in ")
                .append(baseline ? "its baseline B" : "B")
                .append(" (dashed line): facility energy per request, in Wh (central estimates).")
                .append(
                        baseline
                                ? " The gap between the two lines is the efficiency gain; the next chart shows what demand made of it."
                                : "")
                .append("</figcaption>\n</figure>\n<figure>\n")
                .append(Charts.lines(
                        "chart-compare-energy-per-day",
                        "Facility energy per day, A and B",
                        "Line chart: facility energy per day per period, central estimate, of A (solid line, circles) and B (dashed line, squares).",
                        "kWh per day (facility, central)",
                        labels,
                        xTitle,
                        pair(energyA, energyB, labelB),
                        null,
                        Double.NaN,
                        "",
                        false))
                .append("<figcaption>The total: facility energy per day of A (solid line) and of ")
                .append(baseline ? "its baseline B" : "B")
                .append(
                        " (dashed line), central estimates, each line labelled with its last value. Energy per day = requests per day × "
                                + "Wh per request.</figcaption>\n</figure>\n</div>\n");
    }

    private static List<Charts.Series> pair(double[] a, double[] b, String labelB) {
        return List.of(
                new Charts.Series("a", "A", a, Charts.Marker.CIRCLE, "", Charts.COLOURS[0]),
                new Charts.Series("b", labelB, b, Charts.Marker.SQUARE, "6 4", Charts.COLOURS[1]));
    }

    // ---------------------------------------------------------------- totals

    private void totals() {
        Impacts totals = results.totals();
        long requests = results.requests();
        section(
                "totals",
                "Totals with uncertainty",
                "Central estimate, its likely range and its low–high bounds. The bounds are wide on purpose: published energy-per-request figures "
                        + "disagree by one to two orders of magnitude, and the low figure combines every low coefficient, the high every high one. "
                        + "The likely range (p5–p95) holds the middle 90 % of 64 possible worlds, each one draw of every uncertain coefficient "
                        + "(docs/impact-model.md, “Likely range”).");
        html.append(
                "<div class=\"table-wrap\"><table class=\"totals\">\n<thead><tr><th scope=\"col\">quantity</th><th scope=\"col\" class=\"num\">central</th>"
                        + "<th scope=\"col\" class=\"num\">likely p5 – p95; bounds low – high</th><th scope=\"col\">unit</th><th scope=\"col\" class=\"num\">central per request</th></tr></thead>\n<tbody>\n");
        for (ImpactQuantity m : MEASURES) {
            Quantity q = totals.get(m);
            String perRequest = requests == 0
                    ? "–"
                    : Numbers.sig3(q.central() * m.perRequestScale / requests) + " " + m.perRequestUnit;
            html.append("<tr")
                    .append(m.sum ? " class=\"sum\"" : "")
                    .append("><th scope=\"row\">")
                    .append(escape(m.label))
                    .append("</th>")
                    .append(num(Numbers.sig3(q.central())))
                    .append(num(between(q)))
                    .append("<td>")
                    .append(escape(m.unit))
                    .append("</td>")
                    .append(num(perRequest))
                    .append("</tr>\n");
        }
        Quantity sci = results.sciGco2ePerRequest();
        html.append("<tr class=\"sum sci\"><th scope=\"row\">SCI per request (Green Software Foundation)</th>")
                .append(num(Numbers.sig3(sci.central())))
                .append(num(between(sci)))
                .append("<td>g CO₂e per request</td><td class=\"num\">(operational + embodied) ÷ requests</td></tr>\n");
        html.append("</tbody>\n</table></div>\n</section>\n");
    }

    private void equivalences() {
        section(
                "equivalences",
                "In everyday terms",
                "The totals restated as everyday quantities, central (likely p5 – p95; bounds low – high). Illustrations to give a sense of scale, not life-cycle comparisons.");
        Map<String, RunResults.Equivalence> equivalences = results.equivalences();
        if (equivalences.isEmpty()) {
            html.append("<p>No equivalences in this summary.</p>\n");
        } else {
            html.append("<ul class=\"equivalences\">\n");
            for (RunResults.Equivalence e : equivalences.values()) {
                Quantity q = e.amount();
                html.append("<li><strong>")
                        .append(escape(Numbers.sig3(q.central())))
                        .append("</strong> <span class=\"range\">")
                        .append(q.p5() != null ? "(" : "[")
                        .append(escape(between(q)))
                        .append(q.p5() != null ? ")" : "]")
                        .append("</span> ")
                        .append(escape(e.unit()))
                        .append("<br/><small class=\"source\">Source: ")
                        .append(escape(e.source()))
                        .append("</small></li>\n");
            }
            html.append("</ul>\n");
        }
        html.append("</section>\n");
    }

    // ---------------------------------------------------------------- breakdowns

    private void breakdown(
            String id,
            String heading,
            String keyTitle,
            Map<String, RunResults.Counted> rows,
            String intro,
            String figureHtml) {
        section(id, heading, intro);
        if (rows.isEmpty()) {
            html.append("<p>None in this summary.</p>\n</section>\n");
            return;
        }
        double allRequests = results.requests();
        double allEnergy = results.totals().facilityEnergyKwh().central();
        html.append("<div class=\"table-wrap\"><table class=\"breakdown\">\n<thead><tr><th scope=\"col\">")
                .append(escape(keyTitle))
                .append("</th>")
                .append(
                        "<th scope=\"col\" class=\"num\">requests</th><th scope=\"col\" class=\"num\">share of requests</th>")
                .append(
                        "<th scope=\"col\" class=\"num\">facility energy, kWh</th><th scope=\"col\" class=\"num\">share of energy</th>")
                .append(
                        "<th scope=\"col\" class=\"num\">CO₂e, kg</th><th scope=\"col\" class=\"num\">water, L</th></tr></thead>\n<tbody>\n");
        for (Map.Entry<String, RunResults.Counted> entry : rows.entrySet()) {
            RunResults.Counted row = entry.getValue();
            double energy = row.impacts().facilityEnergyKwh().central();
            html.append("<tr><th scope=\"row\"><code>")
                    .append(escape(entry.getKey()))
                    .append("</code></th>")
                    .append(num(Numbers.count(row.requests())))
                    .append(num(allRequests == 0 ? "–" : Numbers.percent(row.requests() / allRequests)))
                    .append(rangeCell(row.impacts().facilityEnergyKwh()))
                    .append(num(allEnergy == 0 ? "–" : Numbers.percent(energy / allEnergy)))
                    .append(rangeCell(row.impacts().co2eKg()))
                    .append(rangeCell(row.impacts().waterL()))
                    .append("</tr>\n");
        }
        html.append(
                        "</tbody>\n</table></div>\n<p class=\"note\">Central estimate; underneath, its likely range (p5 – p95) and its bounds (low – high).</p>\n")
                .append(figureHtml)
                .append("</section>\n");
    }

    private String kindChart() {
        double allRequests = results.requests();
        double allEnergy = results.totals().facilityEnergyKwh().central();
        List<Charts.Bar> bars = new ArrayList<>();
        for (Map.Entry<String, RunResults.Counted> entry : results.byKind().entrySet()) {
            double energy = entry.getValue().impacts().facilityEnergyKwh().central();
            double requests = entry.getValue().requests();
            bars.add(new Charts.Bar(
                    entry.getKey(),
                    allRequests == 0 ? "" : Numbers.percent(requests / allRequests) + " of requests",
                    energy,
                    Numbers.sig3(energy) + " kWh",
                    allEnergy == 0 ? "" : Numbers.percent(energy / allEnergy) + " of the energy"));
        }
        if (bars.isEmpty()) {
            return "";
        }
        bars.sort(Comparator.comparingDouble(Charts.Bar::value).reversed());
        return "<figure>\n"
                + Charts.bars(
                        "chart-energy-by-kind",
                        "Facility energy by kind (central, kWh)",
                        "Horizontal bars: facility energy of each kind of request over the whole run, with its share of the energy and of the requests.",
                        bars)
                + "<figcaption>Facility energy of each kind over the run (central estimate) and its share of the energy; under each kind, its share of the requests.</figcaption>\n</figure>\n";
    }

    // ---------------------------------------------------------------- periods

    private boolean hasPeriods() {
        return results.periods().size() > 1;
    }

    private void periods() {
        if (!hasPeriods()) {
            return;
        }
        section(
                "periods",
                "Periods and the rebound effect",
                "Per period: demand, the facility energy of one request, and the totals per day. The rebound effect compares each "
                        + "period with the same run without its efficiency changes, valued in the same stream: of the energy that cheaper "
                        + "requests should have saved, how much did the extra use they brought take back?");
        html.append(
                        "<div class=\"table-wrap\"><table class=\"periods\">\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">from</th><th scope=\"col\">to</th>")
                .append(
                        "<th scope=\"col\" class=\"num\">days</th><th scope=\"col\" class=\"num\">requests per day</th>")
                .append(
                        "<th scope=\"col\" class=\"num\">Wh per request</th><th scope=\"col\" class=\"num\">facility energy, kWh per day</th>")
                .append("<th scope=\"col\" class=\"num\">CO₂e, kg per day</th>")
                .append("<th scope=\"col\" class=\"num\">rebound effect</th></tr></thead>\n<tbody>\n");
        int index = 0;
        for (RunResults.Period p : results.periods()) {
            index++;
            Impacts perDay = p.perDay();
            boolean backfire = p.backfire();
            html.append("<tr")
                    .append(backfire ? " class=\"backfire-row\"" : "")
                    .append("><td>")
                    .append(index)
                    .append("</td>")
                    .append("<td class=\"date\">")
                    .append(escape(date(p.start())))
                    .append("</td>")
                    .append("<td class=\"date\">")
                    .append(escape(date(p.end())))
                    .append("</td>")
                    .append(num(Numbers.sig3(p.days())))
                    .append(num(Numbers.sig3(p.requestsPerDay())))
                    .append(rangeCell(p.whPerRequest()))
                    .append(rangeCell(perDay.facilityEnergyKwh()))
                    .append(rangeCell(perDay.co2eKg()))
                    .append("<td class=\"num\">")
                    .append(rebound(index, p.reboundEffect(), backfire))
                    .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table></div>\n")
                .append(
                        "<p class=\"note\">Rebound effect against the counterfactual (the same scenario with every energy factor at 1, "
                                + "the PUE as it started and so no induced demand; same growth, profiles, mix, grids): 0 % = the whole saving kept, "
                                + "100 % = all of it taken back by extra use, above 100 % = more energy than without the gains: "
                                + "<strong class=\"backfire\">BACKFIRE</strong> (Jevons' paradox). "
                                + "RE = (E − E<sub>nr</sub>) / (E<sub>cf</sub> − E<sub>nr</sub>) = 1 − S<sub>actual</sub> / S<sub>expected</sub>, "
                                + "E: facility energy, E<sub>cf</sub>: the counterfactual's, E<sub>nr</sub>: the counterfactual's requests at the actual "
                                + "Wh per request (central). Growth and the drift of the mix are in all three and cancel. "
                                + "“–” where efficiency did not improve. Central estimate; underneath, its likely range (p5 – p95) and its bounds (low – high).</p>\n</section>\n");
    }

    private static String rebound(int index, Double effect, boolean backfire) {
        if (effect == null) {
            return "–";
        }
        return escape(Numbers.percent(effect)) + (backfire ? "<br/><strong class=\"backfire\">BACKFIRE</strong>" : "");
    }

    private void reboundPicture() {
        if (!hasPeriods()) {
            return;
        }
        List<RunResults.Period> periods = results.periods();
        int n = periods.size();
        List<String> labels = new ArrayList<>();
        double[] wh = new double[n];
        double[] requests = new double[n];
        double[] energy = new double[n];
        double[] energyLow = new double[n];
        double[] energyHigh = new double[n];
        double[] energyP5 = new double[n];
        double[] energyP95 = new double[n];
        boolean likely = true;
        for (int i = 0; i < n; i++) {
            RunResults.Period p = periods.get(i);
            labels.add(date(p.start()));
            wh[i] = p.whPerRequest().central();
            requests[i] = p.requestsPerDay();
            Quantity e = p.perDay().facilityEnergyKwh();
            energy[i] = e.central();
            energyLow[i] = e.low();
            energyHigh[i] = e.high();
            likely &= e.p5() != null && e.p95() != null;
            energyP5[i] = e.p5() == null ? 0 : e.p5();
            energyP95[i] = e.p95() == null ? 0 : e.p95();
        }
        section("rebound-picture", "The rebound picture", headline(wh, requests, energy));
        String xTitle = "period, by its start date (UTC)";
        html.append("<div class=\"charts\">\n<figure>\n")
                .append(Charts.lines(
                        "chart-wh-per-request",
                        "Energy per request",
                        "Line chart: facility energy of one request, central estimate, per period.",
                        "Wh per request (facility, central)",
                        labels,
                        xTitle,
                        List.of(new Charts.Series(
                                "wh-per-request", "Wh/request", wh, Charts.Marker.CIRCLE, "", Charts.COLOURS[0])),
                        null,
                        Double.NaN,
                        "",
                        true))
                .append(
                        "<figcaption>1. What one request costs: facility energy per request, in Wh (central estimate).</figcaption>\n</figure>\n<figure>\n")
                .append(Charts.lines(
                        "chart-requests-per-day",
                        "Requests per day",
                        "Line chart: simulated requests per day, per period.",
                        "requests per day",
                        labels,
                        xTitle,
                        List.of(new Charts.Series(
                                "requests-per-day",
                                "requests/day",
                                requests,
                                Charts.Marker.SQUARE,
                                "",
                                Charts.COLOURS[1])),
                        null,
                        Double.NaN,
                        "",
                        true))
                .append(
                        "<figcaption>2. How much is asked: simulated requests per day.</figcaption>\n</figure>\n<figure>\n")
                .append(Charts.lines(
                        "chart-energy-per-day",
                        "Facility energy per day, with its range",
                        "Line chart: facility energy per day per period, central estimate, inside a shaded band from the low to the high estimate, "
                                + "the likely range (p5 to p95) shaded darker inside it.",
                        "kWh per day (facility)",
                        labels,
                        xTitle,
                        List.of(new Charts.Series(
                                "energy-per-day", "central", energy, Charts.Marker.CIRCLE, "", Charts.COLOURS[0])),
                        new Charts.Band(energyLow, energyHigh, likely ? energyP5 : null, likely ? energyP95 : null),
                        Double.NaN,
                        "",
                        true))
                .append(
                        "<figcaption>3. The total: facility energy per day, central estimate (line, values above the points) and the "
                                + "low – high bounds (shaded, dotted edges), as wide as the published figures are apart; darker inside, the likely range "
                                + "(p5 – p95 of 64 possible worlds).</figcaption>\n</figure>\n<figure>\n")
                .append(Charts.lines(
                        "chart-index",
                        "Demand and total energy, period 1 = 100",
                        "Line chart of three indices, period 1 = 100: requests per day, facility energy per day and Wh per request.",
                        "index (period 1 = 100)",
                        labels,
                        xTitle,
                        List.of(
                                new Charts.Series(
                                        "requests-per-day",
                                        "requests/day",
                                        index(requests),
                                        Charts.Marker.SQUARE,
                                        "",
                                        Charts.COLOURS[1]),
                                new Charts.Series(
                                        "energy-per-day",
                                        "energy/day",
                                        index(energy),
                                        Charts.Marker.CIRCLE,
                                        "",
                                        Charts.COLOURS[0]),
                                new Charts.Series(
                                        "wh-per-request-index",
                                        "Wh/request",
                                        index(wh),
                                        Charts.Marker.TRIANGLE,
                                        "6 4",
                                        Charts.COLOURS[2])),
                        null,
                        100,
                        "period 1 = 100",
                        false))
                .append(
                        "<figcaption>4. The three side by side, each divided by its period-1 value (× 100). Energy per day = requests per day × "
                                + "Wh per request: when demand grows faster than the cost per request falls, the total grows.</figcaption>\n</figure>\n</div>\n</section>\n");
    }

    private boolean hasDecomposition() {
        List<RunResults.Period> periods = results.periods();
        return periods.size() > 1 && periods.get(periods.size() - 1).decomposition() != null;
    }

    /** The waterfall of the change from the first period to the last (LMDI decomposition), and the sentence that reads it. */
    private void whatChanged() {
        if (!hasDecomposition()) {
            return;
        }
        List<RunResults.Period> periods = results.periods();
        RunResults.Period first = periods.get(0);
        RunResults.Period last = periods.get(periods.size() - 1);
        RunResults.Decomposition d = last.decomposition();
        section("what-changed", "What changed, and why", ChangeReading.of(periods));
        List<Charts.Step> steps = List.of(
                new Charts.Step("growth", "activity", d.activity()),
                new Charts.Step("mix", "kinds, sites", d.mix()),
                new Charts.Step("efficiency", "intensity", d.intensity()),
                new Charts.Step("rebound", "induced demand", d.rebound()));
        String from = date(first.start());
        String to = date(last.start());
        html.append("<figure>\n")
                .append(Charts.waterfall(
                        "chart-what-changed",
                        "Facility energy per day: " + from + " → " + to,
                        "Waterfall chart: facility energy per day in the first period, then the change due to growth in demand, to the mix, "
                                + "to efficiency and to the rebound, then the energy per day in the last period (central estimates).",
                        from,
                        first.perDay().facilityEnergyKwh().central(),
                        steps,
                        to,
                        ChangeReading::energy))
                .append(
                        "<figcaption>From the first period to the last: +growth (counterfactual requests per day), +mix (the shares of kinds "
                                + "and data centres), −efficiency (facility Wh per request: energy factors, PUE), +rebound (the demand efficiency "
                                + "induced). Additive LMDI over kinds × data centres: the four steps add up exactly to the change. Central "
                                + "estimates, kWh per day.</figcaption>\n</figure>\n</section>\n");
    }

    /** One sentence that reads the picture: first period against the last. */
    private static String headline(double[] wh, double[] requests, double[] energy) {
        int last = wh.length - 1;
        if (wh[0] <= 0 || requests[0] <= 0 || energy[0] <= 0) {
            return "Per period: energy per request, demand and the total per day.";
        }
        double whChange = wh[last] / wh[0] - 1;
        return String.format(
                java.util.Locale.ROOT,
                "From period 1 to period %d, the energy of one request %s %s while requests per day were multiplied by %s: "
                        + "the total energy per day was multiplied by %s.",
                last + 1,
                whChange <= 0 ? "fell by" : "rose by",
                Numbers.percent(Math.abs(whChange)),
                Numbers.sig3(requests[last] / requests[0]),
                Numbers.sig3(energy[last] / energy[0]));
    }

    private static double[] index(double[] values) {
        double[] index = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            index[i] = values[0] == 0 ? 0 : 100 * values[i] / values[0];
        }
        return index;
    }

    // ---------------------------------------------------------------- training, ledger, sources

    private void training() {
        RunResults.Training training = results.training();
        if (training == null) {
            return;
        }
        section(
                "training",
                "Training campaign",
                "A one-off campaign valued once, at " + dateTime(training.at())
                        + ", on its region's grid. Its energy is "
                        + "facility energy (its data centre's overhead included); no embodied CO₂e and no on-site water are added.");
        html.append(
                "<div class=\"table-wrap\"><table class=\"training\">\n<thead><tr><th scope=\"col\">quantity</th><th scope=\"col\" class=\"num\">central</th>"
                        + "<th scope=\"col\" class=\"num\">likely p5 – p95; bounds low – high</th><th scope=\"col\">unit</th></tr></thead>\n<tbody>\n");
        trainingRow("Facility energy", training.facilityEnergyKwh(), "kWh");
        trainingRow("Operational CO₂e", training.operationalCo2eKg(), "kg CO₂e");
        trainingRow("CO₂e", training.co2eKg(), "kg CO₂e");
        trainingRow("Off-site water", training.offsiteWaterL(), "L");
        trainingRow("Water", training.waterL(), "L");
        RunResults.Amortised amortised = training.amortisedPerRequest();
        html.append(
                "<tr class=\"subhead\"><th scope=\"rowgroup\" colspan=\"4\">Amortised over the requests of this run</th></tr>\n");
        trainingRow("Facility energy per request", amortised.facilityEnergyWh(), "Wh per request");
        trainingRow("CO₂e per request", amortised.co2eG(), "g CO₂e per request");
        trainingRow("Water per request", amortised.waterMl(), "mL per request");
        html.append("</tbody>\n</table></div>\n");
        String crossover = training.inferenceOvertakesTrainingAt();
        html.append("<p class=\"crossover\"><strong>Inference overtakes training:</strong> ");
        if (crossover == null) {
            html.append("not reached during the run");
            html.append(escape(" (the run's inference reached "
                    + Numbers.percent(training.inferenceShareOfTrainingCo2e()) + " of the training's CO₂e)"));
            html.append(".");
        } else {
            html.append(escape("the run's cumulative inference CO₂e (central) caught up with the training's on "
                    + dateTime(crossover)));
            html.append(escape("; by the end of the run it was " + Numbers.sig3(training.inferenceShareOfTrainingCo2e())
                    + " times the training's"));
            html.append(".");
        }
        html.append("</p>\n</section>\n");
    }

    private void trainingRow(String label, Quantity q, String unit) {
        html.append("<tr><th scope=\"row\">")
                .append(escape(label))
                .append("</th>")
                .append(num(Numbers.sig3(q.central())))
                .append(num(between(q)))
                .append("<td>")
                .append(escape(unit))
                .append("</td></tr>\n");
    }

    private void ledger() {
        RunResults.Ledger ledger = results.ledger();
        RunResults.Run run = results.run();
        section(
                "ledger",
                "Ledger and run",
                "The generator counts what it produces; the totals above are read back from the aggregator's topics. The two must agree exactly.");
        boolean matches = ledger.matches();
        html.append("<dl class=\"facts\">\n");
        fact(
                "Generator's ledger",
                escape(Numbers.count(ledger.requests()) + " requests in " + Numbers.count(ledger.loadEvents())
                        + " load events"));
        fact(
                "Aggregates",
                matches
                        ? "<strong>match the ledger exactly</strong>"
                        : "<strong class=\"backfire\">DO NOT MATCH the ledger</strong>");
        fact("Dead letters", escape(Numbers.count(results.deadLetters()) + " (records the aggregator could not use)"));
        String wall = Numbers.seconds(run.wallSeconds())
                + (run.firstAggregateSeconds() != null
                        ? ", first aggregate after " + Numbers.seconds(run.firstAggregateSeconds())
                        : "");
        fact("Wall time", escape(wall));
        fact(
                "Throughput",
                escape(Numbers.sig3(run.loadEventsPerSecond()) + " load events per second, "
                        + Numbers.sig3(run.requestsPerSecond()) + " simulated requests per second"));
        fact("Run id", "<code>" + escape(run.id()) + "</code>");
        html.append("</dl>\n</section>\n");
    }

    private void assumptions() {
        section("assumptions", "Assumptions and sources", "");
        html.append(ASSUMPTIONS).append("</section>\n");
    }

    // ---------------------------------------------------------------- helpers

    private void section(String id, String heading, String intro) {
        html.append("<section id=\"")
                .append(id)
                .append("\">\n<h2>")
                .append(escape(heading))
                .append("</h2>\n");
        if (!intro.isEmpty()) {
            html.append("<p class=\"intro\">").append(escape(intro)).append("</p>\n");
        }
    }

    private static String num(String text) {
        return "<td class=\"num\">" + escape(text) + "</td>";
    }

    /** Central, with its likely range and its low – high bounds in small print underneath. */
    private static String rangeCell(Quantity q) {
        return "<td class=\"num\">" + escape(Numbers.sig3(q.central())) + "<br/><small>" + escape(between(q))
                + "</small></td>";
    }

    /** "likely p5 – p95; bounds low – high", or "low – high" for a summary without likely ranges. */
    private static String between(Quantity q) {
        String bounds = Numbers.range(q.low(), q.high());
        if (q.p5() == null || q.p95() == null) {
            return bounds;
        }
        return "likely " + Numbers.range(q.p5(), q.p95()) + "; bounds " + bounds;
    }

    private static String span(String start, String end) {
        try {
            Instant from = Instant.parse(start);
            Instant to = Instant.parse(end);
            Duration length = Duration.between(from, to);
            String duration = length.toSeconds() % 86_400 == 0
                    ? Numbers.count(length.toDays()) + (length.toDays() == 1 ? " day" : " days")
                    : Numbers.sig3(length.toSeconds() / 3600.0) + " hours";
            return MINUTE.format(from) + " → " + MINUTE.format(to) + " UTC (" + duration + ")";
        } catch (DateTimeParseException e) {
            return start + " → " + end;
        }
    }

    /** 2025-01-01 for a midnight, 2025-01-01 13:13 otherwise. */
    private static String date(String instant) {
        try {
            Instant at = Instant.parse(instant);
            return at.getEpochSecond() % 86_400 == 0 ? DAY.format(at) : MINUTE.format(at);
        } catch (DateTimeParseException e) {
            return instant;
        }
    }

    private static String dateTime(String instant) {
        try {
            return MINUTE.format(Instant.parse(instant)) + " UTC";
        } catch (DateTimeParseException e) {
            return instant;
        }
    }

    private static final String ASSUMPTIONS = """
            <p>The summary file carries the run's results, not its coefficients. Every default coefficient (energy per request of each kind, \
            PUE, water use, embodied carbon, grid intensity and water per kWh of each region) and its source is listed in \
            <code>docs/impact-model.md</code> of the Rebound repository (rows of <code>impact-data.md</code>); a scenario may replace \
            any of them, so check the scenario file the run used. The everyday equivalences name their sources above.</p>
            <h3>Boundaries</h3>
            <ul>
            <li><strong>IT vs facility energy.</strong> IT energy is what the servers draw for the requests (published per-request \
            estimates); facility energy adds the data centre's overhead (cooling, power distribution): facility = IT × PUE. \
            Operational CO₂e and off-site water follow facility energy.</li>
            <li><strong>Location-based grid intensity.</strong> Operational CO₂e = facility energy × the annual average carbon intensity \
            of the data centre's grid, shaped by a modelled daily profile; contracts and certificates (market-based accounting) are not counted.</li>
            <li><strong>Embodied CO₂e per IT kWh.</strong> The hardware's manufacturing footprint is allocated per kWh of IT energy by a \
            derived rule (a server's footprint over its lifetime energy), not measured.</li>
            <li><strong>On-site vs off-site water.</strong> On-site water is the data centre's cooling (WUE, per kWh of IT energy); \
            off-site water is consumed (evaporated) to generate the electricity (EWIF of the region, per kWh of facility energy); both are consumption, not withdrawal, and the water used to manufacture the hardware is not counted.</li>
            <li><strong>Uncertainty.</strong> Every coefficient has a low, central and high value; the low result combines every low, \
            the high every high (interval arithmetic). SCI per request follows the Green Software Foundation: \
            (operational + embodied CO₂e) ÷ requests.</li>
            <li><strong>Training</strong>, when present, is facility energy on its region's grid, with no embodied CO₂e and no on-site \
            water; it is not in the SCI, its amortised share per request is shown next to it.</li>
            </ul>
            <h3>What these numbers can and cannot claim</h3>
            <ul>
            <li>They <strong>can</strong> show orders of magnitude, ratios and dynamics: a grid's carbon intensity multiplies CO₂e, \
            video and reasoning dominate energy although they are few requests, uncertainty spans one to two orders of magnitude, \
            and totals can grow while each request gets cheaper.</li>
            <li>They <strong>cannot</strong> measure any real service: request counts are simulated, energy per request is a published \
            estimate (often of other models and hardware than those in use today), grids are annual averages shaped by a modelled \
            profile, and embodied impacts are allocated per kWh by a derived rule. Idle capacity, networks, end-user devices and \
            training are left out unless the scenario adds them.</li>
            <li>They are only as good as the scenario's coefficients: every default carries its source so that anyone can check it, \
            disagree, and change it.</li>
            </ul>
            """;

    private static final String STYLE = """
            :root { --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; --accent: #0072B2; --alarm: #a40000; }
            * { box-sizing: border-box; }
            body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink);
                   background: #fff; max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; }
            header { border-bottom: 3px solid var(--ink); padding-bottom: 12px; }
            .kicker { margin: 0; text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--muted); }
            h1 { font-size: 28px; line-height: 1.2; margin: 4px 0 12px; }
            h2 { font-size: 20px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--ink); }
            h3 { font-size: 16px; margin: 18px 0 6px; }
            code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .92em; }
            dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 0 0 8px; }
            dl.facts div { display: contents; }
            dl.facts dt { font-weight: 600; color: var(--muted); }
            dl.facts dd { margin: 0; overflow-wrap: anywhere; }
            .narrative { background: #f5f5f2; border-left: 4px solid var(--accent); padding: 4px 16px; margin-top: 12px; }
            .narrative h2 { font-size: 15px; border: 0; margin: 8px 0 0; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
            nav ul { list-style: none; padding: 0; margin: 12px 0 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 14px; }
            nav a { color: var(--accent); }
            .intro { margin: 4px 0 10px; max-width: 80ch; }
            .note, figcaption, small { color: var(--muted); font-size: 13px; }
            table { border-collapse: collapse; width: 100%; margin: 6px 0; font-variant-numeric: tabular-nums; }
            th, td { padding: 5px 8px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
            thead th { border-bottom: 2px solid var(--ink); font-size: 13px; }
            td.num, th.num { text-align: right; white-space: nowrap; }
            td.date { white-space: nowrap; }
            .table-wrap { overflow-x: auto; }
            tbody th { font-weight: 500; }
            tr.sum th, tr.sum td { font-weight: 700; }
            tr.sci th, tr.sci td { border-top: 2px solid var(--ink); }
            tr.subhead th { background: #f5f5f2; font-weight: 600; }
            tr.backfire-row { background: #fff3f0; }
            .backfire { display: inline-block; border: 2px solid var(--alarm); color: var(--alarm); font-weight: 800; letter-spacing: .06em;
                        padding: 0 4px; font-size: 12px; line-height: 1.4; }
            ul.equivalences { padding-left: 20px; columns: 2 440px; column-gap: 32px; }
            ul.equivalences li { break-inside: avoid; margin-bottom: 8px; }
            .range { color: var(--muted); }
            .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 16px 24px; }
            figure { margin: 10px 0; break-inside: avoid; }
            svg.chart { display: block; width: 100%; max-width: 560px; height: auto; }
            svg.chart text { font-family: inherit; font-size: 12px; fill: #222; }
            svg.chart .chart-title { font-size: 14px; font-weight: 700; }
            svg.chart .axis-title { font-size: 12px; fill: #444; }
            svg.chart .tick { font-size: 11px; fill: #444; }
            svg.chart .value { font-size: 11px; font-weight: 600; }
            svg.chart .end-label { font-size: 12px; font-weight: 700; }
            svg.chart .bar-label { font-size: 13px; font-weight: 700; }
            svg.chart .bar-note { font-size: 11px; fill: #555; }
            svg.chart .reference-label { font-size: 11px; fill: #666; }
            svg.chart .grid { stroke: #e2e2e2; stroke-width: 1; }
            svg.chart .axis { stroke: #333; stroke-width: 1; }
            svg.chart .reference { stroke: #888; stroke-width: 1; stroke-dasharray: 4 3; }
            svg.chart .line { fill: none; stroke-width: 2.5; stroke-linejoin: round; }
            svg.chart .band { fill: #8fb8d8; fill-opacity: .35; stroke: none; }
            svg.chart .band.likely { fill: #4f86b5; fill-opacity: .35; }
            svg.chart .band-edge { fill: none; stroke: #555; stroke-width: 1; stroke-dasharray: 2 3; }
            svg.chart .bar { fill: #8fb8d8; stroke: #1a4f75; stroke-width: 1; }
            svg.chart .step-up { fill: #D55E00; fill-opacity: .8; stroke: #222; stroke-width: 1; }
            svg.chart .step-down { fill: #009E73; fill-opacity: .8; stroke: #222; stroke-width: 1; }
            svg.chart .pt { stroke: #fff; stroke-width: 1.2; }
            footer { margin-top: 40px; border-top: 1px solid var(--rule); color: var(--muted); font-size: 13px; }
            @media print {
              body { font-size: 10.5pt; max-width: none; padding: 0; }
              nav { display: none; }
              h2 { break-after: avoid; }
              table, figure, tr { break-inside: avoid; }
              .narrative, tr.backfire-row, tr.subhead th { background: none; }
              .charts { grid-template-columns: 1fr 1fr; }
            }
            """;
}
