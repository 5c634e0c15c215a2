package org.rebound.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rebound.domain.scenario.Problem;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioException;
import org.rebound.domain.text.Messages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rebound validate FILE...}: checks scenario files without running them. */
@Command(
        name = "validate",
        header = "Checks scenario files without running them.",
        mixinStandardHelpOptions = true,
        description = {
            "Checks scenario files without running them: every problem of every file, each as",
            "FILE:LINE: key.path: expected ..., found .... Exit 0 if all are valid, 2 otherwise."
        },
        footer = {"", "Example:", "  ./rebound validate scenarios/*.yaml --set workload.requests_per_day=2e6"})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "SCENARIO",
            descriptionKey = "scenario",
            arity = "1..*",
            description = "Scenario files (YAML).")
    List<Path> files;

    @Mixin
    ScenarioOptions scenarioOptions;

    @Override
    public Integer call() throws InvalidInputException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int invalid = 0;
        for (Path file : files) {
            try {
                Scenario scenario = scenarioOptions.load(file);
                Messages text = Language.messages();
                out.println(text.text(
                        "validate.valid",
                        "file",
                        file,
                        "name",
                        scenario.name(),
                        "title",
                        scenario.title(Language.current()),
                        "datacentres",
                        scenario.datacentres().size(),
                        "kinds",
                        scenario.kinds().size(),
                        "changes",
                        scenario.timeline().size(),
                        "training",
                        scenario.trainingCampaign().isPresent() ? text.text("validate.training") : ""));
            } catch (ScenarioException e) {
                invalid++;
                for (Problem problem : e.problems()) {
                    err.println(problem.toString(Language.current()));
                }
            }
        }
        out.flush();
        err.flush();
        return invalid == 0 ? Rebound.OK : Rebound.INVALID_INPUT;
    }
}
