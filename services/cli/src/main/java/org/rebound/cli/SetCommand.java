package org.rebound.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rebound.domain.scenario.ScenarioOverride;
import org.rebound.kafka.KafkaClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rebound set}: a live change to a running scenario, validated before it is sent. */
@Command(name = "set",
        header = "Changes a running scenario live (validated before it is sent).",
        mixinStandardHelpOptions = true,
        description = {"Changes a running scenario: the change is validated against the scenario the run was started",
            "with (paths, values, rules, safety limits) and, if valid, sent on rebound.control; the generator",
            "applies it at its next tick. An invalid change exits 2 and never reaches the run."},
        footer = {"", "Example:", "  ./rebound set --bootstrap 127.0.0.1:9092 workload.requests_per_day=2e6 --note \"a viral app\""})
final class SetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", required = true, description = "The cluster the run uses.")
    String bootstrap;

    @Option(names = "--run", paramLabel = "RUN", description = "The run to change (default: the most recently started one).")
    String run;

    @Option(names = "--note", paramLabel = "TEXT", defaultValue = "", description = "Shown to the audience when the change takes effect.")
    String note;

    @Parameters(paramLabel = "KEY.PATH=VALUE", arity = "1..*", description = "New values, with the scenario file's paths.")
    List<String> sets;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> changes = new LinkedHashMap<>();
        for (String set : sets) {
            try {
                ScenarioOverride parsed = ScenarioOverride.parse(set);
                changes.put(parsed.path(), parsed.value());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(e.getMessage());
            }
        }
        LiveChanges live = new LiveChanges(KafkaClients.of(bootstrap));
        // an invalid change throws ScenarioException: printed as such, exit 2, nothing sent
        String target = live.send(live.definition(run), changes, note);
        out.printf("sent to run %s: %s — it applies at the run's next tick%n", target, changes);
        out.flush();
        return Rebound.OK;
    }
}
