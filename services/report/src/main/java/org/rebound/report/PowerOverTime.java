package org.rebound.report;

import static org.rebound.report.HtmlReport.view;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.rebound.report.results.PowerSeries;
import org.rebound.report.results.RunResults;

/**
 * The report's "Power over time" section, from the summary's {@code power}: facility power of each
 * data centre over simulated time and, for the fleets, their utilisation.
 *
 * <p>One chart with one line per data centre, as long as the lines stay readable on a projector:
 * up to {@value #LINES} of them. With more (global-year has 24), the {@value #LINES} − 1 that used
 * the most energy keep their line and the others are one grey band, from the lowest to the highest
 * of them at each point: every data centre stays on the chart at its own scale, where a line of the
 * others' sum would dwarf the rest (in global-year the 17 smallest together draw more than the 7
 * largest), and 24 small charts would make each too small to read from the back of a room.
 */
final class PowerOverTime {

    /** Lines on one chart, at most (the Okabe–Ito colours but yellow, and the grey band). */
    static final int LINES = 8;

    private static final String[] COLOURS = {
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#882255"
    };
    private static final String[] DASHES = {"", "6 4", "2 3", "10 3 2 3", "", "6 4", "2 3", "10 3 2 3"};
    private static final Charts.Marker[] MARKERS = Charts.Marker.values();

    /** Above this, in kW, the chart is in MW. */
    private static final double MW_FROM_KW = 10_000;

    private static final long HOUR_MS = 3_600_000L;

    private final PowerSeries power;
    private final ReportText text;
    private final Charts charts;

    private PowerOverTime(PowerSeries power, ReportText text, Charts charts) {
        this.power = power;
        this.text = text;
        this.charts = charts;
    }

    /** Whether the summary has a series to draw (older summaries have none). */
    static boolean has(RunResults results) {
        return results.power() != null
                && results.power().size() > 0
                && !results.power().byDatacentre().isEmpty();
    }

    /** The section's view, null when the summary has no power series. */
    static Map<String, Object> of(RunResults results, ReportText text, Charts charts) {
        return has(results) ? new PowerOverTime(results.power(), text, charts).section() : null;
    }

    private Map<String, Object> section() {
        boolean hourly = PowerSeries.HOUR.equals(power.bucket());
        int n = power.size();
        long bucketHours = hourly ? 1 : 24;
        long[] atMs = new long[n];
        List<String> pointLabels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long start = Instant.parse(power.start().get(i)).toEpochMilli();
            // the middle of what the point averages: its bucket, or its window when windows are longer
            atMs[i] = start + Math.round(Math.max(bucketHours, power.hours().get(i)) * HOUR_MS / 2);
            pointLabels.add(
                    hourly
                            ? text.dateTime(power.start().get(i))
                            : text.date(power.start().get(i)));
        }
        long fromMs = Instant.parse(power.start().get(0)).toEpochMilli();
        long toMs = Instant.parse(power.start().get(n - 1)).toEpochMilli()
                + Math.round(Math.max(bucketHours, power.hours().get(n - 1)) * HOUR_MS);
        List<TimeAxis.Tick> xTicks = TimeAxis.ticks(fromMs, toMs, 6, text);
        String xTitle = text.t("chart.time.x");

        // data centres by facility energy, largest first (then by name: a stable order)
        List<String> byEnergy = new ArrayList<>(power.byDatacentre().keySet());
        byEnergy.sort(Comparator.comparingDouble((String dc) -> -power.facilityEnergyKwh(dc))
                .thenComparing(Comparator.naturalOrder()));
        double maxKw = 0;
        for (PowerSeries.Datacentre dc : power.byDatacentre().values()) {
            for (double kw : dc.facilityPowerKw()) {
                maxKw = Math.max(maxKw, kw);
            }
        }
        boolean mw = maxKw >= MW_FROM_KW;
        double divisor = mw ? 1000 : 1;
        String unit = mw ? "MW" : "kW";
        Lines powerLines = lines(byEnergy, dc -> scaled(dc.facilityPowerKw(), divisor));
        double total = byEnergy.stream().mapToDouble(power::facilityEnergyKwh).sum();
        double othersEnergy = powerLines.others().stream()
                .mapToDouble(power::facilityEnergyKwh)
                .sum();
        String caption = text.t(hourly ? "chart.power.caption.hour" : "chart.power.caption.day")
                + (powerLines.others().isEmpty()
                        ? ""
                        : " "
                                + text.t(
                                        "chart.power.caption.others",
                                        "count",
                                        powerLines.others().size(),
                                        "share",
                                        total > 0 ? text.percent(othersEnergy / total) : "–"));
        List<Map<String, Object>> figures = new ArrayList<>();
        figures.add(figure(
                charts.timeLines(
                        "chart-power",
                        text.t("chart.power.title"),
                        text.t("chart.power.desc"),
                        text.t("chart.power.y", "unit", unit),
                        atMs,
                        pointLabels,
                        fromMs,
                        toMs,
                        xTicks,
                        xTitle,
                        powerLines.series(),
                        powerLines.band(),
                        Double.NaN,
                        unit),
                caption));

        List<String> fleets = byEnergy.stream()
                .filter(dc -> power.byDatacentre().get(dc).utilisation() != null)
                .toList();
        if (!fleets.isEmpty()) {
            Lines utilisation = lines(fleets, dc -> percent(dc.utilisation()));
            figures.add(figure(
                    charts.timeLines(
                            "chart-utilisation",
                            text.t("chart.utilisation.title"),
                            text.t("chart.utilisation.desc"),
                            text.t("chart.utilisation.y"),
                            atMs,
                            pointLabels,
                            fromMs,
                            toMs,
                            xTicks,
                            xTitle,
                            utilisation.series(),
                            utilisation.band(),
                            100,
                            "%"),
                    text.t("chart.utilisation.caption")
                            + (utilisation.others().isEmpty()
                                    ? ""
                                    : " "
                                            + text.t(
                                                    "chart.utilisation.caption.others",
                                                    "count",
                                                    utilisation.others().size()))));
        }
        return view("intro", text.t(hourly ? "power.intro.hour" : "power.intro.day"), "figures", figures);
    }

    /** The lines of a chart and the band of the data centres left out. */
    private record Lines(List<Charts.TimeSeries> series, Charts.Others band, List<String> others) {}

    /** Up to {@link #LINES} lines in the order given; with more, the first LINES − 1 and a band for the rest. */
    private Lines lines(List<String> ordered, Function<PowerSeries.Datacentre, double[]> values) {
        int shown = ordered.size() <= LINES ? ordered.size() : LINES - 1;
        List<Charts.TimeSeries> series = new ArrayList<>();
        for (int i = 0; i < shown; i++) {
            String dc = ordered.get(i);
            series.add(new Charts.TimeSeries(
                    dc,
                    dc,
                    values.apply(power.byDatacentre().get(dc)),
                    MARKERS[i % MARKERS.length],
                    DASHES[i],
                    COLOURS[i]));
        }
        List<String> others = ordered.subList(shown, ordered.size());
        if (others.isEmpty()) {
            return new Lines(series, null, List.of());
        }
        int n = power.size();
        List<double[]> otherValues = others.stream()
                .map(dc -> values.apply(power.byDatacentre().get(dc)))
                .toList();
        double[] low = new double[n];
        double[] high = new double[n];
        for (int i = 0; i < n; i++) {
            low[i] = Double.POSITIVE_INFINITY;
            high[i] = Double.NEGATIVE_INFINITY;
            for (double[] of : otherValues) {
                double v = of[i];
                if (Double.isFinite(v)) {
                    low[i] = Math.min(low[i], v);
                    high[i] = Math.max(high[i], v);
                }
            }
            if (low[i] > high[i]) {
                low[i] = 0;
                high[i] = 0;
            }
        }
        return new Lines(
                series,
                new Charts.Others(text.t("chart.others", "count", others.size()), low, high),
                List.copyOf(others));
    }

    private static double[] scaled(List<Double> values, double divisor) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i) / divisor;
        }
        return out;
    }

    /** Utilisation 0..1 as a percentage; NaN where the data centre had no fleet. */
    private static double[] percent(List<Double> utilisation) {
        double[] out = new double[utilisation.size()];
        for (int i = 0; i < out.length; i++) {
            Double u = utilisation.get(i);
            out[i] = u == null ? Double.NaN : 100 * u;
        }
        return out;
    }

    private static Map<String, Object> figure(String svg, String caption) {
        return view("svg", svg, "caption", caption);
    }
}
