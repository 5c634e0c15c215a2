package org.rebound.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.rebound.dashboard.DashboardServer;
import org.rebound.domain.scenario.Durations;
import picocli.CommandLine.Option;

/** The options of every command that runs scenarios ({@code run}, {@code compare}). */
final class RunOptions {

    @Option(names = "--summary", paramLabel = "FILE", description = "Write the summary JSON to FILE.")
    Path summaryFile;

    @Option(
            names = "--report",
            paramLabel = "FILE.html",
            description =
                    "Write a self-contained HTML report (opens offline) and, beside it, the period table as CSV (FILE.csv).")
    Path reportFile;

    @Option(
            names = "--dashboard",
            description = "Serve the live dashboard during the run (and after it, until Ctrl-C).")
    boolean dashboard;

    @Option(
            names = "--port",
            paramLabel = "P",
            defaultValue = "0",
            description = "Dashboard port (default: a free port).")
    int port;

    @Option(
            names = "--host",
            paramLabel = "H",
            defaultValue = DashboardServer.LOCALHOST,
            description = "Dashboard address to bind (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(
            names = "--control-key",
            paramLabel = "KEY",
            description = "The facilitator's key for the dashboard's controls (default: a fresh random key per run; "
                    + ControlKeys.FORM + ").")
    String controlKey;

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            description = "Use this Kafka cluster instead of starting one in-process.")
    String bootstrap;

    @Option(
            names = "--speed",
            paramLabel = "S",
            description = "Simulated time per second (e.g. 1h/s, 30d/s) or max; overrides clock.speed.")
    String speed;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description = "Partitions of new topics (default: " + IN_PROCESS_PARTITIONS + " on the in-process broker, "
                    + CLUSTER_PARTITIONS + " with --bootstrap, where more aggregators may join). "
                    + "Existing topics keep theirs.")
    Integer partitions;

    /**
     * The in-process broker serves this command's one generator and one aggregator, which read
     * every partition anyway: one partition a topic is less for the broker to create and serve
     * and for Kafka Streams to commit (one task a sub-topology). Measured in docs/performance.md
     * ("One partition on the in-process broker").
     */
    static final int IN_PROCESS_PARTITIONS = 1;

    /**
     * A cluster's topics may be shared by more aggregator instances ({@code rebound aggregate}).
     * Both defaults are also written out in the French help (usage_fr.properties, {@code partitions}).
     */
    static final int CLUSTER_PARTITIONS = 2;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Keep the run in DIR (broker data, aggregator state, summary): the same command again resumes it after "
                            + "a crash, or prints its summary once complete. In-process broker only.")
    Path dataDir;

    @Option(names = "--fresh", description = "With --data-dir: discard what DIR holds and start over.")
    boolean fresh;

    @Option(names = "--verbose", description = "Print stack traces and Kafka's logs.")
    boolean verbose;

    /** The run settings these options ask for; bad values are invalid input. */
    ScenarioRun.Settings settings() throws InvalidInputException {
        int partitions = this.partitions != null
                ? this.partitions
                : bootstrap == null ? IN_PROCESS_PARTITIONS : CLUSTER_PARTITIONS;
        if (partitions < 1 || partitions > 256) {
            throw new InvalidInputException(Language.messages().text("option.partitions", "found", partitions));
        }
        if (port < 0 || port > 65_535) {
            throw new InvalidInputException(Language.messages().text("option.port", "found", port));
        }
        ScenarioRun.Settings settings = ScenarioRun.Settings.defaults().withPartitions(partitions);
        if (speed != null) {
            try {
                settings = settings.withSpeed(Durations.parseSpeed(speed));
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.of("--speed", e);
            }
        }
        if (dataDir != null && bootstrap != null) {
            throw new InvalidInputException(Language.messages().text("option.datadir.bootstrap"));
        }
        if (fresh && dataDir == null) {
            throw new InvalidInputException(Language.messages().text("option.fresh"));
        }
        if (summaryFile != null && Files.isDirectory(summaryFile)) {
            throw new InvalidInputException(Language.messages()
                    .text("option.directory", "option", "--summary", "file", summaryFile, "example", "s.json"));
        }
        if (reportFile != null && Files.isDirectory(reportFile)) {
            throw new InvalidInputException(Language.messages()
                    .text("option.directory", "option", "--report", "file", reportFile, "example", "report.html"));
        }
        // what can fail at the end is checked before the run starts
        Preflight.writable("--summary", summaryFile);
        Preflight.writable("--report", reportFile);
        if (reportFile != null) {
            Preflight.writable("--report", ScenarioRunner.csvBeside(reportFile));
        }
        if (dashboard) {
            Preflight.canListen(host, port);
        }
        return settings;
    }
}
