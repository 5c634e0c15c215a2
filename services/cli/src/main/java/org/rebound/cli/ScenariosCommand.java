package org.rebound.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioException;
import org.rebound.domain.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rebound scenarios}: the preset library, with titles and the command to run each. */
@Command(
        name = "scenarios",
        header = "Lists the preset scenarios and the command that runs each.",
        mixinStandardHelpOptions = true,
        description = "Lists the preset scenarios with their titles and the command that runs each.")
final class ScenariosCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "Folder of scenario files (default: the repository's scenarios/).")
    Path dir;

    @Override
    public Integer call() throws IOException, InvalidInputException {
        Path folder = dir != null ? dir : defaultFolder();
        if (!Files.isDirectory(folder)) {
            throw new InvalidInputException(Language.messages().text("scenarios.notfolder", "folder", folder));
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(
                            p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
        out.println(Language.messages().text("scenarios.heading", "folder", folder));
        for (Path file : files) {
            String shown = dir != null ? file.toString() : "scenarios/" + file.getFileName();
            try {
                Scenario scenario = ScenarioLoader.load(file);
                out.printf(
                        "  %-24s %s%n  %-24s ./rebound run %s%n",
                        scenario.name(), scenario.title(Language.current()), "", shown);
            } catch (ScenarioException e) {
                out.printf(
                        "  %-24s (%s)%n",
                        file.getFileName(),
                        Language.messages()
                                .text(
                                        "scenarios.invalid",
                                        "problem",
                                        e.problems().get(0).toString(Language.current())));
            }
        }
        out.flush();
        return Rebound.OK;
    }

    /** The ./rebound script exports REBOUND_HOME (the repository); otherwise scenarios/ here. */
    private static Path defaultFolder() {
        String home = System.getenv("REBOUND_HOME");
        return home == null ? Path.of("scenarios") : Path.of(home, "scenarios");
    }
}
