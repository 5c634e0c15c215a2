package org.rebound.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rebound.benchmarks.pipeline.BenchReport;
import org.rebound.benchmarks.pipeline.BenchRow;
import org.rebound.benchmarks.pipeline.EndToEnd;
import org.rebound.benchmarks.pipeline.PipelineBench;
import org.rebound.domain.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rebound bench}: the options of the pipeline bench ({@link PipelineBench}, in
 * rebound-benchmarks), its progress and table on the console, its JSON; the end-to-end stage runs
 * this command line's {@code rebound run} in a new JVM. See docs/performance.md.
 */
@Command(
        name = "bench",
        header = "Measures the pipeline's throughput against Kafka's own producer perf tool.",
        mixinStandardHelpOptions = true,
        description = {
            "On an in-process broker: Kafka's ProducerPerformance with records of the",
            "requests topic's size (the reference), the generator alone, the aggregator alone over the",
            "generator's topic; then the whole pipeline as a user runs it (`./rebound run` in a new",
            "process with its own broker, one partition a topic unless --partitions is given: wall time,",
            "first aggregate, peak RSS and heap); then the latency from a load event to its total at",
            "real-time pacing (another fresh broker). Prints absolute figures and ratios to the",
            "reference; with --repeat, medians and ranges. A record carries every kind of up to 24",
            "ticks of one data centre; a load event is one data centre x kind x tick. Figures depend",
            "on the machine and its load: see docs/performance.md."
        },
        footer = {
            "",
            "Examples:",
            "  ./rebound bench                      # global-year, one simulated year, about 2 minutes",
            "  ./rebound bench --repeat 3 --json bench.json",
            "  ./rebound bench scenarios/global-year.yaml --set clock.end=2025-02-01T00:00:00Z",
            "  ./rebound bench scenarios/quickstart.yaml --reference-records 100000 --latency-seconds 0"
        })
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "SCENARIO",
            descriptionKey = "scenario",
            arity = "0..1",
            description = "Scenario file (YAML); default scenarios/global-year.yaml.")
    Path file;

    @Mixin
    ScenarioOptions scenarioOptions;

    @Option(
            names = "--reference-records",
            paramLabel = "N",
            defaultValue = "1000000",
            description = "Records the reference producer sends (default ${DEFAULT-VALUE}).")
    long referenceRecords;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "2",
            description =
                    "Partitions of every topic, the reference's included (default ${DEFAULT-VALUE}); given, also the end-to-end run's (else its own default: 1 on its in-process broker).")
    int partitions;

    @Option(
            names = "--latency-seconds",
            paramLabel = "S",
            defaultValue = "20",
            description =
                    "Wall (= simulated) seconds of the paced latency run, ticks of 1 s; 0 skips it (default ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(
            names = "--repeat",
            paramLabel = "N",
            defaultValue = "1",
            description = "Run every stage N times and print medians, with the range (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the table as JSON.")
    Path json;

    @Option(
            names = "--verbose",
            description = "Print stack traces of failures, with the end-to-end run's own (and Kafka's logs).")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path scenarioFile = file != null ? file : defaultScenario();
        Scenario scenario = scenarioOptions.load(scenarioFile);
        if (partitions < 1 || referenceRecords < 1 || repeat < 1) {
            throw new InvalidInputException(Language.messages().text("bench.atleast"));
        }
        PipelineBench.Settings settings = new PipelineBench.Settings(
                scenario,
                scenarioFile,
                scenarioOptions.overrides(),
                referenceRecords,
                partitions,
                latencySeconds,
                repeat);
        String machine = PipelineBench.machine();
        out.printf("Rebound bench · %s (%s)%n  machine: %s%n", scenario.name(), scenarioFile, machine);
        out.flush();
        List<BenchRow> rows = new PipelineBench(settings, summary -> runCommand(scenarioFile, summary), line -> {
                    out.println(line);
                    out.flush();
                })
                .run();
        out.println();
        if (repeat > 1) {
            out.printf("medians of %d runs, range in brackets%n", repeat);
        }
        BenchReport.printTable(out, rows);
        if (latencySeconds <= 0) {
            out.println("  latency load event → aggregate (paced): not measured (--latency-seconds 0)");
        }
        out.flush();
        if (json != null) {
            BenchReport.writeJson(json, settings, machine, rows);
            out.printf("Bench written to %s%n", json);
            out.flush();
        }
        return Rebound.OK;
    }

    /**
     * {@code rebound run SCENARIO [--set ...] [--partitions N] --summary F [--verbose]} as a user
     * runs it: through the {@code ./rebound} script when the bench was started by it (its JVM
     * options, class-data archive and JIT compiler choice, which the bench's own JVM does not
     * have), else in a JVM like this one. {@code --partitions} only when given: a user's run on
     * its in-process broker has one partition a topic.
     */
    private List<String> runCommand(Path scenarioFile, Path summaryFile) {
        List<String> args = new ArrayList<>(List.of("run", scenarioFile.toString()));
        for (String set : scenarioOptions.sets) {
            args.addAll(List.of("--set", set));
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--partitions")) {
            args.addAll(List.of("--partitions", Integer.toString(partitions)));
        }
        args.addAll(List.of("--summary", summaryFile.toString()));
        if (verbose) {
            args.add("--verbose"); // its stack trace and Kafka's logs, in the failure's message
        }
        return endToEndCommand(System.getenv("REBOUND_HOME"), args);
    }

    /** {@code <home>/rebound ARGS...} when {@code home} holds the executable script, else {@link EndToEnd#sameJvm}. */
    static List<String> endToEndCommand(String home, List<String> args) {
        Path script = home == null ? null : Path.of(home, "rebound");
        if (script != null && Files.isRegularFile(script) && Files.isExecutable(script)) {
            List<String> command = new ArrayList<>();
            command.add(script.toString());
            command.addAll(args);
            return command;
        }
        return EndToEnd.sameJvm(Rebound.class.getName(), args);
    }

    /** The ./rebound script exports REBOUND_HOME (the repository); otherwise scenarios/ here. */
    private static Path defaultScenario() {
        String home = System.getenv("REBOUND_HOME");
        return home == null ? Path.of("scenarios", "global-year.yaml") : Path.of(home, "scenarios", "global-year.yaml");
    }
}
