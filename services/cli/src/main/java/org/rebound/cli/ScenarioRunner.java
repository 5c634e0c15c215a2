package org.rebound.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.rebound.aggregator.ImpactAggregator;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Totals;
import org.rebound.broker.BrokerOptions;
import org.rebound.broker.EmbeddedKafkaBroker;
import org.rebound.broker.HangingTransactions;
import org.rebound.dashboard.DashboardServer;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.text.Lang;
import org.rebound.domain.text.Messages;
import org.rebound.kafka.KafkaClients;
import org.rebound.report.ReportWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What {@code run} and {@code compare} share: the broker (in-process unless --bootstrap), the
 * dashboard around the run, the scenarios through one pipeline, then the table, the summary
 * file and the report. With two scenarios, the second is shown beside the first (and, when it is
 * the first's declared baseline, the rebound effect against it).
 */
final class ScenarioRunner {

    /** The JVM's start on the System.nanoTime() scale: "from the command's start" includes the JVM's own start-up. */
    static long jvmStartNanos() {
        return System.nanoTime()
                - java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
    }

    /** How the second scenario relates to the first. */
    enum Pairing {
        SINGLE,
        BASELINE,
        COMPARE
    }

    private final CommandSpec spec;
    private final RunOptions options;
    /** With --data-dir: where the run is kept; otherwise null. */
    private RunDirectory kept;

    ScenarioRunner(CommandSpec spec, RunOptions options) {
        this.spec = spec;
        this.options = options;
    }

    int run(List<Scenario> scenarios, Pairing pairing, long startNanos) throws Exception {
        ControlKeys.check(options.controlKey);
        ScenarioRun.Settings settings = options.settings();
        if (QuickJit.relaunch(scenarios, settings.speed())) {
            return QuickJit.RELAUNCH; // ./rebound starts it again with both JIT compilers
        }
        PrintWriter out = spec.commandLine().getOut();
        if (options.bootstrap != null) {
            Preflight.reachable(KafkaClients.of(options.bootstrap));
        }
        Console console = new Console(out);
        Messages text = Language.messages();
        Lang lang = Language.current();
        console.header(scenarios.get(0));
        org.rebound.kafka.Timeline.mark("run: header printed");
        for (int i = 1; i < scenarios.size(); i++) {
            out.println(text.text(
                    "run.pairing.line",
                    "label",
                    text.text(pairing == Pairing.BASELINE ? "run.pairing.baseline" : "run.pairing.beside"),
                    "name",
                    scenarios.get(i).name(),
                    "title",
                    scenarios.get(i).title(lang)));
        }
        if (options.dataDir != null) {
            kept = RunDirectory.open(options.dataDir, scenarios, options.fresh);
            com.fasterxml.jackson.databind.JsonNode done = kept.completed();
            if (done != null) {
                org.rebound.report.results.RunResults doneResults = org.rebound.report.results.Results.read(done);
                out.println(text.text(
                        "run.kept.complete",
                        "dir",
                        options.dataDir,
                        "run",
                        doneResults.run().id()));
                output((ObjectNode) done, scenarios, out, console);
                return doneResults.ledger().matches() ? Rebound.OK : Rebound.FAILURE;
            }
            out.println(text.text(kept.resumed() ? "run.kept.resuming" : "run.kept.keeping", "dir", options.dataDir));
        }
        List<Summary> summaries;
        if (options.bootstrap == null) {
            long brokerStart = System.nanoTime();
            org.rebound.kafka.Timeline.mark("broker: start");
            BrokerOptions brokerOptions = kept == null
                    ? BrokerOptions.defaults()
                    : BrokerOptions.defaults().withDataDir(kept.kafkaDir());
            // started as the process started, while the command line and the scenario were read
            EarlyBroker.Started early = kept == null ? EarlyBroker.take() : null;
            EmbeddedKafkaBroker started;
            long brokerNanos;
            if (early != null) {
                started = early.broker();
                brokerNanos = early.startNanos();
            } else {
                // while the broker starts (one core busy), the other loads what the aggregator needs
                Thread warmUp = new Thread(ImpactAggregator::warmUp, "rebound-warm-up");
                warmUp.setDaemon(true);
                warmUp.start();
                started = EmbeddedKafkaBroker.start(brokerOptions);
                brokerNanos = System.nanoTime() - brokerStart;
            }
            if (kept != null && kept.resumed()) {
                started = resumable(started, brokerOptions, out);
            }
            org.rebound.kafka.Timeline.mark("broker: ready");
            try (EmbeddedKafkaBroker broker = started) {
                console.broker(
                        text.text("console.broker.inprocess", "address", broker.bootstrapServers()), brokerNanos);
                summaries = withDashboard(
                        scenarios,
                        pairing,
                        KafkaClients.of(broker.bootstrapServers()),
                        settings,
                        console,
                        startNanos,
                        out);
                org.rebound.kafka.Timeline.mark("broker: close");
                if (!options.dashboard) {
                    // Everything is read back: the broker stops (its log flushed to disk, a temporary
                    // one then deleted: ~0.2 s after quickstart, ~0.9 s after global-year) while the
                    // table, the summary and the report are written; the close below waits for it
                    // (EmbeddedKafkaBroker.close is idempotent, a second call waits for the first).
                    java.util.concurrent.FutureTask<Void> closing =
                            new java.util.concurrent.FutureTask<>(broker::close, null);
                    new Thread(closing, "rebound-broker-close").start();
                    try {
                        org.rebound.kafka.Timeline.mark("finish: table");
                        finish(summaries, scenarios, pairing, out, console);
                    } finally {
                        try {
                            closing.get();
                        } catch (java.util.concurrent.ExecutionException e) {
                            // as the close of the try-with-resources would have thrown it (close
                            // declares nothing: the cause is unchecked)
                            if (e.getCause() instanceof Error error) {
                                throw error;
                            }
                            throw (RuntimeException) e.getCause();
                        }
                    }
                }
            }
            org.rebound.kafka.Timeline.mark("broker: closed");
        } else {
            console.broker(text.text("console.broker.cluster", "address", options.bootstrap), -1);
            summaries = withDashboard(
                    scenarios, pairing, KafkaClients.of(options.bootstrap), settings, console, startNanos, out);
            if (!options.dashboard) {
                org.rebound.kafka.Timeline.mark("finish: table");
                finish(summaries, scenarios, pairing, out, console);
            }
        }
        for (Summary summary : summaries) {
            if (!summary.ledgerMatches()) {
                spec.commandLine().getErr().println(text.text("run.mismatch"));
                return Rebound.FAILURE;
            }
        }
        return Rebound.OK;
    }

    /**
     * The broker restarted on a kept log, ready for the resumed run: the killed run's consumers
     * are removed from their groups (they died with it: no waiting out their sessions). If the
     * kill left transactions that Kafka can no longer end ({@link HangingTransactions}: their
     * partitions would stop every reader), those its coordinator aborted get their abort markers;
     * if any was committed, or nothing tells, the run starts over instead, same run ids, on a new
     * log: same result, later.
     */
    private EmbeddedKafkaBroker resumable(EmbeddedKafkaBroker broker, BrokerOptions options, PrintWriter out)
            throws IOException {
        List<HangingTransactions.Open> hanging;
        try {
            hanging = broker.hangingTransactions();
            if (hanging.stream().allMatch(h -> h.outcome() == HangingTransactions.Outcome.ABORTED)) {
                if (!hanging.isEmpty()) {
                    broker.abort(hanging);
                    out.println(Language.messages().text("run.kept.aborted", "count", hanging.size()));
                }
                broker.removeGroupMembers();
                return broker;
            }
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        broker.close();
        out.println(Language.messages().text("run.kept.startover", "count", hanging.size()));
        kept.startOver();
        return EmbeddedKafkaBroker.start(options);
    }

    private List<Summary> withDashboard(
            List<Scenario> scenarios,
            Pairing pairing,
            KafkaClients clients,
            ScenarioRun.Settings settings,
            Console console,
            long startNanos,
            PrintWriter out)
            throws Exception {
        String[] runs = new String[scenarios.size()];
        List<ScenarioRun.Listener> listeners = new ArrayList<>();
        listeners.add(remembering(console, runs, 0));
        for (int i = 1; i < scenarios.size(); i++) {
            listeners.add(remembering(quiet(out, pairing == Pairing.BASELINE ? "baseline" : "B"), runs, i));
        }
        ScenarioRun.Persistence persistence =
                kept == null ? null : new ScenarioRun.Persistence(kept.runs(), kept.streamsDir());
        if (!options.dashboard) {
            return ScenarioRun.executeAll(scenarios, clients, settings, listeners, startNanos, persistence);
        }
        try (DashboardServer server = DashboardServer.startFor(
                clients,
                () -> Arrays.stream(runs).filter(Objects::nonNull).toList(),
                options.host,
                options.port,
                options.controlKey)) {
            Messages text = Language.messages();
            out.println(text.text("run.dashboard", "url", server.url()));
            out.println(text.text("run.facilitator", "url", server.facilitatorUrl()));
            out.flush();
            List<Summary> summaries =
                    ScenarioRun.executeAll(scenarios, clients, settings, listeners, startNanos, persistence);
            finish(summaries, scenarios, pairing, out, console);
            out.println(text.text("run.dashboard.still", "url", server.url()));
            out.flush();
            new CountDownLatch(1).await();
            return summaries;
        }
    }

    /** The final tables, the summary file and the report. */
    private void finish(
            List<Summary> summaries, List<Scenario> scenarios, Pairing pairing, PrintWriter out, Console console)
            throws IOException {
        Summary first = summaries.get(0);
        console.summary(first);
        ObjectNode json = first.json();
        if (summaries.size() > 1) {
            Summary second = summaries.get(1);
            if (pairing == Pairing.COMPARE) {
                out.println();
                out.println("B · " + scenarios.get(1).name() + " — "
                        + scenarios.get(1).title(Language.current()));
                console.summary(second);
            }
            ObjectNode comparison = Comparison.of(
                    first.json(),
                    second.json(),
                    scenarios.get(0).title(Language.current()),
                    scenarios.get(1).title(Language.current()),
                    pairing == Pairing.BASELINE);
            Comparison.print(out, comparison);
            json = json.deepCopy();
            json.set("comparison", comparison);
        }
        if (kept != null) {
            kept.complete(json);
        }
        output(json, scenarios, out, null);
    }

    /** The summary file and the report; with a console, the tables first (a kept run's summary shown again). */
    private void output(ObjectNode json, List<Scenario> scenarios, PrintWriter out, Console console)
            throws IOException {
        if (console != null) {
            console.summary(json);
            if (json.has("comparison")) {
                Comparison.print(out, json.get("comparison"));
            }
        }
        if (options.summaryFile != null) {
            Summary.write(json, options.summaryFile);
            org.rebound.kafka.Timeline.mark("summary written");
            out.println(Language.messages().text("run.summary.written", "file", options.summaryFile));
        }
        if (options.reportFile != null) {
            Path csv = csvBeside(options.reportFile);
            Lang lang = Language.current();
            ReportWriter.writeHtml(
                    json, scenarios.get(0).title(lang), scenarios.get(0).narrative(lang), lang, options.reportFile);
            ReportWriter.writePeriodsCsv(json, lang, csv);
            out.println(Language.messages().text("run.report.written", "file", options.reportFile, "csv", csv));
        }
        out.flush();
    }

    /** report.html -> report.csv (any other name gets .csv appended). */
    static Path csvBeside(Path report) {
        String name = report.getFileName().toString();
        String base = name.endsWith(".html")
                ? name.substring(0, name.length() - 5)
                : name.endsWith(".htm") ? name.substring(0, name.length() - 4) : name;
        return report.resolveSibling(base + ".csv");
    }

    /** Passes everything on, and remembers the run id (for the dashboard) as soon as it is known. */
    private static ScenarioRun.Listener remembering(ScenarioRun.Listener inner, String[] runs, int index) {
        return new ScenarioRun.Listener() {
            @Override
            public void started(String run, Scenario scenario) {
                runs[index] = run;
                inner.started(run, scenario);
            }

            @Override
            public void progress(
                    Instant simulatedUntil, long requests, long loadEvents, Totals aggregated, PeriodTotals period) {
                inner.progress(simulatedUntil, requests, loadEvents, aggregated, period);
            }

            @Override
            public void changed(org.rebound.domain.scenario.TimelineEvent change) {
                inner.changed(change);
            }

            @Override
            public void rejected(
                    org.rebound.domain.scenario.ScenarioChange change,
                    List<org.rebound.domain.scenario.Problem> problems) {
                inner.rejected(change, problems);
            }
        };
    }

    /** The second scenario's listener: its run id, nothing else (the first one's progress line stands for both). */
    private static ScenarioRun.Listener quiet(PrintWriter out, String label) {
        return new ScenarioRun.Listener() {
            @Override
            public void started(String run, Scenario scenario) {
                out.println(Language.messages().text("console.run.id.labelled", "label", label, "run", run));
                out.flush();
            }

            @Override
            public void progress(
                    Instant simulatedUntil, long requests, long loadEvents, Totals aggregated, PeriodTotals period) {}
        };
    }
}
