package org.rebound.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.common.TopicPartition;
import org.rebound.avro.ScenarioDefinition;
import org.rebound.domain.scenario.ScenarioOverride;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.LiveChanges;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rebound set}: a live change to a running scenario, validated before it is sent. */
@Command(
        name = "set",
        header = "Changes a running scenario live (validated before it is sent).",
        mixinStandardHelpOptions = true,
        description = {
            "Changes a running scenario: the change is validated against the scenario the run was started",
            "with (paths, values, rules, safety limits) and, if valid, sent on rebound.control; the run's",
            "generator applies it at its next tick. An invalid change exits 2 and never reaches the run.",
            "Then waits (--wait) until the generator has applied it and prints the simulated time it took",
            "effect at; exits 1 if no generator applied it in that time (the run has ended, or no generator",
            "serves it now: a generator that resumes the run applies it at its resume point)."
        },
        footer = {
            "",
            "Example:",
            "  ./rebound set --bootstrap 127.0.0.1:9092 workload.requests_per_day=2e6 --note \"a viral app\""
        })
final class SetCommand implements Callable<Integer> {

    private static final DateTimeFormatter SIMULATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", required = true, description = "The cluster the run uses.")
    String bootstrap;

    @Option(
            names = "--run",
            paramLabel = "RUN",
            description = "The run to change (default: the most recently started one).")
    String run;

    @Option(
            names = "--note",
            paramLabel = "TEXT",
            defaultValue = "",
            description = "Shown to the audience when the change takes effect.")
    String note;

    @Option(
            names = "--wait",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description =
                    "How long to wait for the generator to apply the change (default: ${DEFAULT-VALUE}; 0: do not wait).")
    double waitSeconds;

    @Parameters(
            paramLabel = "KEY.PATH=VALUE",
            descriptionKey = "values",
            arity = "1..*",
            description = "New values, with the scenario file's paths.")
    List<String> sets;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        InvalidInputException.checkedRun(run);
        if (!(waitSeconds >= 0 && waitSeconds <= 3600)) {
            throw new InvalidInputException(Language.messages().text("set.wait", "found", waitSeconds));
        }
        Map<String, String> changes = new LinkedHashMap<>();
        for (String set : sets) {
            try {
                ScenarioOverride parsed = ScenarioOverride.parse(set);
                changes.put(parsed.path(), parsed.value());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(
                        org.rebound.domain.scenario.ValueSyntaxException.message(e, Language.current()));
            }
        }
        LiveChanges.Sent sent;
        Map<TopicPartition, Long> before;
        KafkaClients clients = KafkaClients.of(bootstrap);
        Preflight.reachable(clients);
        LiveChanges live = new LiveChanges(clients);
        try (live) {
            ScenarioDefinition target = live.definition(run);
            before = waitSeconds > 0 ? live.controlEnd() : Map.of();
            // an invalid change throws ScenarioException: printed as such, exit 2, nothing sent
            sent = live.send(target, changes, note);
        }
        out.println(Language.messages().text("set.sent", "run", sent.run(), "changes", changes));
        out.flush();
        if (waitSeconds == 0) {
            return Rebound.OK;
        }
        Duration wait = Duration.ofMillis(Math.round(waitSeconds * 1000));
        Optional<Instant> applied = live.awaitApplied(sent, before, wait);
        if (applied.isPresent()) {
            out.println(Language.messages().text("set.applied", "time", SIMULATED.format(applied.get())));
            out.flush();
            return Rebound.OK;
        }
        java.text.DecimalFormat seconds = new java.text.DecimalFormat(
                "0.###",
                java.text.DecimalFormatSymbols.getInstance(Language.current().locale()));
        spec.commandLine()
                .getErr()
                .println(Language.messages()
                        .text("set.notapplied", "seconds", seconds.format(waitSeconds), "run", sent.run()));
        spec.commandLine().getErr().flush();
        return Rebound.FAILURE;
    }
}
