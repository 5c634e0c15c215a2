package org.rebound.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.rebound.avro.ControlEvent;
import org.rebound.avro.ControlSource;
import org.rebound.avro.ScenarioDefinition;
import org.rebound.domain.scenario.Baseline;
import org.rebound.domain.scenario.ScenarioChange;
import org.rebound.domain.scenario.ScenarioException;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.domain.scenario.ScenarioOverride;
import org.rebound.domain.scenario.ScenarioText;

/**
 * Live changes to running scenarios, for `./rebound set` and the dashboard's sliders alike:
 * find the run's definition, validate the change against it (paths, rules, safety limits), and
 * only then publish it on the control topic.
 */
public final class LiveChanges implements AutoCloseable {

    private final KafkaClients clients;
    private KafkaProducer<String, ControlEvent> producer;

    public LiveChanges(KafkaClients clients) {
        this.clients = clients;
    }

    /**
     * Which run "the latest" is: the greatest {@code started_at} (a run id is never parsed); among
     * runs started together, a scenario before its baseline.
     */
    public static final Comparator<ScenarioDefinition> LATEST_FIRST = Comparator.comparing(
                    (ScenarioDefinition d) -> d.getStartedAt())
            .reversed()
            .thenComparing(d -> Baseline.isBaselineName(d.getScenario()))
            .thenComparing(ScenarioDefinition::getRun);

    /** The definition of {@code run}, or of the most recently started run when it is null. */
    public ScenarioDefinition definition(String run) throws NoSuchRunException {
        Map<String, ScenarioDefinition> runs =
                new TopicReader(clients).latestByKey(Topics.SCENARIOS, key -> run == null || key.equals(run));
        return runs.values().stream()
                .min(LATEST_FIRST)
                .orElseThrow(() -> new NoSuchRunException(run, clients.bootstrapServers()));
    }

    /**
     * Checks a change against the run's definition exactly like a timeline change (paths, values,
     * rules, safety limits).
     *
     * @throws ScenarioException when it is invalid
     */
    public static void validate(ScenarioDefinition target, Map<String, String> changes, String note)
            throws ScenarioException {
        ScenarioText text = new ScenarioText(
                target.getYaml(),
                target.getFileName(),
                target.getOverrides().stream().map(ScenarioOverride::parse).toList());
        ScenarioLoader.stateAfter(
                text, List.of(new ScenarioChange(target.getClockStart(), changes, note, "live change")), true);
    }

    /** A change sent: its id on the control topic, and the run it was sent to. */
    public record Sent(String run, String id) {}

    /**
     * Validates and sends a change.
     *
     * @throws ScenarioException when the change is invalid: nothing is sent
     */
    public Sent send(ScenarioDefinition target, Map<String, String> changes, String note)
            throws ScenarioException, InterruptedException, ExecutionException {
        validate(target, changes, note);
        return publish(target, changes, note);
    }

    /** Sends a change already {@linkplain #validate validated} (the dashboard checks its rate in between). */
    public Sent publish(ScenarioDefinition target, Map<String, String> changes, String note)
            throws InterruptedException, ExecutionException {
        String id = UUID.randomUUID().toString();
        ControlEvent event = ControlEvent.newBuilder()
                .setRun(target.getRun())
                .setId(id)
                .setSource(ControlSource.LIVE)
                .setAt(null)
                .setSet(changes)
                .setNote(note == null ? "" : note)
                .build();
        producer()
                .send(new ProducerRecord<>(Topics.CONTROL.name(), target.getRun(), event))
                .get();
        return new Sent(target.getRun(), id);
    }

    /** One producer for every change sent through this object (a dashboard sends many). */
    private synchronized KafkaProducer<String, ControlEvent> producer() {
        if (producer == null) {
            Map<String, Object> config = clients.config();
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            // No producer id to fetch first: a duplicate after a retry would be harmless (the
            // generator applies a change id once).
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            producer = new KafkaProducer<>(
                    config, Topics.KEY.serializer(), Topics.CONTROL.valueSerde().serializer());
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }

    /**
     * Where the run's generator applied a change: the simulated instant of the tick it took effect
     * at, read from the copy the generator stamps and commits on the control topic; empty when no
     * generator applied it within {@code timeout} (the run has ended, or no generator serves it now).
     */
    public Optional<Instant> awaitApplied(Sent sent, Map<TopicPartition, Long> from, Duration timeout) {
        try (KafkaConsumer<String, ControlEvent> consumer = clients.reader(
                Topics.CONTROL.keySerde().deserializer(),
                Topics.CONTROL.valueSerde().deserializer())) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, ControlEvent> record : consumer.poll(Duration.ofMillis(100))) {
                    ControlEvent event = record.value();
                    if (sent.run().equals(record.key())
                            && event != null
                            && sent.id().equals(event.getId())
                            && event.getAt() != null) {
                        return Optional.of(event.getAt());
                    }
                }
            }
            return Optional.empty();
        }
    }

    /** The control topic's end now: {@link #awaitApplied} reads from there. */
    public Map<TopicPartition, Long> controlEnd() {
        return new TopicReader(clients).endOffsets(Topics.CONTROL.name());
    }
}
