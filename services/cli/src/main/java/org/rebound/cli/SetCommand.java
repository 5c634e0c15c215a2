package org.rebound.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.rebound.avro.ControlEvent;
import org.rebound.avro.ControlSource;
import org.rebound.avro.ScenarioDefinition;
import org.rebound.domain.scenario.ScenarioChange;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.domain.scenario.ScenarioOverride;
import org.rebound.domain.scenario.ScenarioText;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.TopicReader;
import org.rebound.kafka.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rebound set}: a live change to a running scenario, validated before it is sent. */
@Command(name = "set",
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
        KafkaClients clients = KafkaClients.of(bootstrap);
        Map<String, ScenarioDefinition> runs = new TopicReader(clients).latestByKey(Topics.SCENARIOS, key -> run == null || key.equals(run));
        if (runs.isEmpty()) {
            throw new InvalidInputException(run == null ? "no run has been started on " + bootstrap : "no run '" + run + "' on " + bootstrap);
        }
        // run ids end with their UTC start time: the greatest started last
        ScenarioDefinition target = runs.values().stream().max(java.util.Comparator.comparing(d -> d.getRun().substring(d.getRun().indexOf('@')))).orElseThrow();
        ScenarioText text = new ScenarioText(target.getYaml(), target.getFileName(),
                target.getOverrides().stream().map(ScenarioOverride::parse).toList());
        // an invalid change throws ScenarioException: printed as such, exit 2, nothing sent
        ScenarioLoader.stateAfter(text, List.of(new ScenarioChange(target.getClockStart(), changes, note, "live change")), true);
        Map<String, Object> config = clients.config();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, ControlEvent> producer = new KafkaProducer<>(config, Topics.KEY.serializer(), Topics.CONTROL.valueSerde().serializer())) {
            ControlEvent event = ControlEvent.newBuilder().setRun(target.getRun()).setId(UUID.randomUUID().toString())
                    .setSource(ControlSource.LIVE).setAt(null).setSet(changes).setNote(note).build();
            producer.send(new ProducerRecord<>(Topics.CONTROL.name(), target.getRun(), event)).get();
            producer.close(Duration.ofSeconds(10));
        }
        out.printf("sent to run %s: %s — it applies at the run's next tick%n", target.getRun(), changes);
        out.flush();
        return Rebound.OK;
    }
}
