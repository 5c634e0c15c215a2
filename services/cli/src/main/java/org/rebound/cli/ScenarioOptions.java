package org.rebound.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioException;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.domain.scenario.ScenarioOverride;
import picocli.CommandLine.Option;

/** {@code --set key.path=value}, shared by every command that reads a scenario. */
final class ScenarioOptions {

    @Option(
            names = "--set",
            paramLabel = "KEY.PATH=VALUE",
            description = "Replace a value of the scenario file before the run (repeatable), validated like the file, "
                    + "e.g. --set workload.requests_per_day=2e6 --set datacentres.paris-1.pue=1.3")
    List<String> sets = new ArrayList<>();

    List<ScenarioOverride> overrides() throws InvalidInputException {
        List<ScenarioOverride> overrides = new ArrayList<>();
        for (String set : sets) {
            try {
                overrides.add(ScenarioOverride.parse(set));
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.of("--set", e);
            }
        }
        return overrides;
    }

    Scenario load(Path file) throws ScenarioException, InvalidInputException {
        return ScenarioLoader.load(file, overrides());
    }
}
