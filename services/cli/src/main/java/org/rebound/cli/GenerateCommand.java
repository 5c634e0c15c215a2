package org.rebound.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rebound.domain.scenario.Durations;
import org.rebound.domain.scenario.Scenario;
import org.rebound.generator.Ledger;
import org.rebound.generator.LoadGenerator;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.RunIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rebound generate}: the load generator alone, as a service of a cluster. */
@Command(
        name = "generate",
        header = "The load generator alone, as a service of a cluster.",
        mixinStandardHelpOptions = true,
        description = {
            "Produces a scenario's load to a Kafka cluster and exits when the simulated clock ends (the",
            "generator service of docker-compose and clusters; `rebound aggregate` values the load).",
            "Several instances share the data centres: --instance i/n (0-based), same --run for all."
        },
        footer = {
            "",
            "Examples:",
            "  ./rebound generate scenarios/quickstart.yaml --bootstrap kafka:9092",
            "  ./rebound generate scenarios/jevons-paradox.yaml --bootstrap kafka:9092 --run jevons@class-1 --instance 0/2"
        })
final class GenerateCommand implements Callable<Integer> {

    private static final Pattern INSTANCE = Pattern.compile("(\\d+)/(\\d+)");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SCENARIO", descriptionKey = "scenario", description = "Scenario file (YAML).")
    Path scenarioFile;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    ScenarioOptions scenarioOptions;

    @Option(
            names = "--run",
            paramLabel = "RUN",
            description = "Run id, " + org.rebound.kafka.RunIds.FORM
                    + " (default: <name>@<UTC time>); required with several instances.")
    String run;

    @Option(
            names = "--instance",
            paramLabel = "I/N",
            defaultValue = "0/1",
            description = "This instance and how many there are (default: ${DEFAULT-VALUE}).")
    String instance;

    @Option(
            names = "--speed",
            paramLabel = "S",
            description = "Simulated time per second (e.g. 1h/s) or max; overrides clock.speed.")
    String speed;

    @Mixin
    TopicOptions topics;

    @Option(names = "--verbose", description = "Print stack traces and Kafka's logs.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Matcher m = INSTANCE.matcher(instance);
        if (!m.matches()
                || Integer.parseInt(m.group(2)) < 1
                || Integer.parseInt(m.group(1)) >= Integer.parseInt(m.group(2))) {
            throw new InvalidInputException(Language.messages().text("generate.instance", "found", instance));
        }
        int i = Integer.parseInt(m.group(1));
        int n = Integer.parseInt(m.group(2));
        InvalidInputException.checkedRun(run);
        if (n > 1 && run == null) {
            throw new InvalidInputException(Language.messages().text("generate.run", "instance", instance));
        }
        Scenario scenario = scenarioOptions.load(scenarioFile);
        String runId = run != null ? run : RunIds.newRunId(scenario);
        LoadGenerator.Options options =
                LoadGenerator.Options.of(runId, scenario).withInstance(i, n);
        if (speed != null) {
            try {
                options = options.withSpeed(Durations.parseSpeed(speed));
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.of("--speed", e);
            }
        }
        // every option checked before the cluster is asked
        KafkaClients clients = kafka.clients();
        topics.ensureTopics(clients);
        Console console = new Console(spec.commandLine().getOut());
        console.header(scenario);
        console.started(runId, scenario);
        LoadGenerator.Options chosen = options;
        Ledger ledger = new LoadGenerator(scenario, chosen, clients).run(new LoadGenerator.Progress() {
            @Override
            public void committed(java.time.Instant until, long requests, long events) {
                console.progress(until, requests, events, null, null);
            }

            @Override
            public void changed(org.rebound.domain.scenario.TimelineEvent change) {
                console.changed(change);
            }

            @Override
            public void rejected(
                    org.rebound.domain.scenario.ScenarioChange change,
                    java.util.List<org.rebound.domain.scenario.Problem> problems) {
                console.rejected(change, problems);
            }
        });
        org.rebound.domain.text.HumanNumbers numbers = org.rebound.domain.text.HumanNumbers.of(Language.current());
        spec.commandLine().getOut().println();
        spec.commandLine()
                .getOut()
                .println(Language.messages()
                        .text(
                                "generate.produced",
                                "requests",
                                numbers.count(ledger.requests()),
                                "events",
                                numbers.count(ledger.loadEvents()),
                                "run",
                                runId,
                                "instance",
                                i + "/" + n));
        spec.commandLine().getOut().flush();
        return Rebound.OK;
    }
}
