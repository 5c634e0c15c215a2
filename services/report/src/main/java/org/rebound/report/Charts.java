package org.rebound.report;

import static org.rebound.report.Markup.escape;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts drawn by hand (no library, no script). Meant to survive a black-and-white
 * printer: every series is labelled in the chart and has its own marker and dash pattern, colour
 * only repeats what the labels say. Every data point is an element of class {@code pt} with a
 * {@code data-period} attribute (1-based).
 */
final class Charts {

    static final String[] COLOURS = {"#0072B2", "#D55E00", "#009E73", "#CC79A7"}; // Okabe–Ito, colour-blind safe

    enum Marker {
        CIRCLE,
        SQUARE,
        TRIANGLE
    }

    /** One labelled line; {@code dash} is an SVG dash array, or empty for a solid line. */
    record Series(String key, String label, double[] values, Marker marker, String dash, String colour) {}

    /**
     * A shaded low–high range drawn behind the lines, with the likely range p5–p95 (null when the
     * summary has none) shaded darker inside it.
     */
    record Band(double[] low, double[] high, double[] p5, double[] p95) {

        Band(double[] low, double[] high) {
            this(low, high, null, null);
        }
    }

    /** One horizontal bar: its label and a note under it, its value, and the text (and a note under it) shown after the bar. */
    record Bar(String label, String note, double value, String valueText, String valueNote) {}

    private static final int WIDTH = 560;
    private static final int HEIGHT = 330;
    private static final int LEFT = 70;
    private static final int RIGHT = 120;
    private static final int TOP = 48;
    private static final int BOTTOM = 62;

    /** The language of the labels and numbers. */
    private final ReportText words;

    Charts(ReportText words) {
        this.words = words;
    }

    /**
     * A line chart over the periods, y from zero.
     *
     * @param yUnit        the unit of the y axis ("Wh per request"); a scale word is prefixed when the values need one
     * @param reference    a horizontal reference line (NaN for none), e.g. 100 on an index
     * @param valueLabels  whether to print each point's value above it
     */
    String lines(
            String id,
            String title,
            String description,
            String yUnit,
            List<String> xLabels,
            String xTitle,
            List<Series> series,
            Band band,
            double reference,
            String referenceLabel,
            boolean valueLabels) {
        int n = xLabels.size();
        double max = highest(series.stream().map(Series::values).toList(), band == null ? null : band.high());
        if (!Double.isNaN(reference)) {
            max = Math.max(max, reference);
        }
        double[] rawTicks = ticks(max);
        double top = rawTicks[rawTicks.length - 1];
        Scale scale = Scale.of(top);
        double[] ticks = new double[rawTicks.length];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = rawTicks[i] / scale.divisor();
        }
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        java.util.function.IntToDoubleFunction x = i -> LEFT + plotWidth * (i + 0.5) / n;
        java.util.function.DoubleUnaryOperator y = v -> TOP + plotHeight * (1 - finite(v) / top);

        StringBuilder svg = open(id, title, description, HEIGHT);
        axes(svg, ticks, scale, y, plotHeight);
        svg.append(text(LEFT, TOP - 10, "axis-title", "start", yAxisTitle(scale, yUnit)));
        int every = Math.max(1, (int) Math.ceil(n / 8.0));
        for (int i = 0; i < n; i++) {
            if (i % every == 0 || i == n - 1) {
                svg.append(text(x.applyAsDouble(i), TOP + plotHeight + 18, "tick", "middle", xLabels.get(i)));
            }
        }
        svg.append(text(LEFT + plotWidth / 2, HEIGHT - 12, "axis-title", "middle", xTitle));

        List<EndLabel> endLabels = new ArrayList<>();
        if (band != null) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < n; i++) {
                points.append(point(x.applyAsDouble(i), y.applyAsDouble(band.high()[i])))
                        .append(' ');
            }
            for (int i = n - 1; i >= 0; i--) {
                points.append(point(x.applyAsDouble(i), y.applyAsDouble(band.low()[i])))
                        .append(' ');
            }
            svg.append("<polygon class=\"band\" points=\"")
                    .append(points.toString().strip())
                    .append("\"/>\n");
            if (band.p5() != null && band.p95() != null) {
                StringBuilder likely = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    likely.append(point(x.applyAsDouble(i), y.applyAsDouble(band.p95()[i])))
                            .append(' ');
                }
                for (int i = n - 1; i >= 0; i--) {
                    likely.append(point(x.applyAsDouble(i), y.applyAsDouble(band.p5()[i])))
                            .append(' ');
                }
                svg.append("<polygon class=\"band likely\" points=\"")
                        .append(likely.toString().strip())
                        .append("\"/>\n");
            }
            svg.append("<polyline class=\"band-edge\" points=\"")
                    .append(polyline(band.high(), x, y))
                    .append("\"/>\n");
            svg.append("<polyline class=\"band-edge\" points=\"")
                    .append(polyline(band.low(), x, y))
                    .append("\"/>\n");
            endLabels.add(new EndLabel(
                    y.applyAsDouble(band.high()[n - 1]),
                    words.t("chart.high", "value", words.sig3(band.high()[n - 1] / scale.divisor())),
                    "#555555"));
            endLabels.add(new EndLabel(
                    y.applyAsDouble(band.low()[n - 1]),
                    words.t("chart.low", "value", words.sig3(band.low()[n - 1] / scale.divisor())),
                    "#555555"));
        }
        if (!Double.isNaN(reference)) {
            double ry = y.applyAsDouble(reference);
            svg.append(String.format(
                    Locale.ROOT,
                    "<line class=\"reference\" x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>%n",
                    LEFT,
                    ry,
                    LEFT + plotWidth,
                    ry));
            svg.append(text(LEFT + plotWidth - 4, ry - 5, "reference-label", "end", referenceLabel));
        }
        for (Series s : series) {
            svg.append("<g class=\"series\" data-series=\"")
                    .append(escape(s.key()))
                    .append("\">\n");
            svg.append("<polyline class=\"line\" stroke=\"")
                    .append(s.colour())
                    .append('"')
                    .append(s.dash().isEmpty() ? "" : " stroke-dasharray=\"" + s.dash() + "\"")
                    .append(" points=\"")
                    .append(polyline(s.values(), x, y))
                    .append("\"/>\n");
            for (int i = 0; i < n; i++) {
                double px = x.applyAsDouble(i);
                double py = y.applyAsDouble(s.values()[i]);
                svg.append(marker(
                        s.marker(),
                        px,
                        py,
                        s.colour(),
                        i + 1,
                        words.t(
                                "chart.point",
                                "series",
                                s.label(),
                                "period",
                                i + 1,
                                "value",
                                words.sig3(s.values()[i] / scale.divisor()))));
                if (valueLabels && n <= 12) {
                    svg.append(text(px, py - 10, "value", "middle", words.sig3(s.values()[i] / scale.divisor())));
                }
            }
            svg.append("</g>\n");
            endLabels.add(new EndLabel(
                    y.applyAsDouble(s.values()[n - 1]),
                    s.label() + (valueLabels ? "" : " " + words.sig3(s.values()[n - 1] / scale.divisor())),
                    s.colour()));
        }
        placeEndLabels(svg, endLabels, x.applyAsDouble(n - 1) + 10);
        return svg.append("</svg>\n").toString();
    }

    /** One line over simulated time; NaN where it has no value (the line breaks there). */
    record TimeSeries(String key, String label, double[] values, Marker marker, String dash, String colour) {}

    /** What the lines leave out (the other data centres): a grey band from their lowest to their highest at each point. */
    record Others(String label, double[] low, double[] high) {}

    /** Markers on a line over time, at most: enough to tell the lines apart in black and white, each with its value. */
    private static final int TIME_MARKERS = 12;

    /**
     * A line chart over simulated time: x proportional to time, y from zero; markers on a dozen
     * points of each line, each line labelled at its end.
     *
     * @param atMs        each point's instant (the middle of what it averages)
     * @param pointLabels each point's instant as the tooltips say it
     * @param top         the top of the y axis (NaN: from the values)
     * @param unit        the values' unit in the tooltips ("%": values are percentages, said as the language does)
     */
    String timeLines(
            String id,
            String title,
            String description,
            String yUnit,
            long[] atMs,
            List<String> pointLabels,
            long fromMs,
            long toMs,
            List<TimeAxis.Tick> xTicks,
            String xTitle,
            List<TimeSeries> series,
            Others others,
            double top,
            String unit) {
        int n = atMs.length;
        double max = highest(series.stream().map(TimeSeries::values).toList(), others == null ? null : others.high());
        double[] rawTicks = ticks(Double.isNaN(top) ? max : top);
        double axisTop = rawTicks[rawTicks.length - 1];
        Scale scale = Scale.of(axisTop);
        double[] ticks = new double[rawTicks.length];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = rawTicks[i] / scale.divisor();
        }
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double span = Math.max(1, toMs - fromMs);
        java.util.function.LongToDoubleFunction x = ms -> LEFT + plotWidth * (ms - fromMs) / span;
        java.util.function.DoubleUnaryOperator y = v -> TOP + plotHeight * (1 - finite(v) / axisTop);

        StringBuilder svg = open(id, title, description, HEIGHT);
        axes(svg, ticks, scale, y, plotHeight);
        svg.append(text(LEFT, TOP - 10, "axis-title", "start", yAxisTitle(scale, yUnit)));
        for (TimeAxis.Tick tick : xTicks) {
            double tx = x.applyAsDouble(tick.atMs());
            svg.append(String.format(
                    Locale.ROOT,
                    "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\"/>%n",
                    tx,
                    TOP,
                    tx,
                    TOP + plotHeight));
            svg.append(text(tx, TOP + plotHeight + 18, "tick", "middle", tick.label()));
        }
        svg.append(text(LEFT + plotWidth / 2, HEIGHT - 12, "axis-title", "middle", xTitle));

        List<EndLabel> endLabels = new ArrayList<>();
        if (others != null && n > 0) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < n; i++) {
                points.append(point(x.applyAsDouble(atMs[i]), y.applyAsDouble(others.high()[i])))
                        .append(' ');
            }
            for (int i = n - 1; i >= 0; i--) {
                points.append(point(x.applyAsDouble(atMs[i]), y.applyAsDouble(others.low()[i])))
                        .append(' ');
            }
            svg.append("<polygon class=\"band others\" points=\"")
                    .append(points.toString().strip())
                    .append("\"><title>")
                    .append(escape(others.label()))
                    .append("</title></polygon>\n");
            endLabels.add(new EndLabel(
                    y.applyAsDouble((others.low()[n - 1] + others.high()[n - 1]) / 2), others.label(), "#555555"));
        }
        for (TimeSeries s : series) {
            svg.append("<g class=\"series\" data-series=\"")
                    .append(escape(s.key()))
                    .append("\">\n");
            for (String segment : segments(s.values(), atMs, x, y)) {
                svg.append("<polyline class=\"line\" stroke=\"")
                        .append(s.colour())
                        .append('"')
                        .append(s.dash().isEmpty() ? "" : " stroke-dasharray=\"" + s.dash() + "\"")
                        .append(" points=\"")
                        .append(segment)
                        .append("\"><title>")
                        .append(escape(s.label()))
                        .append("</title></polyline>\n");
            }
            int markers = Math.min(n, TIME_MARKERS);
            for (int k = 0; k < markers; k++) {
                int i = markers == 1 ? 0 : (int) Math.round(k * (n - 1) / (double) (markers - 1));
                double v = s.values()[i];
                if (!Double.isFinite(v)) {
                    continue;
                }
                svg.append(marker(
                        s.marker(),
                        x.applyAsDouble(atMs[i]),
                        y.applyAsDouble(v),
                        s.colour(),
                        i + 1,
                        words.t(
                                "chart.time.point",
                                "series",
                                s.label(),
                                "at",
                                pointLabels.get(i),
                                "value",
                                "%".equals(unit)
                                        ? words.percent(v / 100)
                                        : words.withUnit(words.sig3(v / scale.divisor()), unit))));
            }
            svg.append("</g>\n");
            for (int i = n - 1; i >= 0; i--) {
                if (Double.isFinite(s.values()[i])) {
                    endLabels.add(new EndLabel(y.applyAsDouble(s.values()[i]), s.label(), s.colour()));
                    break;
                }
            }
        }
        placeEndLabels(svg, endLabels, LEFT + plotWidth + 8);
        return svg.append("</svg>\n").toString();
    }

    /** The points of a line, one polyline per run of finite values. */
    private static List<String> segments(
            double[] values,
            long[] atMs,
            java.util.function.LongToDoubleFunction x,
            java.util.function.DoubleUnaryOperator y) {
        List<String> segments = new ArrayList<>();
        StringBuilder points = new StringBuilder();
        for (int i = 0; i <= values.length; i++) {
            if (i < values.length && Double.isFinite(values[i])) {
                points.append(points.length() == 0 ? "" : " ")
                        .append(point(x.applyAsDouble(atMs[i]), y.applyAsDouble(values[i])));
            } else if (points.length() > 0) {
                segments.add(points.toString());
                points.setLength(0);
            }
        }
        return segments;
    }

    /** Horizontal bars from zero, largest first as given; the value text follows each bar. */
    String bars(String id, String title, String description, List<Bar> bars) {
        int labelWidth = 120;
        int textWidth = 150;
        int rowHeight = 40;
        int height = TOP + rowHeight * bars.size() + 16;
        double max = bars.stream().mapToDouble(b -> finite(b.value())).max().orElse(0);
        double plotWidth = WIDTH - labelWidth - textWidth;
        StringBuilder svg = open(id, title, description, height);
        svg.append(String.format(
                Locale.ROOT,
                "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>%n",
                labelWidth,
                TOP - 6,
                labelWidth,
                TOP + rowHeight * bars.size()));
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double top = TOP + rowHeight * i;
            double length = max <= 0 ? 0 : plotWidth * finite(bar.value()) / max;
            svg.append(text(labelWidth - 8, top + 15, "bar-label", "end", bar.label()));
            svg.append(text(labelWidth - 8, top + 30, "bar-note", "end", bar.note()));
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect class=\"bar\" x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"24\"><title>%s</title></rect>%n",
                    labelWidth,
                    top + 4,
                    Math.max(length, 1),
                    escape(words.t(
                            "chart.tooltip",
                            "label",
                            bar.label(),
                            "value",
                            bar.valueText() + ", " + bar.valueNote()))));
            svg.append(text(labelWidth + Math.max(length, 1) + 6, top + 15, "value", "start", bar.valueText()));
            svg.append(text(labelWidth + Math.max(length, 1) + 6, top + 30, "bar-note", "start", bar.valueNote()));
        }
        return svg.append("</svg>\n").toString();
    }

    /** One step of a waterfall: its label, a note under it, and the signed change it makes. */
    record Step(String label, String note, double change) {}

    /**
     * A waterfall: the first total as a bar, each step as a bar floating from the running total
     * (up or down, its signed value printed on it, so the chart reads without colour), then the
     * last total; dashed connectors carry the level from one bar to the next.
     *
     * @param format how a value is printed (with its unit)
     */
    String waterfall(
            String id,
            String title,
            String description,
            String startLabel,
            double start,
            List<Step> steps,
            String endLabel,
            java.util.function.DoubleFunction<String> format) {
        int n = steps.size() + 2;
        double[] before = new double[n];
        double[] after = new double[n];
        before[0] = 0;
        after[0] = finite(start);
        double level = after[0];
        for (int i = 0; i < steps.size(); i++) {
            before[i + 1] = level;
            level += finite(steps.get(i).change());
            after[i + 1] = level;
        }
        before[n - 1] = 0;
        after[n - 1] = level;
        double lowest = 0;
        double highest = 0;
        for (int i = 0; i < n; i++) {
            lowest = Math.min(lowest, Math.min(before[i], after[i]));
            highest = Math.max(highest, Math.max(before[i], after[i]));
        }
        double max = highest;
        double span = highest - lowest > 0 ? highest - lowest : 1;
        double plotWidth = WIDTH - LEFT - 20;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        java.util.function.DoubleUnaryOperator y = v -> TOP + plotHeight * (max - v) / span;
        double slot = plotWidth / n;
        double barWidth = slot * 0.6;
        StringBuilder svg = open(id, title, description, HEIGHT);
        svg.append(String.format(
                Locale.ROOT,
                "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>%n",
                LEFT,
                y.applyAsDouble(0),
                LEFT + plotWidth,
                y.applyAsDouble(0)));
        for (int i = 0; i < n; i++) {
            double left = LEFT + slot * i + (slot - barWidth) / 2;
            double top = y.applyAsDouble(Math.max(before[i], after[i]));
            double height = Math.max(1, Math.abs(y.applyAsDouble(before[i]) - y.applyAsDouble(after[i])));
            boolean total = i == 0 || i == n - 1;
            double change = after[i] - before[i];
            String cssClass = total ? "bar" : change >= 0 ? "step-up" : "step-down";
            String label = i == 0
                    ? startLabel
                    : i == n - 1 ? endLabel : steps.get(i - 1).label();
            String note = total ? "" : steps.get(i - 1).note();
            String value =
                    total ? format.apply(after[i]) : (change >= 0 ? "+" : "\u2212") + format.apply(Math.abs(change));
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect class=\"%s\" data-step=\"%d\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s</title></rect>%n",
                    cssClass,
                    i,
                    left,
                    top,
                    barWidth,
                    height,
                    escape(words.t("chart.tooltip", "label", label, "value", value))));
            svg.append(text(left + barWidth / 2, top - 6, "value", "middle", value));
            svg.append(text(left + barWidth / 2, TOP + plotHeight + 18, "tick", "middle", label));
            if (!note.isEmpty()) {
                svg.append(text(left + barWidth / 2, TOP + plotHeight + 32, "bar-note", "middle", note));
            }
            if (i < n - 1) {
                double ly = y.applyAsDouble(after[i]);
                svg.append(String.format(
                        Locale.ROOT,
                        "<line class=\"reference\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>%n",
                        left + barWidth,
                        ly,
                        left + slot,
                        ly));
            }
        }
        return svg.append("</svg>\n").toString();
    }

    private StringBuilder open(String id, String title, String description, int height) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg id=\"%1$s\" class=\"chart\" viewBox=\"0 0 %2$d %3$d\" width=\"%2$d\" height=\"%3$d\" role=\"img\" aria-labelledby=\"%1$s-title %1$s-desc\">%n",
                escape(id),
                WIDTH,
                height));
        svg.append("<title id=\"")
                .append(escape(id))
                .append("-title\">")
                .append(escape(title))
                .append("</title>\n");
        svg.append("<desc id=\"")
                .append(escape(id))
                .append("-desc\">")
                .append(escape(description))
                .append("</desc>\n");
        svg.append(text(8, 20, "chart-title", "start", title));
        return svg;
    }

    private void axes(
            StringBuilder svg,
            double[] ticks,
            Scale scale,
            java.util.function.DoubleUnaryOperator y,
            double plotHeight) {
        for (double t : ticks) {
            double ty = y.applyAsDouble(t * scale.divisor());
            svg.append(String.format(
                    Locale.ROOT,
                    "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>%n",
                    LEFT,
                    ty,
                    WIDTH - RIGHT,
                    ty));
            svg.append(text(LEFT - 6, ty + 4, "tick", "end", words.numbers.tick(t)));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\"/>%n",
                LEFT,
                TOP,
                LEFT,
                TOP + plotHeight));
        svg.append(String.format(
                Locale.ROOT,
                "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>%n",
                LEFT,
                TOP + plotHeight,
                WIDTH - RIGHT,
                TOP + plotHeight));
    }

    private static String marker(Marker marker, double x, double y, String colour, int period, String tooltip) {
        String common = String.format(Locale.ROOT, "class=\"pt\" data-period=\"%d\" fill=\"%s\"", period, colour);
        String shape = switch (marker) {
            case CIRCLE -> String.format(Locale.ROOT, "<circle %s cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\">", common, x, y);
            case SQUARE ->
                String.format(
                        Locale.ROOT,
                        "<rect %s x=\"%.1f\" y=\"%.1f\" width=\"9\" height=\"9\">",
                        common,
                        x - 4.5,
                        y - 4.5);
            case TRIANGLE ->
                String.format(
                        Locale.ROOT,
                        "<polygon %s points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\">",
                        common,
                        x,
                        y - 6,
                        x - 5.5,
                        y + 4,
                        x + 5.5,
                        y + 4);
        };
        String end = switch (marker) {
            case CIRCLE -> "</circle>";
            case SQUARE -> "</rect>";
            case TRIANGLE -> "</polygon>";
        };
        return shape + "<title>" + escape(tooltip) + "</title>" + end + "\n";
    }

    private record EndLabel(double y, String text, String colour) {}

    /** Labels at the right end of the lines, pushed apart so that none overlaps another. */
    private static void placeEndLabels(StringBuilder svg, List<EndLabel> labels, double x) {
        List<EndLabel> sorted = new ArrayList<>(labels);
        sorted.sort(Comparator.comparingDouble(EndLabel::y));
        double[] ys = new double[sorted.size()];
        double minGap = 15;
        for (int i = 0; i < sorted.size(); i++) {
            ys[i] = i == 0 ? sorted.get(i).y() : Math.max(sorted.get(i).y(), ys[i - 1] + minGap);
        }
        double overflow = ys.length == 0 ? 0 : ys[ys.length - 1] - (HEIGHT - BOTTOM);
        for (int i = ys.length - 1; i >= 0 && overflow > 0; i--) {
            double limit = i == ys.length - 1 ? HEIGHT - BOTTOM : ys[i + 1] - minGap;
            ys[i] = Math.min(ys[i], limit);
        }
        for (int i = 0; i < sorted.size(); i++) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<text class=\"end-label\" x=\"%.1f\" y=\"%.1f\" style=\"fill:%s\">%s</text>%n",
                    x,
                    ys[i] + 4,
                    sorted.get(i).colour(),
                    escape(sorted.get(i).text())));
        }
    }

    private static String polyline(
            double[] values, java.util.function.IntToDoubleFunction x, java.util.function.DoubleUnaryOperator y) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            points.append(i == 0 ? "" : " ").append(point(x.applyAsDouble(i), y.applyAsDouble(values[i])));
        }
        return points.toString();
    }

    private static String point(double x, double y) {
        return String.format(Locale.ROOT, "%.1f,%.1f", x, y);
    }

    private static String text(double x, double y, String cssClass, String anchor, String content) {
        return String.format(
                Locale.ROOT,
                "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n",
                cssClass,
                x,
                y,
                anchor,
                escape(content));
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    /** "million requests per day" / « requêtes par jour (en millions) ». */
    private String yAxisTitle(Scale scale, String unit) {
        return scale.word().isEmpty()
                ? unit
                : words.t("chart.scaled", "scale", words.t("chart.scale." + scale.word()), "unit", unit);
    }

    /** 0, then round steps (1, 2, 2.5 or 5 × 10ⁿ) up to at least max: about five intervals. */
    static double[] ticks(double max) {
        double top = max > 0 ? max : 1;
        double raw = top / 5;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / power;
        double step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10) * power;
        int count = (int) Math.ceil(top / step - 1e-9);
        double[] ticks = new double[count + 1];
        for (int i = 0; i <= count; i++) {
            ticks[i] = i * step;
        }
        return ticks;
    }

    /** Divides an axis by a million, a billion… so that its ticks stay short, and says so in the axis title (word: a bundle key). */
    record Scale(double divisor, String word) {
        static Scale of(double max) {
            if (max >= 1e12) {
                return new Scale(1e12, "trillion");
            }
            if (max >= 1e9) {
                return new Scale(1e9, "billion");
            }
            if (max >= 1e6) {
                return new Scale(1e6, "million");
            }
            return new Scale(1, "");
        }
    }

    /** The highest finite value (0 at least) of the series' values and a band's upper edge (null: none). */
    private static double highest(List<double[]> series, double[] bandHigh) {
        double max = 0;
        for (double[] values : series) {
            for (double v : values) {
                max = Math.max(max, finite(v));
            }
        }
        if (bandHigh != null) {
            for (double v : bandHigh) {
                max = Math.max(max, finite(v));
            }
        }
        return max;
    }
}
