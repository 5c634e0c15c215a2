package org.rebound.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rebound.domain.scenario.Baseline;
import org.rebound.domain.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rebound run SCENARIO}: a scenario end to end, on the in-process broker unless told otherwise. */
@Command(
        name = "run",
        header = "Runs a scenario end to end (in-process Kafka broker unless --bootstrap).",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a scenario end to end: the load generator produces simulated requests to Kafka, the",
            "impact aggregator (Kafka Streams, exactly-once) values them, and the totals are read back",
            "from the aggregate topics. Without --bootstrap an Apache Kafka broker is started in-process",
            "(temporary data directory, removed at exit). A scenario that declares a baseline (the same",
            "world without its efficiency gains) runs beside it, and the rebound effect against the",
            "baseline is shown too."
        },
        footer = {
            "",
            "Examples:",
            "  ./rebound run scenarios/quickstart.yaml --summary s.json",
            "  ./rebound run scenarios/quickstart.yaml --set workload.requests_per_day=2e6 --speed 6h/s",
            "  ./rebound run scenarios/jevons-paradox.yaml --dashboard --report jevons.html"
        })
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "SCENARIO",
            descriptionKey = "scenario",
            description = "Scenario file (YAML), e.g. scenarios/quickstart.yaml.")
    Path scenarioFile;

    @Option(names = "--no-baseline", description = "Do not run the baseline the scenario declares.")
    boolean noBaseline;

    @Mixin
    RunOptions runOptions;

    @Mixin
    ScenarioOptions scenarioOptions;

    @Override
    public Integer call() throws Exception {
        long startNanos =
                ScenarioRunner.jvmStartNanos(); // wall time and first aggregate count from the command's start
        org.rebound.kafka.Timeline.mark("run: command parsed");
        Scenario scenario = scenarioOptions.load(scenarioFile);
        org.rebound.kafka.Timeline.mark("run: scenario loaded");
        List<Scenario> scenarios = new ArrayList<>(List.of(scenario));
        if (!noBaseline) {
            Baseline.of(scenario).ifPresent(scenarios::add);
        }
        return new ScenarioRunner(spec, runOptions)
                .run(
                        scenarios,
                        scenarios.size() > 1 ? ScenarioRunner.Pairing.BASELINE : ScenarioRunner.Pairing.SINGLE,
                        startNanos);
    }
}
