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
import org.rebound.report.results.Impacts;
import org.rebound.report.results.Quantity;
import org.rebound.report.results.Results;
import org.rebound.report.results.RunResults;

/** What a person sees while a scenario runs: a header, a live progress line, a final table. */
final class Console implements ScenarioRun.Listener {

    private static final DateTimeFormatter SIMULATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final PrintWriter out;
    /** Live bar on a terminal; plain lines every few seconds otherwise (logs, CI). */
    private final boolean interactive = System.console() != null;

    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;
    private ProgressBar bar;
    private long simulatedStartMs;
    private long lastPlainNanos;

    Console(PrintWriter out) {
        this.out = out;
    }

    void header(Scenario scenario) {
        out.printf("Rebound · %s — %s%n", scenario.name(), scenario.title());
        out.printf(
                "  simulated %s → %s UTC, tick %s, %d data centres, kinds %s, %s arrivals, seed %d%n",
                SIMULATED.format(scenario.clock().start()),
                SIMULATED.format(scenario.clock().end()),
                human(scenario.clock().tick()),
                scenario.datacentres().size(),
                String.join("/", scenario.kinds().keySet()),
                scenario.workload().arrival().name().toLowerCase(Locale.ROOT),
                scenario.seed());
        out.flush();
    }

    void broker(String description, long startNanos) {
        out.printf(
                "  broker: %s%s%n",
                description, startNanos < 0 ? "" : String.format(Locale.ROOT, " (ready in %.1f s)", startNanos / 1e9));
        out.flush();
    }

    @Override
    public void started(String run, Scenario scenario) {
        out.printf("  run id: %s%n", run);
        out.flush();
        simulatedStartMs = scenario.clock().start().toEpochMilli();
        if (!interactive) {
            return;
        }
        long totalMinutes = Duration.between(
                        scenario.clock().start(), scenario.clock().end())
                .toMinutes();
        bar = new ProgressBarBuilder()
                .setTaskName("simulated")
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
        String line = String.format(
                Locale.ROOT,
                "%s  sent %s req (%s events)  aggregated %s%s",
                SIMULATED.format(simulatedUntil),
                compact(requests),
                compact(loadEvents),
                aggregated == null ? "-" : compact(aggregated.getRequests()) + " req",
                period == null ? "" : "  " + periodSummary(period));
        if (bar != null) {
            bar.stepTo((simulatedUntil.toEpochMilli() - simulatedStartMs) / 60_000);
            bar.setExtraMessage(line);
        } else if (!interactive && System.nanoTime() - lastPlainNanos > PLAIN_EVERY_NANOS) {
            lastPlainNanos = System.nanoTime();
            out.println("  simulated " + line);
            out.flush();
        }
    }

    /**
     * The latest period in a few words: its energy per request and its rebound effect "so far"
     * (the aggregator's sums of the period up to now: it may still be under way, or still being
     * aggregated behind the generator). The final figures are in the table at the end.
     */
    private static String periodSummary(PeriodTotals period) {
        String re = period.getReboundEffect() == null
                ? ""
                : String.format(
                        Locale.ROOT,
                        ", RE so far %.0f %%%s",
                        100 * period.getReboundEffect(),
                        period.getBackfire() ? " BACKFIRE" : "");
        return String.format(
                Locale.ROOT,
                "period %d: %s Wh/req%s",
                period.getPeriod() + 1,
                period.getWhPerRequest() == null
                        ? "-"
                        : compact(period.getWhPerRequest().getCentral()),
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
        out.println("  ✗ " + change.origin() + " refused, the run goes on unchanged: "
                + problems.stream().map(Problem::toString).collect(java.util.stream.Collectors.joining("; ")));
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
        out.printf("%-18s %14s %28s %28s %28s%n", "", "requests", "facility energy kWh", "CO2e kg", "water L");
        row("TOTAL", results.requests(), results.totals());
        results.byDatacentre().forEach((id, c) -> row("  " + id, c.requests(), c.impacts()));
        results.byKind().forEach((kind, c) -> row("  " + kind, c.requests(), c.impacts()));
        if (results.byRegion().size() > 1) {
            results.byRegion().forEach((region, c) -> row("  grid " + region, c.requests(), c.impacts()));
        }
        out.println(
                "  central (likely p5–p95; bounds low–high): likely = the middle 90 % of 64 possible worlds; bounds = all lows, all highs");
        out.println("  (read back from the aggregate topics; water = consumption, manufacturing water not counted)");
        List<RunResults.Period> periods = results.periods();
        if (periods.size() > 1) {
            out.printf(
                    "%n%-17s %13s %11s %15s %13s %13s %15s%n",
                    "period from",
                    "requests/day",
                    "Wh/request",
                    "energy kWh/day",
                    "CO2e kg/day",
                    "water L/day",
                    "rebound effect");
            for (RunResults.Period p : periods) {
                Double re = p.reboundEffect();
                out.printf(
                        Locale.ROOT,
                        "%-17s %13s %11s %15s %13s %13s %15s%n",
                        SIMULATED.format(Instant.parse(p.start())),
                        compact(p.requestsPerDay()),
                        compact(p.whPerRequest().central()),
                        compact(p.perDay().facilityEnergyKwh().central()),
                        compact(p.perDay().co2eKg().central()),
                        compact(p.perDay().waterL().central()),
                        re == null
                                ? "-"
                                : String.format(Locale.ROOT, "%.0f %%%s", 100 * re, p.backfire() ? " BACKFIRE" : ""));
            }
            out.println(
                    "  (rebound effect against the same run without its efficiency changes, computed in the stream: 0 % = the whole saving kept,");
            out.println(
                    "   100 % = all of it taken back by the demand the gains induced, above 100 % = more energy than without them; - = no efficiency gain)");
            String reading = org.rebound.report.ChangeReading.of(periods);
            if (!reading.isEmpty()) {
                out.println("  " + reading);
            }
        }
        out.printf("%nin everyday terms (central (likely p5–p95; bounds low–high)):%n");
        results.equivalences()
                .values()
                .forEach(e -> out.printf(Locale.ROOT, "  %s %s%n", range(e.amount(), Console::compact), e.unit()));
        Quantity sci = results.sciGco2ePerRequest();
        out.printf(
                Locale.ROOT,
                "%nper request (SCI): %s gCO2e %s%n",
                compact(sci.central()),
                ranges(sci, Console::compact));
        RunResults.Training training = results.training();
        if (training != null) {
            out.printf(
                    Locale.ROOT,
                    "training campaign (%s): %s kWh, %s kgCO2e %s, %s L; amortised %s gCO2e per request of this run; inference %s%n",
                    training.at(),
                    compact(training.facilityEnergyKwh().central()),
                    compact(training.co2eKg().central()),
                    ranges(training.co2eKg(), Console::compact),
                    compact(training.waterL().central()),
                    compact(training.amortisedPerRequest().co2eG().central()),
                    training.inferenceOvertakesTrainingAt() == null
                            ? String.format(
                                    Locale.ROOT,
                                    "reached %.0f %% of its CO2e",
                                    100 * training.inferenceShareOfTrainingCo2e())
                            : "overtook it on " + training.inferenceOvertakesTrainingAt());
        }
        RunResults.Ledger ledger = results.ledger();
        RunResults.Run run = results.run();
        out.printf(
                "%nledger: generator produced %,d requests in %,d load events; aggregates %s%n",
                ledger.requests(), ledger.loadEvents(), ledger.matches() ? "match exactly" : "DO NOT MATCH");
        out.printf("dead letters: %d%n", results.deadLetters());
        out.printf(
                Locale.ROOT,
                "wall time %.1f s, %s load events/s, %s requests/s%s%n",
                run.wallSeconds(),
                compact(run.loadEventsPerSecond()),
                compact(run.requestsPerSecond()),
                run.firstAggregateSeconds() != null
                        ? String.format(Locale.ROOT, ", first aggregate after %.1f s", run.firstAggregateSeconds())
                        : "");
        out.flush();
    }

    private void row(String label, long requestCount, Impacts totals) {
        String requests = String.format(Locale.ROOT, "%,d", requestCount);
        out.printf(
                "%-18s %14s %28s %28s %28s%n",
                label,
                requests.length() <= 14 ? requests : compact(requestCount),
                range(totals.facilityEnergyKwh(), Console::compact2),
                range(totals.co2eKg(), Console::compact2),
                range(totals.waterL(), Console::compact2));
    }

    /** "central (p5–p95; low–high)": the central value, its likely range and its bounds, the ends written by {@code end}. */
    static String range(Quantity q, java.util.function.DoubleFunction<String> end) {
        return compact(q.central()) + " " + ranges(q, end);
    }

    /** "(p5–p95; low–high)", or "[low–high]" for a quantity without a likely range (a summary written before it existed). */
    static String ranges(Quantity q, java.util.function.DoubleFunction<String> end) {
        String bounds = end.apply(q.low()) + "–" + end.apply(q.high());
        if (q.p5() == null || q.p95() == null) {
            return "[" + bounds + "]";
        }
        return "(" + end.apply(q.p5()) + "–" + end.apply(q.p95()) + "; " + bounds + ")";
    }

    /** Two significant figures with k/M/G/T suffixes, for the ends of a range in the table: 3506 -> 3.5k, 108 -> 110. */
    static String compact2(double value) {
        double abs = Math.abs(value);
        String[] suffixes = {"", "k", "M", "G", "T", "P"};
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
        return String.format(Locale.ROOT, digits, value) + suffixes[i];
    }

    /** Three significant figures with k/M/G/T suffixes: 1234567 -> 1.23M. */
    static String compact(double value) {
        double abs = Math.abs(value);
        String[] suffixes = {"", "k", "M", "G", "T", "P"};
        int i = 0;
        while (abs >= 999.5 && i < suffixes.length - 1) {
            abs /= 1000;
            value /= 1000;
            i++;
        }
        String digits = abs >= 99.95 ? "%.0f" : abs >= 9.995 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, digits, value) + suffixes[i];
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
