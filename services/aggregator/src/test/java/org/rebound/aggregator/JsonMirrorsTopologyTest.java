package org.rebound.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.DataCentre;
import org.rebound.avro.GridElectricity;
import org.rebound.avro.KindEnergy;
import org.rebound.avro.LoadEvent;
import org.rebound.avro.Quantity;
import org.rebound.avro.Totals;
import org.rebound.avro.TrainingCampaign;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.Topic;
import org.rebound.kafka.Topics;

@DisplayName("JSON mirrors of the aggregate topics (topology)")
class JsonMirrorsTopologyTest {

    private static final String RUN = "t@1";
    private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
    private static final long MINUTE = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> IMPACTS = List.of(
            "it_energy_kwh",
            "facility_energy_kwh",
            "operational_co2e_kg",
            "embodied_co2e_kg",
            "co2e_kg",
            "onsite_water_l",
            "offsite_water_l",
            "water_l");

    private Topology topology;
    private TopologyTestDriver driver;
    private CarriedStates.Requests requests;
    private Path stateDir;

    @BeforeEach
    void setUp() throws Exception {
        stateDir = Files.createTempDirectory("mirror-topology-test");
        Properties config = ImpactAggregator.config(KafkaClients.of("unused:9092"), "mirror-topology-test", stateDir);
        topology = ImpactTopology.build();
        driver = new TopologyTestDriver(topology, config, START);
        CarriedStates datacentres = new CarriedStates();
        requests = datacentres.requests(driver.createInputTopic(
                Topics.REQUESTS.name(), Topics.KEY.serializer(), Topics.LOAD_EVENT.serializer()));
        datacentres.pipeInput(new TestRecord<>(RUN + "/paris-1", dc("paris-1", 1.2, 0.25), START.minusMillis(1)));
        datacentres.pipeInput(new TestRecord<>(RUN + "/dub-1", dc("dub-1", 1.5, 0.5), START.minusMillis(1)));
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static Quantity q(double low, double central, double high) {
        return new Quantity(low, central, high, null, null);
    }

    private static GridElectricity grid() {
        return new GridElectricity("FR", q(50, 100, 200), q(2, 2, 2), Collections.nCopies(24, 1.0), 0.0, 0.0, START);
    }

    private static DataCentre dc(String id, double pue, double textWh) {
        return new DataCentre(
                RUN,
                "t",
                id,
                START,
                START,
                START.plusMillis(20 * MINUTE),
                10 * MINUTE,
                q(pue, pue, pue),
                q(0.5, 0.5, 0.5),
                q(80, 80, 80),
                0.5,
                grid(),
                Map.of(
                        "text",
                        new KindEnergy(q(textWh, textWh, textWh), 1.0, 1.0),
                        "image",
                        new KindEnergy(q(1, 3, 10), 0.5, 1.0)),
                0L,
                null,
                null,
                null,
                null);
    }

    private void event(String dc, String kind, long atMinute, long requestCount) {
        Instant tick = START.plusMillis(atMinute * MINUTE);
        requests.pipeInput(new TestRecord<>(
                RUN + "/" + dc,
                new LoadEvent(
                        RUN, "t", dc, tick, MINUTE, java.util.Map.of(kind, requestCount), null, null, null, List.of()),
                tick));
    }

    @Test
    @DisplayName(
            "each totals record appears on rebound.totals.json, same key, with the numbers of the Avro record, read as plain JSON")
    void totalsMirror() throws Exception {
        event("paris-1", "text", 0, 1000);
        event("paris-1", "image", 1, 10);
        event("dub-1", "text", 11, 2000);

        List<KeyValue<String, Totals>> avro = driver.createOutputTopic(
                        Topics.TOTALS.name(), Topics.KEY.deserializer(), Topics.TOTALS_SERDE.deserializer())
                .readKeyValuesToList();
        // what a client without Avro sees: strings
        List<KeyValue<String, String>> json = driver.createOutputTopic(
                        "rebound.totals.json", new StringDeserializer(), new StringDeserializer())
                .readKeyValuesToList();

        assertThat(json).hasSameSizeAs(avro).isNotEmpty();
        for (int i = 0; i < avro.size(); i++) {
            assertThat(json.get(i).key).isEqualTo(avro.get(i).key).isEqualTo(RUN);
            assertSameNumbers(JSON.readTree(json.get(i).value), avro.get(i).value);
        }
        JsonNode last = JSON.readTree(json.get(json.size() - 1).value);
        assertThat(last.get("requests").asLong()).isEqualTo(3010);
        assertThat(last.get("dimension").asText()).isEqualTo("OVERALL");
        assertThat(last.get("first_event").asText()).isEqualTo("2025-03-01T00:00:00Z");
        assertThat(last.get("last_event").asText()).isEqualTo("2025-03-01T00:12:00Z");
        // IT energy by hand: 1000 × 0.25 Wh + 10 × 3 Wh × 0.5 + 2000 × 0.5 Wh = 1265 Wh
        assertThat(last.at("/impacts/it_energy_kwh/central").doubleValue()).isCloseTo(1.265, within(1e-12));
    }

    private static void assertSameNumbers(JsonNode json, Totals avro) {
        assertThat(json.get("run").asText()).isEqualTo(avro.getRun());
        assertThat(json.get("member").asText()).isEqualTo(avro.getMember());
        assertThat(json.get("requests").asLong()).isEqualTo(avro.getRequests());
        assertThat(json.get("load_events").asLong()).isEqualTo(avro.getLoadEvents());
        assertThat(Instant.parse(json.get("first_event").asText())).isEqualTo(avro.getFirstEvent());
        assertThat(Instant.parse(json.get("last_event").asText())).isEqualTo(avro.getLastEvent());
        for (String impact : IMPACTS) {
            Quantity q = (Quantity) avro.getImpacts().get(impact); // by Avro field name
            JsonNode node = json.get("impacts").get(impact);
            // exactly the same doubles: the JSON text reads back to the Avro value
            assertThat(node.get("low").doubleValue()).as(impact).isEqualTo(q.getLow());
            assertThat(node.get("central").doubleValue()).as(impact).isEqualTo(q.getCentral());
            assertThat(node.get("high").doubleValue()).as(impact).isEqualTo(q.getHigh());
        }
    }

    @Test
    @DisplayName(
            "every aggregate topic's records, updates included, reach its mirror in the same order with the same keys and values")
    void everyMirror() {
        event("paris-1", "text", 0, 1000);
        event("paris-1", "image", 1, 10);
        event("dub-1", "text", 11, 2000);
        driver.createInputTopic(Topics.TRAINING.name(), Topics.KEY.serializer(), Topics.TRAINING_CAMPAIGN.serializer())
                .pipeInput(new TestRecord<>(RUN, new TrainingCampaign(RUN, "t", START, q(1, 2, 3), grid(), 0L), START));

        for (Topic<String, ?> mirror : Topics.JSON_MIRRORS) {
            Topic<?, ?> source = Topics.ALL.stream()
                    .filter(t -> mirror.name().equals(t.name() + ".json"))
                    .findFirst()
                    .orElseThrow();
            List<? extends KeyValue<String, ?>> expected = driver.createOutputTopic(
                            source.name(),
                            Topics.KEY.deserializer(),
                            source.valueSerde().deserializer())
                    .readKeyValuesToList();
            List<? extends KeyValue<String, ?>> mirrored = driver.createOutputTopic(
                            mirror.name(),
                            Topics.KEY.deserializer(),
                            mirror.valueSerde().deserializer())
                    .readKeyValuesToList();
            assertThat(expected).as(source.name()).isNotEmpty();
            assertThat(mirrored).as(mirror.name()).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("every topic the topology writes Avro aggregates to has its JSON mirror as a sink too")
    void everySinkIsMirrored() {
        Set<String> sinks = new TreeSet<>();
        int routed = 0;
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    sinks.add(sink.topic());
                } else if (node instanceof TopologyDescription.Sink) {
                    routed++;
                }
            }
        }
        // the totals of every dimension but training leave through two routed sinks: Avro, and JSON
        assertThat(routed).isEqualTo(2);
        ImpactTopology.OUTPUTS.forEach((dimension, topic) -> {
            sinks.add(topic.name());
            sinks.add(ImpactTopology.MIRRORS.get(dimension).name());
        });
        Set<String> aggregates = new TreeSet<>(sinks);
        aggregates.removeIf(t -> t.endsWith("-repartition") || t.endsWith(".json"));
        assertThat(aggregates)
                .containsExactlyInAnyOrder(
                        "rebound.totals",
                        "rebound.totals.by-datacentre",
                        "rebound.totals.by-kind",
                        "rebound.totals.by-region",
                        "rebound.totals.daily",
                        "rebound.totals.training",
                        "rebound.periods",
                        "rebound.telemetry");
        for (String topic : aggregates) {
            assertThat(sinks).as("mirror of " + topic).contains(topic + ".json");
        }
        assertThat(sinks)
                .containsAll(Topics.JSON_MIRRORS.stream().map(Topic::name).toList());
    }
}
