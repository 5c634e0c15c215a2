package org.rebound.cli;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.rebound.avro.ControlEvent;
import org.rebound.avro.ControlSource;
import org.rebound.avro.ScenarioDefinition;
import org.rebound.domain.scenario.ScenarioChange;
import org.rebound.domain.scenario.ScenarioException;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.domain.scenario.ScenarioOverride;
import org.rebound.domain.scenario.ScenarioText;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.TopicReader;
import org.rebound.kafka.Topics;

/**
 * Live changes to running scenarios, for `./rebound set` and the dashboard's sliders alike:
 * find the run's definition, validate the change against it (paths, rules, safety limits), and
 * only then publish it on the control topic.
 */
public final class LiveChanges {

    private final KafkaClients clients;

    public LiveChanges(KafkaClients clients) {
        this.clients = clients;
    }

    /** The definition of {@code run}, or of the most recently started run when it is null. */
    public ScenarioDefinition definition(String run) throws InvalidInputException {
        Map<String, ScenarioDefinition> runs = new TopicReader(clients).latestByKey(Topics.SCENARIOS, key -> run == null || key.equals(run));
        // run ids end with their UTC start time: the greatest started last
        return runs.values().stream().max(Comparator.comparing(d -> d.getRun().substring(d.getRun().indexOf('@'))))
                .orElseThrow(() -> new InvalidInputException(run == null ? "no run has been started on " + clients.bootstrapServers()
                        : "no run '" + run + "' on " + clients.bootstrapServers()));
    }

    /**
     * Validates and sends a change; returns the run it was sent to.
     *
     * @throws ScenarioException when the change is invalid: nothing is sent
     */
    public String send(ScenarioDefinition target, Map<String, String> changes, String note)
            throws ScenarioException, InterruptedException, ExecutionException {
        ScenarioText text = new ScenarioText(target.getYaml(), target.getFileName(),
                target.getOverrides().stream().map(ScenarioOverride::parse).toList());
        ScenarioLoader.stateAfter(text, List.of(new ScenarioChange(target.getClockStart(), changes, note, "live change")), true);
        Map<String, Object> config = clients.config();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, ControlEvent> producer = new KafkaProducer<>(config, Topics.KEY.serializer(), Topics.CONTROL.valueSerde().serializer())) {
            ControlEvent event = ControlEvent.newBuilder().setRun(target.getRun()).setId(UUID.randomUUID().toString())
                    .setSource(ControlSource.LIVE).setAt(null).setSet(changes).setNote(note == null ? "" : note).build();
            producer.send(new ProducerRecord<>(Topics.CONTROL.name(), target.getRun(), event)).get();
            producer.close(Duration.ofSeconds(10));
        }
        return target.getRun();
    }
}
