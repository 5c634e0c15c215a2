package org.rebound.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.DataCentre;
import org.rebound.avro.GridElectricity;
import org.rebound.avro.KindEnergy;
import org.rebound.avro.LoadEvent;
import org.rebound.avro.Quantity;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.TopicAdmin;
import org.rebound.kafka.Topics;

/** The JSON mirrors against a real broker, read as a client without Avro would: strings, then JSON. */
@DisplayName("JSON mirrors of the aggregate topics (real broker)")
class JsonMirrorsBrokerTest {

    private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
    private static final long MINUTE = 60_000;

    private static Quantity q(double value) {
        return new Quantity(value, value, value, null, null);
    }

    @Test
    @DisplayName(
            "the aggregator's totals reach rebound.totals.json, committed, readable with a StringDeserializer and Jackson")
    void totalsMirrorOnABroker() throws Exception {
        KafkaClients clients = KafkaClients.of(SharedBroker.bootstrapServers());
        String run = "mirror-test@" + UUID.randomUUID();
        try (Admin admin = Admin.create(clients.config())) {
            TopicAdmin.ensureTopics(admin, 2, (short) 1);
        }
        Path stateDir = Files.createTempDirectory("mirror-broker-test");
        try (ImpactAggregator aggregator =
                ImpactAggregator.start(clients, "mirror-test-" + UUID.randomUUID(), stateDir)) {
            produceThreeMinutes(clients, run);

            JsonNode totals = awaitJson(
                    clients,
                    "rebound.totals.json",
                    run,
                    node -> node.get("requests").asLong() == 3000,
                    aggregator);
            assertThat(totals.get("run").asText()).isEqualTo(run);
            assertThat(totals.get("dimension").asText()).isEqualTo("OVERALL");
            assertThat(totals.get("load_events").asLong()).isEqualTo(3);
            assertThat(totals.get("first_event").asText()).isEqualTo("2025-03-01T00:00:00Z");
            assertThat(totals.get("last_event").asText()).isEqualTo("2025-03-01T00:03:00Z");
            // by hand: 3000 × 0.25 Wh = 0.75 kWh IT; × PUE 1.2 = 0.9 kWh facility; × 100 g/kWh = 0.09 kg operational
            // CO2e
            assertThat(totals.at("/impacts/it_energy_kwh/central").doubleValue())
                    .isCloseTo(0.75, within(1e-12));
            assertThat(totals.at("/impacts/facility_energy_kwh/high").doubleValue())
                    .isCloseTo(0.9, within(1e-12));
            assertThat(totals.at("/impacts/operational_co2e_kg/low").doubleValue())
                    .isCloseTo(0.09, within(1e-12));

            JsonNode byDatacentre = awaitJson(
                    clients,
                    "rebound.totals.by-datacentre.json",
                    run + "/paris-1",
                    node -> node.get("requests").asLong() == 3000,
                    aggregator);
            assertThat(byDatacentre.get("member").asText()).isEqualTo("paris-1");
        } finally {
            deleteRecursively(stateDir);
        }
    }

    /**
     * Three one-minute ticks of 1,000 text requests at paris-1 (0.25 Wh each, PUE 1.2, 100 g/kWh),
     * the data centre's state on the first, as the generator sends them.
     */
    static void produceThreeMinutes(KafkaClients clients, String run) {
        GridElectricity grid = new GridElectricity("FR", q(100), q(2.0), Collections.nCopies(24, 1.0), 0.0, 0.0, START);
        DataCentre dc = new DataCentre(
                run,
                "mirror-test",
                "paris-1",
                START,
                START,
                START.plusMillis(10 * MINUTE),
                0L,
                q(1.2),
                q(0.5),
                q(80),
                1.0,
                grid,
                Map.of("text", new KindEnergy(q(0.25), 1.0, 1.0)),
                0L,
                null,
                null,
                null,
                null);
        Map<String, Object> config = clients.config();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // the three events leave in one batch, at the flush below, and so are fetched together: as
        // the generator's records of one transaction are (FirstAggregateBrokerTest counts on it: a
        // first event fetched alone would be committed at once, the two others an interval later)
        config.put(ProducerConfig.LINGER_MS_CONFIG, 60_000);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            String key = run + "/paris-1";
            // the state rides on the data centre's first event, as the generator sends it
            byte[] state = Topics.DATA_CENTRE.serializer().serialize(Topics.DATACENTRES.name(), dc);
            for (int minute = 0; minute < 3; minute++) {
                Instant tick = START.plusMillis(minute * MINUTE);
                LoadEvent event = new LoadEvent(
                        run,
                        "mirror-test",
                        "paris-1",
                        tick,
                        MINUTE,
                        java.util.Map.of("text", 1000L),
                        null,
                        null,
                        null,
                        List.of());
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                        Topics.REQUESTS.name(),
                        null,
                        tick.toEpochMilli(),
                        key,
                        Topics.LOAD_EVENT.serializer().serialize(Topics.REQUESTS.name(), event));
                if (minute == 0) {
                    record.headers().add(Topics.DATACENTRE_STATE_HEADER, state);
                }
                producer.send(record);
            }
            producer.flush();
        }
    }

    /** The latest committed JSON value of the key that satisfies {@code done}, waiting up to 60 s. */
    static JsonNode awaitJson(
            KafkaClients clients,
            String topic,
            String key,
            java.util.function.Predicate<JsonNode> done,
            ImpactAggregator aggregator)
            throws Exception {
        return awaitJson(clients, topic, key, done, aggregator, Duration.ofSeconds(60));
    }

    /** The latest committed JSON value of the key that satisfies {@code done}, waiting up to {@code within}. */
    static JsonNode awaitJson(
            KafkaClients clients,
            String topic,
            String key,
            java.util.function.Predicate<JsonNode> done,
            ImpactAggregator aggregator,
            Duration within)
            throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Object> config = new HashMap<>(clients.config());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + within.toNanos();
            JsonNode latest = null;
            while (System.nanoTime() < deadline) {
                assertThat(aggregator.failure()).isEmpty();
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        latest = mapper.readTree(record.value());
                    }
                }
                if (latest != null && done.test(latest)) {
                    return latest;
                }
            }
            throw new AssertionError(topic + ": no committed record for " + key + " as expected within " + within
                    + "; latest " + latest);
        }
    }

    static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
