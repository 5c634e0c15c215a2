package org.rebound.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rebound.broker.BrokerOptions;
import org.rebound.broker.EmbeddedKafkaBroker;
import org.rebound.domain.scenario.Durations;
import org.rebound.domain.scenario.Scenario;
import org.rebound.cli.dashboard.DashboardServer;
import org.rebound.cli.report.ReportWriter;
import org.rebound.kafka.KafkaClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rebound run SCENARIO}: a scenario end to end, on the in-process broker unless told otherwise. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a scenario end to end: the load generator produces simulated requests to Kafka, the",
            "impact aggregator (Kafka Streams, exactly-once) values them, and the totals are read back",
            "from the aggregate topics. Without --bootstrap an Apache Kafka broker is started in-process",
            "(temporary data directory, removed at exit)."},
        footer = {"", "Examples:", "  ./rebound run scenarios/quickstart.yaml --summary s.json",
            "  ./rebound run scenarios/quickstart.yaml --set workload.requests_per_day=2e6 --speed 6h/s"})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SCENARIO", description = "Scenario file (YAML), e.g. scenarios/quickstart.yaml.")
    Path scenarioFile;

    @Option(names = "--summary", paramLabel = "FILE", description = "Write the summary JSON to FILE.")
    Path summaryFile;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Write a self-contained HTML report (opens offline) and, beside it, the period table as CSV (FILE.csv).")
    Path reportFile;

    @Option(names = "--dashboard", description = "Serve the live dashboard during the run (and after it, until Ctrl-C).")
    boolean dashboard;

    @Option(names = "--port", paramLabel = "P", defaultValue = "0", description = "Dashboard port (default: a free port).")
    int port;

    @Option(names = "--host", paramLabel = "H", defaultValue = DashboardServer.LOCALHOST,
            description = "Dashboard address to bind (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Use this Kafka cluster instead of starting one in-process.")
    String bootstrap;

    @Option(names = "--speed", paramLabel = "S", description = "Simulated time per second (e.g. 1h/s, 30d/s) or max; overrides clock.speed.")
    String speed;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "2",
            description = "Partitions of new topics (default: ${DEFAULT-VALUE}). Existing topics keep theirs.")
    int partitions;

    @Option(names = "--verbose", description = "Print stack traces and Kafka's logs.")
    boolean verbose;

    @Mixin
    ScenarioOptions scenarioOptions;

    @Override
    public Integer call() throws Exception {
        long startNanos = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        Scenario scenario = scenarioOptions.load(scenarioFile);
        ScenarioRun.Settings settings = ScenarioRun.Settings.defaults().withPartitions(validPartitions());
        if (speed != null) {
            try {
                settings = settings.withSpeed(Durations.parseSpeed(speed));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("--speed: " + e.getMessage());
            }
        }
        if (summaryFile != null && Files.isDirectory(summaryFile)) {
            throw new InvalidInputException("--summary: " + summaryFile + " is a directory; expected a file name such as s.json");
        }
        if (reportFile != null && Files.isDirectory(reportFile)) {
            throw new InvalidInputException("--report: " + reportFile + " is a directory; expected a file name such as report.html");
        }
        Console console = new Console(out);
        console.header(scenario);
        Summary summary;
        if (bootstrap == null) {
            long brokerStart = System.nanoTime();
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults())) {
                console.broker("in-process Apache Kafka (KRaft) at " + broker.bootstrapServers(), System.nanoTime() - brokerStart);
                summary = runWithDashboard(scenario, KafkaClients.of(broker.bootstrapServers()), settings, console, startNanos, out);
            }
        } else {
            console.broker("Kafka cluster at " + bootstrap, -1);
            summary = runWithDashboard(scenario, KafkaClients.of(bootstrap), settings, console, startNanos, out);
        }
        if (!dashboard) {
            finish(summary, scenario, out, console);
        }
        if (!summary.ledgerMatches()) {
            spec.commandLine().getErr().println("rebound: the aggregates do not match what the generator produced (ledger.matches=false)");
            return Rebound.FAILURE;
        }
        return Rebound.OK;
    }

    /** The final table, the summary file and the report. */
    private void finish(Summary summary, Scenario scenario, PrintWriter out, Console console) throws java.io.IOException {
        console.summary(summary);
        if (summaryFile != null) {
            summary.write(summaryFile);
            out.println("Summary written to " + summaryFile);
        }
        if (reportFile != null) {
            Path csv = csvBeside(reportFile);
            ReportWriter.writeHtml(summary.json(), scenario.title(), scenario.narrative(), reportFile);
            ReportWriter.writePeriodsCsv(summary.json(), csv);
            out.println("Report written to " + reportFile + " (period table: " + csv + ")");
        }
        out.flush();
    }

    /**
     * Runs the scenario, with the dashboard around it when asked; with a dashboard, the summary
     * is written and then the page keeps serving until Ctrl-C.
     */
    private Summary runWithDashboard(Scenario scenario, KafkaClients clients, ScenarioRun.Settings settings, Console console,
                                     long startNanos, PrintWriter out) throws Exception {
        if (!dashboard) {
            return ScenarioRun.execute(scenario, clients, settings, console, startNanos);
        }
        try (DashboardServer server = DashboardServer.start(clients, () -> null, host, port)) {
            out.println("  dashboard: " + server.url());
            out.flush();
            Summary summary = ScenarioRun.execute(scenario, clients, settings, console, startNanos);
            finish(summary, scenario, out, console);
            out.println("Dashboard still at " + server.url() + " — Ctrl-C to stop.");
            out.flush();
            new java.util.concurrent.CountDownLatch(1).await();
            return summary;
        }
    }

    /** report.html -> report.csv (any other name gets .csv appended). */
    static Path csvBeside(Path report) {
        String name = report.getFileName().toString();
        String base = name.endsWith(".html") ? name.substring(0, name.length() - 5) : name.endsWith(".htm") ? name.substring(0, name.length() - 4) : name;
        return report.resolveSibling(base + ".csv");
    }

    private int validPartitions() throws InvalidInputException {
        if (partitions < 1 || partitions > 256) {
            throw new InvalidInputException("--partitions: expected a number from 1 to 256, found " + partitions);
        }
        return partitions;
    }
}
