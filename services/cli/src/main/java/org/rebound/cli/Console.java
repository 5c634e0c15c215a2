package org.rebound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Totals;
import java.util.List;
import org.rebound.domain.scenario.Problem;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioChange;
import org.rebound.domain.scenario.TimelineEvent;

/** What a person sees while a scenario runs: a header, a live progress line, a final table. */
final class Console implements ScenarioRun.Listener {

    private static final DateTimeFormatter SIMULATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

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
        out.printf("  simulated %s → %s UTC, tick %s, %d data centres, kinds %s, %s arrivals, seed %d%n",
                SIMULATED.format(scenario.clock().start()), SIMULATED.format(scenario.clock().end()), human(scenario.clock().tick()),
                scenario.datacentres().size(), String.join("/", scenario.kinds().keySet()),
                scenario.workload().arrival().name().toLowerCase(Locale.ROOT), scenario.seed());
        out.flush();
    }

    void broker(String description, long startNanos) {
        out.printf("  broker: %s%s%n", description, startNanos < 0 ? "" : String.format(Locale.ROOT, " (ready in %.1f s)", startNanos / 1e9));
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
        long totalMinutes = Duration.between(scenario.clock().start(), scenario.clock().end()).toMinutes();
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
    public void progress(Instant simulatedUntil, long requests, long loadEvents, Totals aggregated, PeriodTotals period) {
        String line = String.format(Locale.ROOT, "%s  sent %s req (%s events)  aggregated %s%s",
                SIMULATED.format(simulatedUntil), compact(requests), compact(loadEvents),
                aggregated == null ? "-" : compact(aggregated.getRequests()) + " req", period == null ? "" : "  " + periodSummary(period));
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
        String re = period.getReboundEffect() == null ? ""
                : String.format(Locale.ROOT, ", RE so far %.0f %%%s", 100 * period.getReboundEffect(), period.getBackfire() ? " BACKFIRE" : "");
        return String.format(Locale.ROOT, "period %d: %s Wh/req%s", period.getPeriod() + 1,
                period.getWhPerRequest() == null ? "-" : compact(period.getWhPerRequest().getCentral()), re);
    }

    @Override
    public void changed(TimelineEvent change) {
        String what = change.set().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
        String line = String.format("  ▸ %s  %s%s", SIMULATED.format(change.effectiveAt()), change.note().isBlank() ? "" : change.note() + "  ", "(" + what + ")");
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
        summary(summary.json());
    }

    void summary(JsonNode json) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        out.println();
        out.printf("%-18s %14s %28s %28s %28s%n", "", "requests", "facility energy kWh", "CO2e kg", "water L");
        row("TOTAL", json);
        json.get("by_datacentre").fields().forEachRemaining(e -> row("  " + e.getKey(), e.getValue()));
        json.get("by_kind").fields().forEachRemaining(e -> row("  " + e.getKey(), e.getValue()));
        if (json.get("by_region").size() > 1) {
            json.get("by_region").fields().forEachRemaining(e -> row("  grid " + e.getKey(), e.getValue()));
        }
        out.println("  central (likely p5–p95; bounds low–high): likely = the middle 90 % of 64 possible worlds; bounds = all lows, all highs");
        out.println("  (read back from the aggregate topics; water = consumption, manufacturing water not counted)");
        JsonNode periods = json.get("periods");
        if (periods.size() > 1) {
            out.printf("%n%-17s %13s %11s %15s %13s %13s %15s%n", "period from", "requests/day", "Wh/request", "energy kWh/day", "CO2e kg/day", "water L/day", "rebound effect");
            for (JsonNode p : periods) {
                JsonNode re = p.get("rebound_effect");
                out.printf(Locale.ROOT, "%-17s %13s %11s %15s %13s %13s %15s%n", SIMULATED.format(Instant.parse(p.get("start").asText())),
                        compact(p.get("requests_per_day").asDouble()), compact(p.get("wh_per_request").get("central").asDouble()),
                        compact(p.get("per_day").get("facility_energy_kwh").get("central").asDouble()),
                        compact(p.get("per_day").get("co2e_kg").get("central").asDouble()),
                        compact(p.get("per_day").get("water_l").get("central").asDouble()),
                        re.isNull() ? "-" : String.format(Locale.ROOT, "%.0f %%%s", 100 * re.asDouble(), p.get("backfire").asBoolean() ? " BACKFIRE" : ""));
            }
            out.println("  (rebound effect against the same run without its efficiency changes, computed in the stream: 0 % = the whole saving kept,");
            out.println("   100 % = all of it taken back by the demand the gains induced, above 100 % = more energy than without them; - = no efficiency gain)");
            String reading = org.rebound.report.ChangeReading.of(periods);
            if (!reading.isEmpty()) {
                out.println("  " + reading);
            }
        }
        out.printf("%nin everyday terms (central (likely p5–p95; bounds low–high)):%n");
        json.get("equivalences").fields().forEachRemaining(e -> out.printf(Locale.ROOT, "  %s %s%n",
                range(e.getValue(), Console::compact), e.getValue().get("unit").asText()));
        JsonNode sci = json.get("sci_gco2e_per_request");
        out.printf(Locale.ROOT, "%nper request (SCI): %s gCO2e %s%n", compact(sci.get("central").asDouble()), ranges(sci, Console::compact));
        if (json.has("training")) {
            JsonNode training = json.get("training");
            out.printf(Locale.ROOT, "training campaign (%s): %s kWh, %s kgCO2e %s, %s L; amortised %s gCO2e per request of this run; inference %s%n",
                    training.get("at").asText(), compact(training.get("facility_energy_kwh").get("central").asDouble()),
                    compact(training.get("co2e_kg").get("central").asDouble()), ranges(training.get("co2e_kg"), Console::compact),
                    compact(training.get("water_l").get("central").asDouble()),
                    compact(training.get("amortised_per_request").get("co2e_g").get("central").asDouble()),
                    training.get("inference_overtakes_training_at").isNull()
                            ? String.format(Locale.ROOT, "reached %.0f %% of its CO2e", 100 * training.get("inference_share_of_training_co2e").asDouble())
                            : "overtook it on " + training.get("inference_overtakes_training_at").asText());
        }
        JsonNode ledger = json.get("ledger");
        JsonNode run = json.get("run");
        out.printf("%nledger: generator produced %,d requests in %,d load events; aggregates %s%n",
                ledger.get("requests").asLong(), ledger.get("load_events").asLong(),
                ledger.get("matches").asBoolean() ? "match exactly" : "DO NOT MATCH");
        out.printf("dead letters: %d%n", json.get("dead_letters").asLong());
        out.printf(Locale.ROOT, "wall time %.1f s, %s load events/s, %s requests/s%s%n",
                run.get("wall_seconds").asDouble(), compact(run.get("load_events_per_second").asDouble()),
                compact(run.get("requests_per_second").asDouble()),
                run.has("first_aggregate_seconds") ? String.format(Locale.ROOT, ", first aggregate after %.1f s", run.get("first_aggregate_seconds").asDouble()) : "");
        out.flush();
    }

    private void row(String label, JsonNode node) {
        JsonNode totals = node.has("totals") ? node.get("totals") : node;
        String requests = String.format(Locale.ROOT, "%,d", node.get("requests").asLong());
        out.printf("%-18s %14s %28s %28s %28s%n", label, requests.length() <= 14 ? requests : compact(node.get("requests").asDouble()),
                range(totals.get("facility_energy_kwh"), Console::compact2), range(totals.get("co2e_kg"), Console::compact2),
                range(totals.get("water_l"), Console::compact2));
    }

    /** "central (p5–p95; low–high)": the central value, its likely range and its bounds, the ends written by {@code end}. */
    static String range(JsonNode q, java.util.function.DoubleFunction<String> end) {
        return compact(q.get("central").asDouble()) + " " + ranges(q, end);
    }

    /** "(p5–p95; low–high)", or "[low–high]" for a quantity without a likely range (a summary written before it existed). */
    static String ranges(JsonNode q, java.util.function.DoubleFunction<String> end) {
        String bounds = end.apply(q.get("low").asDouble()) + "–" + end.apply(q.get("high").asDouble());
        JsonNode p5 = q.path("p5");
        JsonNode p95 = q.path("p95");
        if (!p5.isNumber() || !p95.isNumber()) {
            return "[" + bounds + "]";
        }
        return "(" + end.apply(p5.asDouble()) + "–" + end.apply(p95.asDouble()) + "; " + bounds + ")";
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
