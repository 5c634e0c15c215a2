package org.rebound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Totals;
import org.rebound.domain.scenario.Problem;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioChange;
import org.rebound.domain.scenario.TimelineEvent;
import org.rebound.domain.text.HumanNumbers;
import org.rebound.domain.text.Lang;
import org.rebound.domain.text.Messages;
import org.rebound.report.results.Impacts;
import org.rebound.report.results.Quantity;
import org.rebound.report.results.Results;
import org.rebound.report.results.RunResults;

/** What a person sees while a scenario runs: a header, a live progress line, a final table. */
final class Console implements ScenarioRun.Listener {

    private static final DateTimeFormatter SIMULATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final PrintWriter out;
    private final Lang lang;
    private final Messages text;
    /** Live bar on a terminal; plain lines every few seconds otherwise (logs, CI). */
    private final boolean interactive = System.console() != null;

    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;
    private ProgressBar bar;
    private long simulatedStartMs;
    private long lastPlainNanos;

    Console(PrintWriter out) {
        this(out, Language.current());
    }

    Console(PrintWriter out, Lang lang) {
        this.out = out;
        this.lang = lang;
        this.text = Messages.of("org.rebound.cli.messages", lang, Console.class);
    }

    void header(Scenario scenario) {
        out.println(text.text("console.header", "name", scenario.name(), "title", scenario.title(lang)));
        out.println(text.text(
                "console.header.detail",
                "start",
                SIMULATED.format(scenario.clock().start()),
                "end",
                SIMULATED.format(scenario.clock().end()),
                "tick",
                human(scenario.clock().tick()),
                "datacentres",
                scenario.datacentres().size(),
                "kinds",
                String.join("/", scenario.kinds().keySet()),
                "arrival",
                scenario.workload().arrival().name().toLowerCase(Locale.ROOT),
                "seed",
                scenario.seed()));
        out.flush();
    }

    void broker(String description, long startNanos) {
        out.println(text.text(
                "console.broker",
                "description",
                description,
                "ready",
                startNanos < 0 ? "" : text.text("console.broker.ready", "seconds", decimal1(startNanos / 1e9))));
        out.flush();
    }

    @Override
    public void started(String run, Scenario scenario) {
        out.println(text.text("console.run.id", "run", run));
        out.flush();
        simulatedStartMs = scenario.clock().start().toEpochMilli();
        if (!interactive) {
            return;
        }
        long totalMinutes = Duration.between(
                        scenario.clock().start(), scenario.clock().end())
                .toMinutes();
        bar = new ProgressBarBuilder()
                .setTaskName(text.text("console.bar.task"))
                .setInitialMax(Math.max(1, totalMinutes))
                .setUnit(" min", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .continuousUpdate()
                .setMaxRenderedLength(110)
                .hideEta()
                .build();
    }

    @Override
    public void progress(
            Instant simulatedUntil, long requests, long loadEvents, Totals aggregated, PeriodTotals period) {
        String line = text.text(
                "console.progress",
                "at",
                SIMULATED.format(simulatedUntil),
                "requests",
                compact(requests, lang),
                "events",
                compact(loadEvents, lang),
                "aggregated",
                aggregated == null
                        ? "-"
                        : text.text("console.progress.requests", "requests", compact(aggregated.getRequests(), lang)),
                "period",
                period == null ? "" : "  " + periodSummary(period));
        if (bar != null) {
            bar.stepTo((simulatedUntil.toEpochMilli() - simulatedStartMs) / 60_000);
            bar.setExtraMessage(line);
        } else if (!interactive && System.nanoTime() - lastPlainNanos > PLAIN_EVERY_NANOS) {
            lastPlainNanos = System.nanoTime();
            out.println(text.text("console.progress.plain", "line", line));
            out.flush();
        }
    }

    /**
     * The latest period in a few words: its energy per request and its rebound effect "so far"
     * (the aggregator's sums of the period up to now: it may still be under way, or still being
     * aggregated behind the generator). The final figures are in the table at the end.
     */
    private String periodSummary(PeriodTotals period) {
        String re = period.getReboundEffect() == null
                ? ""
                : text.text(
                        "console.period.re",
                        "re",
                        String.format(Locale.ROOT, "%.0f", 100 * period.getReboundEffect()),
                        "backfire",
                        period.getBackfire() ? text.text("console.backfire") : "");
        return text.text(
                "console.period",
                "n",
                period.getPeriod() + 1,
                "wh",
                period.getWhPerRequest() == null
                        ? "-"
                        : compact(period.getWhPerRequest().getCentral(), lang),
                "re",
                re);
    }

    @Override
    public void changed(TimelineEvent change) {
        String what = change.set().entrySet().stream()
                .map(e -> e.getKey() + " = " + e.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
        String line = String.format(
                "  ▸ %s  %s%s",
                SIMULATED.format(change.effectiveAt()),
                change.note().isBlank() ? "" : change.note() + "  ",
                "(" + what + ")");
        if (bar != null) {
            bar.pause();
            out.println();
        }
        out.println(line);
        out.flush();
        if (bar != null) {
            bar.resume();
        }
    }

    @Override
    public void rejected(ScenarioChange change, List<Problem> problems) {
        out.println(text.text(
                "console.rejected",
                "origin",
                change.origin(),
                "problems",
                problems.stream().map(p -> p.toString(lang)).collect(java.util.stream.Collectors.joining("; "))));
        out.flush();
    }

    void summary(Summary summary) {
        summary(summary.results());
    }

    void summary(JsonNode json) {
        summary(Results.read(json));
    }

    void summary(RunResults results) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        out.println();
        out.printf(
                "%-18s %14s %28s %28s %28s%n",
                "",
                text.text("console.col.requests"),
                text.text("console.col.energy"),
                text.text("console.col.co2e"),
                text.text("console.col.water"));
        row(text.text("console.total"), results.requests(), results.totals());
        results.byDatacentre().forEach((id, c) -> row("  " + id, c.requests(), c.impacts()));
        results.byKind().forEach((kind, c) -> row("  " + kind, c.requests(), c.impacts()));
        if (results.byRegion().size() > 1) {
            results.byRegion()
                    .forEach((region, c) ->
                            row("  " + text.text("console.grid", "region", region), c.requests(), c.impacts()));
        }
        out.println(text.text("console.ranges.note"));
        out.println(text.text("console.readback.note"));
        List<RunResults.Period> periods = results.periods();
        if (periods.size() > 1) {
            out.printf(
                    "%n%-17s %13s %11s %15s %13s %13s  %-15s%n",
                    text.text("console.periods.from"),
                    text.text("console.periods.requests"),
                    text.text("console.periods.wh"),
                    text.text("console.periods.energy"),
                    text.text("console.periods.co2e"),
                    text.text("console.periods.water"),
                    text.text("console.periods.re"));
            for (RunResults.Period p : periods) {
                Double re = p.reboundEffect();
                out.printf(
                        Locale.ROOT,
                        "%-17s %13s %11s %15s %13s %13s  %-15s%n",
                        SIMULATED.format(Instant.parse(p.start())),
                        compact(p.requestsPerDay(), lang),
                        compact(p.whPerRequest().central(), lang),
                        compact(p.perDay().facilityEnergyKwh().central(), lang),
                        compact(p.perDay().co2eKg().central(), lang),
                        compact(p.perDay().waterL().central(), lang),
                        re == null
                                ? "-"
                                : String.format(Locale.ROOT, "%.0f %%", 100 * re)
                                        + (p.backfire() ? text.text("console.backfire.short") : ""));
            }
            out.println(text.text("console.periods.note1"));
            out.println(text.text("console.periods.note2"));
            String reading = org.rebound.report.ChangeReading.of(periods, lang);
            if (!reading.isEmpty()) {
                out.println("  " + reading);
            }
        }
        out.println();
        out.println(text.text("console.everyday"));
        results.equivalences()
                .forEach((id, e) -> out.printf(
                        "  %s %s%n",
                        range(e.amount(), v -> compact(v, lang), lang),
                        org.rebound.domain.impact.Equivalences.unitPhrase(id, e.unit(), lang)));
        Quantity sci = results.sciGco2ePerRequest();
        out.println();
        out.println(text.text(
                "console.sci",
                "central",
                compact(sci.central(), lang),
                "ranges",
                ranges(sci, v -> compact(v, lang), lang)));
        RunResults.Training training = results.training();
        if (training != null) {
            out.println(text.text(
                    "console.training",
                    "at",
                    training.at(),
                    "kwh",
                    compact(training.facilityEnergyKwh().central(), lang),
                    "co2e",
                    compact(training.co2eKg().central(), lang),
                    "ranges",
                    ranges(training.co2eKg(), v -> compact(v, lang), lang),
                    "water",
                    compact(training.waterL().central(), lang),
                    "amortised",
                    compact(training.amortisedPerRequest().co2eG().central(), lang),
                    "inference",
                    training.inferenceOvertakesTrainingAt() == null
                            ? text.text(
                                    "console.training.reached",
                                    "share",
                                    String.format(Locale.ROOT, "%.0f", 100 * training.inferenceShareOfTrainingCo2e()))
                            : text.text("console.training.overtook", "at", training.inferenceOvertakesTrainingAt())));
        }
        if (results.fleets() != null) {
            results.fleets()
                    .forEach((dc, fleet) -> out.println(text.text(
                            "console.fleet",
                            "datacentre",
                            dc,
                            "umin",
                            decimals2(fleet.utilisation().min(), lang),
                            "umean",
                            decimals2(fleet.utilisation().mean(), lang),
                            "umax",
                            decimals2(fleet.utilisation().max(), lang),
                            "pmin",
                            compact(fleet.itPowerKw().min(), lang),
                            "pmax",
                            compact(fleet.itPowerKw().max(), lang),
                            "start",
                            HumanNumbers.of(lang).count(fleet.serversAtStart()),
                            "end",
                            HumanNumbers.of(lang).count(fleet.serversAtEnd()),
                            "backlog",
                            compact(fleet.backlogMax(), lang))));
        }
        RunResults.Ledger ledger = results.ledger();
        RunResults.Run run = results.run();
        HumanNumbers numbers = HumanNumbers.of(lang);
        out.println();
        out.println(text.text(
                "console.ledger",
                "requests",
                numbers.count(ledger.requests()),
                "events",
                numbers.count(ledger.loadEvents()),
                "verdict",
                text.text(ledger.matches() ? "console.ledger.match" : "console.ledger.mismatch")));
        out.println(text.text("console.deadletters", "count", numbers.count(results.deadLetters())));
        out.println(text.text(
                "console.wall",
                "seconds",
                decimal1(run.wallSeconds()),
                "events",
                compact(run.loadEventsPerSecond(), lang),
                "requests",
                compact(run.requestsPerSecond(), lang),
                "first",
                run.firstAggregateSeconds() != null
                        ? text.text("console.wall.first", "seconds", decimal1(run.firstAggregateSeconds()))
                        : ""));
        out.flush();
    }

    private void row(String label, long requestCount, Impacts totals) {
        String requests = HumanNumbers.of(lang).count(requestCount);
        out.printf(
                "%-18s %14s %28s %28s %28s%n",
                label,
                requests.length() <= 14 ? requests : compact(requestCount, lang),
                range(totals.facilityEnergyKwh(), v -> compact2(v, lang), lang),
                range(totals.co2eKg(), v -> compact2(v, lang), lang),
                range(totals.waterL(), v -> compact2(v, lang), lang));
    }

    /** One decimal in the language: 7.0 / 7,0. */
    private String decimal1(double value) {
        String plain = String.format(Locale.ROOT, "%.1f", value);
        return lang == Lang.FR ? plain.replace('.', ',') : plain;
    }

    /** Two decimals, with the language's decimal mark: 0.25, 0,25. */
    static String decimals2(double value, Lang lang) {
        String plain = String.format(Locale.ROOT, "%.2f", value);
        return lang == Lang.FR ? plain.replace('.', ',') : plain;
    }

    /** "central (p5–p95; low–high)": the central value, its likely range and its bounds, the ends written by {@code end}. */
    static String range(Quantity q, java.util.function.DoubleFunction<String> end) {
        return range(q, end, Lang.EN);
    }

    static String range(Quantity q, java.util.function.DoubleFunction<String> end, Lang lang) {
        return compact(q.central(), lang) + " " + ranges(q, end, lang);
    }

    /** "(p5–p95; low–high)", or "[low–high]" for a quantity without a likely range (a summary written before it existed). */
    static String ranges(Quantity q, java.util.function.DoubleFunction<String> end) {
        return ranges(q, end, Lang.EN);
    }

    /** {@link #ranges(Quantity, java.util.function.DoubleFunction)}, with French's space before the semicolon. */
    static String ranges(Quantity q, java.util.function.DoubleFunction<String> end, Lang lang) {
        String bounds = end.apply(q.low()) + "–" + end.apply(q.high());
        if (q.p5() == null || q.p95() == null) {
            return "[" + bounds + "]";
        }
        return "(" + end.apply(q.p5()) + "–" + end.apply(q.p95()) + (lang == Lang.FR ? "\u00a0; " : "; ") + bounds
                + ")";
    }

    /** Two significant figures with k/M/G/T suffixes, for the ends of a range in the table: 3506 -> 3.5k, 108 -> 110. */
    static String compact2(double value) {
        return compact2(value, Lang.EN);
    }

    /** {@link #compact2(double)} in a language: French writes 3,5k and 1,2Md (milliard). */
    static String compact2(double value, Lang lang) {
        String[] suffixes = SUFFIXES.get(lang);
        double abs = Math.abs(value);
        int i = 0;
        while (abs >= 995 && i < suffixes.length - 1) {
            abs /= 1000;
            value /= 1000;
            i++;
        }
        if (abs >= 9.95) { // two significant figures of an integer part of two or three digits
            double magnitude = abs >= 99.5 ? 10 : 1;
            return String.format(Locale.ROOT, "%.0f", Math.round(value / magnitude) * magnitude) + suffixes[i];
        }
        String digits = abs >= 0.995 ? "%.1f" : "%.2f";
        return localized(String.format(Locale.ROOT, digits, value), lang) + suffixes[i];
    }

    private static final java.util.Map<Lang, String[]> SUFFIXES = java.util.Map.of(
            Lang.EN, new String[] {"", "k", "M", "G", "T", "P"}, Lang.FR, new String[] {"", "k", "M", "Md", "T", "P"});

    /** Three significant figures with k/M/G/T suffixes: 1234567 -> 1.23M. */
    static String compact(double value) {
        return compact(value, Lang.EN);
    }

    /** {@link #compact(double)} in a language: French writes 1,23M and 4,2Md (milliard). */
    static String compact(double value, Lang lang) {
        String[] suffixes = SUFFIXES.get(lang);
        double abs = Math.abs(value);
        int i = 0;
        while (abs >= 999.5 && i < suffixes.length - 1) {
            abs /= 1000;
            value /= 1000;
            i++;
        }
        String digits = abs >= 99.95 ? "%.0f" : abs >= 9.995 ? "%.1f" : "%.2f";
        return localized(String.format(Locale.ROOT, digits, value), lang) + suffixes[i];
    }

    /** A number written with Locale.ROOT, with the language's decimal separator and minus sign. */
    private static String localized(String plain, Lang lang) {
        return lang == Lang.FR ? plain.replace('.', ',').replace('-', '\u2212') : plain;
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
