package org.rebound.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rebound.domain.text.Lang;
import org.rebound.report.results.Comparison;
import org.rebound.report.results.ImpactQuantity;
import org.rebound.report.results.Impacts;
import org.rebound.report.results.Quantity;
import org.rebound.report.results.Results;
import org.rebound.report.results.RunResults;

/**
 * Builds the report page from a run's summary JSON (README, "What you should see"). Reads nothing
 * else: the summary carries no coefficients, so the sources are pointed to, not repeated.
 * Sections appear only when the summary has their data (comparison, periods, training, power over
 * time, fleets).
 *
 * <p>This class computes what the page shows (numbers formatted for the language, sentences with
 * their values filled in, the SVG charts); the markup is {@code templates/report.mustache} and its
 * partials, the CSS {@code templates/report.css}, the words {@code messages*.properties}.
 */
final class HtmlReport {

    /** The quantities of a total, declared once (field, unit, per-request unit and scale). */
    private static final List<ImpactQuantity> MEASURES = List.of(ImpactQuantity.values());

    /** The totals a comparison pairs (the sums of {@link #MEASURES}), after the requests and before the SCI. */
    private static final List<ImpactQuantity> COMPARED =
            MEASURES.stream().filter(q -> q.sum).toList();

    private final RunResults results;
    private final ReportText text;
    private final Charts charts;
    private final String title;
    private final String narrative;

    private HtmlReport(JsonNode summary, String title, String narrative, Lang lang) {
        this.results = Results.read(summary);
        this.text = ReportText.of(lang);
        this.charts = new Charts(text);
        String scenario = results.scenario();
        this.title = title == null || title.isBlank()
                ? (scenario.isBlank() ? text.t("report.untitled") : scenario)
                : title.strip();
        this.narrative = narrative;
    }

    static String render(JsonNode summary, String title, String narrative) {
        return render(summary, title, narrative, Lang.EN);
    }

    static String render(JsonNode summary, String title, String narrative, Lang lang) {
        return new HtmlReport(summary, title, narrative, lang).page();
    }

    private String page() {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("lang", text.lang.code());
        page.put("t", Templates.messages(text.messages));
        page.put("style", Templates.css());
        page.put("pageTitle", text.t("page.title", "title", title));
        page.put("title", title);
        page.put("header", header());
        String notes = Markup.narrative(narrative);
        page.put("notesHtml", notes.isEmpty() ? null : notes);
        page.put("nav", contents());
        page.put("comparison", comparison());
        page.put("totals", totals());
        page.put("equivalences", equivalences());
        page.put(
                "breakdowns",
                List.of(
                        breakdown("by-datacentre", results.byDatacentre(), false, null),
                        breakdown("by-kind", results.byKind(), true, kindChart()),
                        breakdown("by-region", results.byRegion(), false, null)));
        page.put("periods", periods());
        page.put("picture", reboundPicture());
        page.put("changed", whatChanged());
        page.put("training", training());
        page.put("power", PowerOverTime.of(results, text, charts));
        page.put("fleets", fleets());
        page.put("ledger", ledger());
        return Templates.render(page);
    }

    // ---------------------------------------------------------------- header

    private Map<String, Object> header() {
        RunResults.Simulated simulated = results.simulated();
        return view(
                "scenario", results.scenario(),
                "simulated", text.span(simulated.start(), simulated.end()),
                "seed", Long.toString(results.seed()),
                "runId", results.run().id(),
                "requests",
                        text.t(
                                "header.requests.value",
                                "requests",
                                text.count(results.requests()),
                                "events",
                                text.count(results.loadEvents())));
    }

    private List<Map<String, Object>> contents() {
        List<String> ids = new ArrayList<>(List.of("totals", "equivalences", "by-datacentre", "by-kind", "by-region"));
        if (results.hasComparison()) {
            ids.add(0, "comparison");
        }
        if (hasPeriods()) {
            ids.add("periods");
            ids.add("rebound-picture");
            if (hasDecomposition()) {
                ids.add("what-changed");
            }
        }
        if (results.training() != null) {
            ids.add("training");
        }
        if (PowerOverTime.has(results)) {
            ids.add("power");
        }
        if (results.fleets() != null && !results.fleets().isEmpty()) {
            ids.add("fleets");
        }
        ids.add("ledger");
        ids.add("assumptions");
        List<Map<String, Object>> entries = new ArrayList<>();
        for (String id : ids) {
            String label = id.equals("comparison") ? comparisonHeading() : text.t("nav." + id);
            entries.add(view("id", id, "label", label));
        }
        return entries;
    }

    // ---------------------------------------------------------------- comparison (compare A B, or a run with its
    // baseline)

    private String comparisonHeading() {
        return text.t(results.bIsBaselineOfA() ? "comparison.heading.baseline" : "comparison.heading.side");
    }

    private Map<String, Object> comparison() {
        Comparison comparison = results.typedComparison();
        if (comparison == null) {
            return null;
        }
        RunResults b = results.comparisonB();
        boolean baseline = results.bIsBaselineOfA();
        String titleA = comparison.aTitle() == null ? "" : comparison.aTitle();
        String titleB = comparison.bTitle() == null ? "" : comparison.bTitle();
        Map<String, Object> view = view(
                "heading", comparisonHeading(),
                "intro", text.t(baseline ? "comparison.intro.baseline" : "comparison.intro.side"),
                "aTitle", titleA.isBlank() ? title : titleA,
                "aRun", comparison.a() == null ? "–" : comparison.a(),
                "bLabel", text.t(baseline ? "comparison.b.baseline" : "comparison.b"),
                "bTitle", titleB.isBlank() ? (b == null ? "B" : b.scenario()) : titleB,
                "bRun", comparison.b() == null ? "–" : comparison.b());
        view.put("totalRows", comparisonTotals(comparison, b));
        view.put("periodTable", comparisonPeriods(comparison.periods(), baseline));
        return view;
    }

    /** @param b B's summary, typed (null if the comparison does not carry it: then only the central values are shown) */
    private List<Map<String, Object>> comparisonTotals(Comparison comparison, RunResults b) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Comparison.Pair requests = comparison.total("requests");
        if (requests != null) {
            long a = (long) requests.a();
            long bRequests = (long) requests.b();
            long difference = a - bRequests;
            rows.add(view(
                    "label", text.t("comparison.requests"),
                    "cells",
                            List.of(
                                    cell(text.count(a)),
                                    cell(text.count(bRequests)),
                                    cell((difference > 0 ? "+" : "") + text.count(difference)),
                                    cell(ratio(requests))),
                    "unit", text.t("comparison.requests.unit")));
        }
        for (ImpactQuantity m : COMPARED) {
            rows.add(comparisonRow(
                    quantityLabel(m),
                    comparison.total(m.field),
                    results.totals().get(m),
                    b == null ? null : b.totals().get(m),
                    quantityUnit(m)));
        }
        rows.add(comparisonRow(
                text.t("sci.label"),
                comparison.total("sci_gco2e_per_request"),
                results.sciGco2ePerRequest(),
                b == null ? null : b.sciGco2ePerRequest(),
                text.t("sci.unit")));
        return rows;
    }

    /** A row of the totals table: A and B (central, with their range when the summaries carry it), A − B and A / B. */
    private Map<String, Object> comparisonRow(
            String label, Comparison.Pair pair, Quantity rangeA, Quantity rangeB, String unit) {
        double a = pair == null ? 0 : pair.a();
        double b = pair == null ? 0 : pair.b();
        double difference = pair == null ? 0 : pair.differenceOrComputed();
        return view(
                "label", label,
                "cells",
                        List.of(
                                centralCell(a, rangeA),
                                centralCell(b, rangeB),
                                cell((difference > 0 ? "+" : "") + text.sig3(difference)),
                                cell(ratio(pair))),
                "unit", unit);
    }

    private Map<String, Object> centralCell(double central, Quantity range) {
        return range == null ? cell(text.sig3(central)) : rangeCell(central, range);
    }

    private String ratio(Comparison.Pair pair) {
        return pair != null && pair.ratio() != null && Double.isFinite(pair.ratio()) ? text.ratio(pair.ratio()) : "–";
    }

    private Map<String, Object> comparisonPeriods(List<Comparison.PeriodPair> periods, boolean baseline) {
        if (periods.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        int index = 0;
        for (Comparison.PeriodPair p : periods) {
            index++;
            boolean backfire = baseline && p.backfires();
            List<Map<String, Object>> cells = new ArrayList<>();
            for (Comparison.Pair pair : List.of(p.requestsPerDay(), p.whPerRequest(), p.energyKwhPerDay())) {
                cells.add(cell(text.sig3(pair == null ? 0 : pair.a())));
                cells.add(cell(text.sig3(pair == null ? 0 : pair.b())));
            }
            Double effect = p.reboundEffectVsBaseline();
            rows.add(view(
                    "index", index,
                    "start", text.date(p.start() == null ? "" : p.start()),
                    "backfire", backfire,
                    "cells", cells,
                    "re", baseline ? view("value", effect == null ? "–" : text.percent(effect)) : null));
        }
        String reading = baseline ? baselineReading(periods) : "";
        return view(
                "baseline",
                baseline,
                "rows",
                rows,
                "reading",
                reading.isEmpty() ? null : reading,
                "charts",
                comparisonCharts(periods, baseline));
    }

    /** One sentence that reads the last period against the baseline, or nothing when it has no RE. */
    private String baselineReading(List<Comparison.PeriodPair> periods) {
        Comparison.PeriodPair last = periods.get(periods.size() - 1);
        Double effect = last.reboundEffectVsBaseline();
        if (effect == null || last.whPerRequest() == null || last.energyKwhPerDay() == null) {
            return "";
        }
        double whA = last.whPerRequest().a();
        double whB = last.whPerRequest().b();
        double energyA = last.energyKwhPerDay().a();
        double energyB = last.energyKwhPerDay().b();
        if (whB <= 0 || energyB <= 0) {
            return "";
        }
        return text.t(
                last.backfires() ? "comparison.reading.backfire" : "comparison.reading",
                "period",
                periods.size(),
                "saving",
                text.percent(1 - whA / whB),
                "ratio",
                text.sig3(energyA / energyB),
                "effect",
                text.percent(effect));
    }

    private Map<String, Object> comparisonCharts(List<Comparison.PeriodPair> periods, boolean baseline) {
        int n = periods.size();
        if (n < 2) {
            return null;
        }
        List<String> labels = new ArrayList<>();
        double[] energyA = new double[n];
        double[] energyB = new double[n];
        double[] whA = new double[n];
        double[] whB = new double[n];
        for (int i = 0; i < n; i++) {
            Comparison.PeriodPair p = periods.get(i);
            labels.add(text.date(p.start() == null ? "" : p.start()));
            energyA[i] = p.energyKwhPerDay() == null ? 0 : p.energyKwhPerDay().a();
            energyB[i] = p.energyKwhPerDay() == null ? 0 : p.energyKwhPerDay().b();
            whA[i] = p.whPerRequest() == null ? 0 : p.whPerRequest().a();
            whB[i] = p.whPerRequest() == null ? 0 : p.whPerRequest().b();
        }
        String labelB = text.t(baseline ? "chart.compare.b.baseline" : "chart.compare.b");
        String xTitle = text.t("chart.x");
        String which = baseline ? ".baseline" : "";
        return view(
                "figures",
                List.of(
                        figure(
                                charts.lines(
                                        "chart-compare-wh-per-request",
                                        text.t("chart.compare.wh.title"),
                                        text.t("chart.compare.wh.desc"),
                                        text.t("chart.compare.wh.y"),
                                        labels,
                                        xTitle,
                                        pair(whA, whB, labelB),
                                        null,
                                        Double.NaN,
                                        "",
                                        false),
                                text.t("chart.compare.wh.caption" + which)),
                        figure(
                                charts.lines(
                                        "chart-compare-energy-per-day",
                                        text.t("chart.compare.energy.title"),
                                        text.t("chart.compare.energy.desc"),
                                        text.t("chart.compare.energy.y"),
                                        labels,
                                        xTitle,
                                        pair(energyA, energyB, labelB),
                                        null,
                                        Double.NaN,
                                        "",
                                        false),
                                text.t("chart.compare.energy.caption" + which))));
    }

    private static List<Charts.Series> pair(double[] a, double[] b, String labelB) {
        return List.of(
                new Charts.Series("a", "A", a, Charts.Marker.CIRCLE, "", Charts.COLOURS[0]),
                new Charts.Series("b", labelB, b, Charts.Marker.SQUARE, "6 4", Charts.COLOURS[1]));
    }

    // ---------------------------------------------------------------- totals

    private Map<String, Object> totals() {
        Impacts totals = results.totals();
        long requests = results.requests();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ImpactQuantity m : MEASURES) {
            Quantity q = totals.get(m);
            String perRequest = requests == 0
                    ? "–"
                    : text.withUnit(text.sig3(q.central() * m.perRequestScale / requests), quantityPerRequestUnit(m));
            rows.add(view(
                    "sum", m.sum,
                    "label", quantityLabel(m),
                    "central", text.sig3(q.central()),
                    "between", text.between(q),
                    "unit", quantityUnit(m),
                    "perRequest", perRequest));
        }
        Quantity sci = results.sciGco2ePerRequest();
        return view(
                "rows", rows,
                "sciCentral", text.sig3(sci.central()),
                "sciBetween", text.between(sci));
    }

    private String quantityLabel(ImpactQuantity m) {
        return text.t("quantity." + m.field);
    }

    private String quantityUnit(ImpactQuantity m) {
        return text.t("quantity." + m.field + ".unit");
    }

    private String quantityPerRequestUnit(ImpactQuantity m) {
        return text.t("quantity." + m.field + ".perRequestUnit");
    }

    /**
     * The totals restated as everyday quantities. The summary carries each one's unit phrase and
     * source in English; a known equivalence (by its id, Equivalences in the domain) is said in the
     * report's language from the bundle, an unknown one as the summary has it.
     */
    private Map<String, Object> equivalences() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map.Entry<String, RunResults.Equivalence> entry :
                results.equivalences().entrySet()) {
            RunResults.Equivalence e = entry.getValue();
            Quantity q = e.amount();
            boolean likely = q.p5() != null;
            String key = "equivalence." + entry.getKey();
            String unit = text.lang == Lang.EN ? e.unit() : text.tOr(key + ".unit", e.unit());
            String source = text.lang == Lang.EN ? e.source() : text.tOr(key + ".source", e.source());
            items.add(view(
                    "central",
                    text.sig3(q.central()),
                    "range",
                    (likely ? "(" : "[") + text.between(q) + (likely ? ")" : "]"),
                    "unit",
                    unit,
                    "source",
                    text.t("equivalences.source", "source", source)));
        }
        return view("list", items.isEmpty() ? null : view("items", items));
    }

    // ---------------------------------------------------------------- breakdowns

    private Map<String, Object> breakdown(
            String id, Map<String, RunResults.Counted> rows, boolean kinds, Map<String, Object> figure) {
        Map<String, Object> view = view(
                "id", id,
                "heading", text.t("breakdown." + id + ".heading"),
                "intro", text.t("breakdown." + id + ".intro"),
                "keyTitle", text.t("breakdown." + id + ".key"));
        if (rows.isEmpty()) {
            view.put("table", null);
            return view;
        }
        double allRequests = results.requests();
        double allEnergy = results.totals().facilityEnergyKwh().central();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Map.Entry<String, RunResults.Counted> entry : rows.entrySet()) {
            RunResults.Counted row = entry.getValue();
            double energy = row.impacts().facilityEnergyKwh().central();
            lines.add(view(
                    "key", kinds ? text.kind(entry.getKey()) : entry.getKey(),
                    "requests", text.count(row.requests()),
                    "requestShare", allRequests == 0 ? "–" : text.percent(row.requests() / allRequests),
                    "energy", rangeCell(row.impacts().facilityEnergyKwh()),
                    "energyShare", allEnergy == 0 ? "–" : text.percent(energy / allEnergy),
                    "co2e", rangeCell(row.impacts().co2eKg()),
                    "water", rangeCell(row.impacts().waterL())));
        }
        view.put("table", view("rows", lines, "figure", figure));
        return view;
    }

    private Map<String, Object> kindChart() {
        double allRequests = results.requests();
        double allEnergy = results.totals().facilityEnergyKwh().central();
        List<Charts.Bar> bars = new ArrayList<>();
        for (Map.Entry<String, RunResults.Counted> entry : results.byKind().entrySet()) {
            double energy = entry.getValue().impacts().facilityEnergyKwh().central();
            double requests = entry.getValue().requests();
            bars.add(new Charts.Bar(
                    text.kind(entry.getKey()),
                    allRequests == 0
                            ? ""
                            : text.t("chart.kind.requestShare", "share", text.percent(requests / allRequests)),
                    energy,
                    text.withUnit(text.sig3(energy), "kWh"),
                    allEnergy == 0 ? "" : text.t("chart.kind.energyShare", "share", text.percent(energy / allEnergy))));
        }
        if (bars.isEmpty()) {
            return null;
        }
        bars.sort(Comparator.comparingDouble(Charts.Bar::value).reversed());
        return figure(
                charts.bars("chart-energy-by-kind", text.t("chart.kind.title"), text.t("chart.kind.desc"), bars),
                text.t("chart.kind.caption"));
    }

    // ---------------------------------------------------------------- periods

    private boolean hasPeriods() {
        return results.periods().size() > 1;
    }

    private Map<String, Object> periods() {
        if (!hasPeriods()) {
            return null;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        int index = 0;
        for (RunResults.Period p : results.periods()) {
            index++;
            Impacts perDay = p.perDay();
            rows.add(view(
                    "index", index,
                    "backfire", p.backfire(),
                    "from", text.date(p.start()),
                    "to", text.date(p.end()),
                    "days", text.sig3(p.days()),
                    "requestsPerDay", text.sig3(p.requestsPerDay()),
                    "cells",
                            List.of(
                                    rangeCell(p.whPerRequest()),
                                    rangeCell(perDay.facilityEnergyKwh()),
                                    rangeCell(perDay.co2eKg())),
                    "rebound", p.reboundEffect() == null ? "–" : text.percent(p.reboundEffect()),
                    "reboundBadge", p.reboundEffect() != null && p.backfire()));
        }
        return view("rows", rows);
    }

    private Map<String, Object> reboundPicture() {
        if (!hasPeriods()) {
            return null;
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
            labels.add(text.date(p.start()));
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
        String xTitle = text.t("chart.x");
        String whSeries = text.t("chart.series.wh");
        String requestsSeries = text.t("chart.series.requests");
        List<Map<String, Object>> figures = List.of(
                figure(
                        charts.lines(
                                "chart-wh-per-request",
                                text.t("chart.wh.title"),
                                text.t("chart.wh.desc"),
                                text.t("chart.wh.y"),
                                labels,
                                xTitle,
                                List.of(new Charts.Series(
                                        "wh-per-request", whSeries, wh, Charts.Marker.CIRCLE, "", Charts.COLOURS[0])),
                                null,
                                Double.NaN,
                                "",
                                true),
                        text.t("chart.wh.caption")),
                figure(
                        charts.lines(
                                "chart-requests-per-day",
                                text.t("chart.requests.title"),
                                text.t("chart.requests.desc"),
                                text.t("chart.requests.y"),
                                labels,
                                xTitle,
                                List.of(new Charts.Series(
                                        "requests-per-day",
                                        requestsSeries,
                                        requests,
                                        Charts.Marker.SQUARE,
                                        "",
                                        Charts.COLOURS[1])),
                                null,
                                Double.NaN,
                                "",
                                true),
                        text.t("chart.requests.caption")),
                figure(
                        charts.lines(
                                "chart-energy-per-day",
                                text.t("chart.energy.title"),
                                text.t("chart.energy.desc"),
                                text.t("chart.energy.y"),
                                labels,
                                xTitle,
                                List.of(new Charts.Series(
                                        "energy-per-day",
                                        text.t("chart.series.central"),
                                        energy,
                                        Charts.Marker.CIRCLE,
                                        "",
                                        Charts.COLOURS[0])),
                                new Charts.Band(
                                        energyLow, energyHigh, likely ? energyP5 : null, likely ? energyP95 : null),
                                Double.NaN,
                                "",
                                true),
                        text.t("chart.energy.caption")),
                figure(
                        charts.lines(
                                "chart-index",
                                text.t("chart.index.title"),
                                text.t("chart.index.desc"),
                                text.t("chart.index.y"),
                                labels,
                                xTitle,
                                List.of(
                                        new Charts.Series(
                                                "requests-per-day",
                                                requestsSeries,
                                                index(requests),
                                                Charts.Marker.SQUARE,
                                                "",
                                                Charts.COLOURS[1]),
                                        new Charts.Series(
                                                "energy-per-day",
                                                text.t("chart.series.energy"),
                                                index(energy),
                                                Charts.Marker.CIRCLE,
                                                "",
                                                Charts.COLOURS[0]),
                                        new Charts.Series(
                                                "wh-per-request-index",
                                                whSeries,
                                                index(wh),
                                                Charts.Marker.TRIANGLE,
                                                "6 4",
                                                Charts.COLOURS[2])),
                                null,
                                100,
                                text.t("chart.index.reference"),
                                false),
                        text.t("chart.index.caption")));
        return view("headline", headline(wh, requests, energy), "figures", figures);
    }

    private boolean hasDecomposition() {
        List<RunResults.Period> periods = results.periods();
        return periods.size() > 1 && periods.get(periods.size() - 1).decomposition() != null;
    }

    /** The waterfall of the change from the first period to the last (LMDI decomposition), and the sentence that reads it. */
    private Map<String, Object> whatChanged() {
        if (!hasDecomposition()) {
            return null;
        }
        List<RunResults.Period> periods = results.periods();
        RunResults.Period first = periods.get(0);
        RunResults.Period last = periods.get(periods.size() - 1);
        RunResults.Decomposition d = last.decomposition();
        List<Charts.Step> steps = List.of(
                new Charts.Step(text.t("changed.growth"), text.t("changed.growth.note"), d.activity()),
                new Charts.Step(text.t("changed.mix"), text.t("changed.mix.note"), d.mix()),
                new Charts.Step(text.t("changed.efficiency"), text.t("changed.efficiency.note"), d.intensity()),
                new Charts.Step(text.t("changed.rebound"), text.t("changed.rebound.note"), d.rebound()));
        String from = text.date(first.start());
        String to = text.date(last.start());
        String chart = charts.waterfall(
                "chart-what-changed",
                text.t("changed.chart.title", "from", from, "to", to),
                text.t("changed.chart.desc"),
                from,
                first.perDay().facilityEnergyKwh().central(),
                steps,
                to,
                kwh -> ChangeReading.energy(kwh, text.lang));
        return view("intro", ChangeReading.of(periods, text.lang), "figure", figure(chart, text.t("changed.caption")));
    }

    /** One sentence that reads the picture: first period against the last. */
    private String headline(double[] wh, double[] requests, double[] energy) {
        int last = wh.length - 1;
        if (wh[0] <= 0 || requests[0] <= 0 || energy[0] <= 0) {
            return text.t("picture.headline.none");
        }
        double whChange = wh[last] / wh[0] - 1;
        return text.t(
                whChange <= 0 ? "picture.headline.fell" : "picture.headline.rose",
                "last",
                last + 1,
                "change",
                text.percent(Math.abs(whChange)),
                "requests",
                text.sig3(requests[last] / requests[0]),
                "energy",
                text.sig3(energy[last] / energy[0]));
    }

    private static double[] index(double[] values) {
        double[] index = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            index[i] = values[0] == 0 ? 0 : 100 * values[i] / values[0];
        }
        return index;
    }

    // ---------------------------------------------------------------- training, ledger

    private Map<String, Object> training() {
        RunResults.Training training = results.training();
        if (training == null) {
            return null;
        }
        RunResults.Amortised amortised = training.amortisedPerRequest();
        String crossover = training.inferenceOvertakesTrainingAt();
        String reading = crossover == null
                ? text.t("training.crossover.not", "share", text.percent(training.inferenceShareOfTrainingCo2e()))
                : text.t(
                        "training.crossover.at",
                        "at",
                        text.dateTime(crossover),
                        "times",
                        text.sig3(training.inferenceShareOfTrainingCo2e()));
        return view(
                "intro", text.t("training.intro", "at", text.dateTime(training.at())),
                "rows",
                        List.of(
                                trainingRow("training.facilityEnergy", training.facilityEnergyKwh(), "unit.kwh"),
                                trainingRow("training.operationalCo2e", training.operationalCo2eKg(), "unit.kgCo2e"),
                                trainingRow("training.co2e", training.co2eKg(), "unit.kgCo2e"),
                                trainingRow("training.offsiteWater", training.offsiteWaterL(), "unit.l"),
                                trainingRow("training.water", training.waterL(), "unit.l")),
                "amortisedRows",
                        List.of(
                                trainingRow(
                                        "training.energyPerRequest", amortised.facilityEnergyWh(), "unit.whPerRequest"),
                                trainingRow("training.co2ePerRequest", amortised.co2eG(), "unit.gCo2ePerRequest"),
                                trainingRow("training.waterPerRequest", amortised.waterMl(), "unit.mlPerRequest")),
                "crossover", reading);
    }

    /** The fleets' table (null: no data centre has a fleet). */
    private Map<String, Object> fleets() {
        if (results.fleets() == null || results.fleets().isEmpty()) {
            return null;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        results.fleets()
                .forEach((dc, fleet) -> rows.add(view(
                        "datacentre", dc,
                        "utilisation", spread(fleet.utilisation()),
                        "power", spread(fleet.itPowerKw()),
                        "servers", text.count(fleet.serversAtStart()) + " → " + text.count(fleet.serversAtEnd()),
                        "backlog", text.count(fleet.backlogMax()))));
        return view("rows", rows);
    }

    private String spread(RunResults.Spread spread) {
        return text.sig3(spread.min()) + " · " + text.sig3(spread.mean()) + " · " + text.sig3(spread.max());
    }

    private Map<String, Object> trainingRow(String labelKey, Quantity q, String unitKey) {
        return view(
                "label", text.t(labelKey),
                "central", text.sig3(q.central()),
                "between", text.between(q),
                "unit", text.t(unitKey));
    }

    private Map<String, Object> ledger() {
        RunResults.Ledger ledger = results.ledger();
        RunResults.Run run = results.run();
        String wall = run.firstAggregateSeconds() != null
                ? text.t(
                        "ledger.wall.first",
                        "wall",
                        text.seconds(run.wallSeconds()),
                        "first",
                        text.seconds(run.firstAggregateSeconds()))
                : text.seconds(run.wallSeconds());
        return view(
                "generator",
                        text.t(
                                "ledger.generator.value",
                                "requests",
                                text.count(ledger.requests()),
                                "events",
                                text.count(ledger.loadEvents())),
                "matches", ledger.matches(),
                "deadLetters", text.t("ledger.deadLetters.value", "count", text.count(results.deadLetters())),
                "wall", wall,
                "throughput",
                        text.t(
                                "ledger.throughput.value",
                                "events",
                                text.sig3(run.loadEventsPerSecond()),
                                "requests",
                                text.sig3(run.requestsPerSecond())),
                "runId", run.id());
    }

    // ---------------------------------------------------------------- helpers

    /** A table cell's text, with nothing underneath. */
    private static Map<String, Object> cell(String value) {
        return view("cellValue", value, "cellRange", null);
    }

    /** Central, with its likely range and its low – high bounds in small print underneath. */
    private Map<String, Object> rangeCell(Quantity q) {
        return rangeCell(q.central(), q);
    }

    private Map<String, Object> rangeCell(double central, Quantity q) {
        return view("cellValue", text.sig3(central), "cellRange", text.between(q));
    }

    private static Map<String, Object> figure(String svg, String caption) {
        return view("svg", svg, "caption", caption);
    }

    /** A map for the template, in the order given: name, value, name, value… (a null value is kept: "false" to a section). */
    static Map<String, Object> view(Object... namesAndValues) {
        Map<String, Object> view = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            view.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return view;
    }
}
