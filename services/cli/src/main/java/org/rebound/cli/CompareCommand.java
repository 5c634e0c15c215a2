package org.rebound.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rebound.domain.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rebound compare A B}: two scenarios through one pipeline, side by side. */
@Command(
        name = "compare",
        header = "Two scenarios through one pipeline, side by side.",
        mixinStandardHelpOptions = true,
        description = {
            "Runs two scenarios through one pipeline (one broker, one aggregator; the aggregates are",
            "keyed by run) at the same time, then shows them side by side: totals with differences and",
            "ratios, and the period table of both. --set applies to both files; --summary writes A's",
            "summary with a 'comparison' object (B's summary inside); --report shows both."
        },
        footer = {
            "",
            "Examples:",
            "  ./rebound compare scenarios/france-vs-virginia.yaml scenarios/quickstart.yaml",
            "  ./rebound compare scenarios/jevons-paradox.yaml scenarios/frugal-ai.yaml --report both.html --speed max"
        })
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", descriptionKey = "a", description = "First scenario file (YAML).")
    Path first;

    @Parameters(index = "1", paramLabel = "B", descriptionKey = "b", description = "Second scenario file (YAML).")
    Path second;

    @Mixin
    RunOptions runOptions;

    @Mixin
    ScenarioOptions scenarioOptions;

    @Override
    public Integer call() throws Exception {
        long startNanos =
                ScenarioRunner.jvmStartNanos(); // wall time and first aggregate count from the command's start
        List<Scenario> scenarios = List.of(scenarioOptions.load(first), scenarioOptions.load(second));
        return new ScenarioRunner(spec, runOptions).run(scenarios, ScenarioRunner.Pairing.COMPARE, startNanos);
    }
}
