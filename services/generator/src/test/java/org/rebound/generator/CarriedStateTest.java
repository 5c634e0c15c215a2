package org.rebound.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.DataCentre;
import org.rebound.avro.LoadEvent;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.TopicAdmin;
import org.rebound.kafka.Topics;

/**
 * The data-centre state a load event carries (header {@link Topics#DATACENTRE_STATE_HEADER}), on
 * the real broker: the first event of each data centre, the first after a timeline change, and the
 * first after a resume carry the state in force, encoded as on the data-centre topic; no other
 * event carries one.
 */
@DisplayName("load events carry their data centre's new state: at the start, after a change, after a resume")
class CarriedStateTest {

    static final String SCENARIO = """
            name: carried
            title: "Two data centres, a change at noon"
            seed: 3
            clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-02T00:00:00Z, tick: 1h, speed: max, period: 6h}
            regions:
              FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
            datacentres:
              - {id: paris-1, region: FR, pue: 1.2, wue_l_per_kwh: 0.5, share: 0.6}
              - {id: paris-2, region: FR, pue: 1.3, wue_l_per_kwh: 0.5, share: 0.4}
            kinds:
              text: {energy_wh: 0.3}
            workload: {requests_per_day: 1.0e5, arrival: poisson, mix: {text: 1.0}}
            timeline:
              - {at: 2025-01-01T12:00:00Z, set: {kinds.text.energy_factor: 0.5}, note: "cheaper text"}
            """;

    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant CHANGE = Instant.parse("2025-01-01T12:00:00Z");

    static KafkaClients clients;

    @BeforeAll
    static void topics() throws Exception {
        clients = KafkaClients.of(SharedBroker.bootstrapServers());
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, clients.bootstrapServers()))) {
            TopicAdmin.ensureTopics(admin, 3, (short) 1);
        }
    }

    /** A run's records of one topic, by key, in offset order (one key, one partition). */
    private static Map<String, List<ConsumerRecord<String, byte[]>>> records(String topic, String run) {
        Map<String, List<ConsumerRecord<String, byte[]>>> byKey = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                clients.reader(Topics.KEY.deserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.key().startsWith(run + "/")) {
                        byKey.computeIfAbsent(record.key(), k -> new ArrayList<>())
                                .add(record);
                    }
                }
            }
        }
        return byKey;
    }

    /** Per data centre, the carried states' valid_from, each checked equal to the data-centre topic's record. */
    private static Map<String, List<Instant>> carried(String run) {
        Map<String, List<ConsumerRecord<String, byte[]>>> states = records(Topics.DATACENTRES.name(), run);
        Map<String, List<Instant>> carried = new HashMap<>();
        records(Topics.REQUESTS.name(), run).forEach((key, events) -> {
            for (ConsumerRecord<String, byte[]> event : events) {
                Header header = event.headers().lastHeader(Topics.DATACENTRE_STATE_HEADER);
                if (header == null) {
                    continue;
                }
                DataCentre state =
                        Topics.DATA_CENTRE.deserializer().deserialize(Topics.DATACENTRES.name(), header.value());
                assertThat(state.getValidFrom())
                        .as("a carried state is in force at its event's time (%s)", key)
                        .isBeforeOrEqualTo(Instant.ofEpochMilli(event.timestamp()));
                // (run_end aside: the resume test's first incarnation ends sooner)
                assertThat(states.get(key))
                        .as("the carried state is a record of the data-centre topic (%s)", key)
                        .anySatisfy(record -> assertThat(withoutEnd(Topics.DATA_CENTRE
                                        .deserializer()
                                        .deserialize(Topics.DATACENTRES.name(), record.value())))
                                .isEqualTo(withoutEnd(state)));
                carried.computeIfAbsent(key, k -> new ArrayList<>()).add(state.getValidFrom());
            }
        });
        return carried;
    }

    private static DataCentre withoutEnd(DataCentre state) {
        return DataCentre.newBuilder(state).setRunEnd(Instant.EPOCH).build();
    }

    @Test
    @DisplayName(
            "the first event of each data centre and the first after the change carry the state in force, no other")
    void startAndChange() throws Exception {
        Scenario scenario = ScenarioLoader.parse(SCENARIO, "carried.yaml");
        String run = "carried@" + System.nanoTime();
        Ledger ledger = new LoadGenerator(scenario, LoadGenerator.Options.of(run, scenario), clients)
                .run((until, requests, events) -> {});
        assertThat(ledger.loadEvents()).isEqualTo(48);

        assertThat(carried(run))
                .isEqualTo(Map.of(
                        run + "/paris-1", List.of(START, CHANGE),
                        run + "/paris-2", List.of(START, CHANGE)));
        // a record holds several ticks, never some before the change and some after it
        records(Topics.REQUESTS.name(), run).forEach((key, records) -> {
            int ticks = 0;
            for (ConsumerRecord<String, byte[]> record : records) {
                LoadEvent event =
                        Topics.REQUESTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
                List<Instant> starts = new ArrayList<>(List.of(event.getTickStart()));
                event.getLaterTicks().forEach(tick -> starts.add(tick.getTickStart()));
                assertThat(starts.stream().map(start -> start.isBefore(CHANGE)).distinct())
                        .as("%s: a record's ticks %s", key, starts)
                        .hasSize(1);
                ticks += starts.size();
            }
            assertThat(ticks).as("%s: every tick once", key).isEqualTo(24);
            assertThat(records).as("%s: fewer records than ticks", key).hasSizeLessThan(24);
        });
    }

    @Test
    @DisplayName("a resumed run's first event of each data centre carries the state in force where it resumes")
    void resume() throws Exception {
        String run = "carried@" + System.nanoTime();
        // a first incarnation that stopped at 18:00 (its last committed tick), after the change, then the whole run
        Scenario first = ScenarioLoader.parse(
                SCENARIO.replace("end: 2025-01-02T00:00:00Z", "end: 2025-01-01T18:00:00Z"), "carried.yaml");
        new LoadGenerator(first, LoadGenerator.Options.of(run, first), clients).run((until, requests, events) -> {});
        Scenario scenario = ScenarioLoader.parse(SCENARIO, "carried.yaml");
        new LoadGenerator(scenario, LoadGenerator.Options.of(run, scenario), clients)
                .run((until, requests, events) -> {});

        // the start and the change (first incarnation), then the state in force at 18:00 (the
        // change's, replayed by the resumed generator)
        Map<String, List<Instant>> carried = carried(run);
        assertThat(carried)
                .isEqualTo(Map.of(
                        run + "/paris-1", List.of(START, CHANGE, CHANGE),
                        run + "/paris-2", List.of(START, CHANGE, CHANGE)));
        Map<String, List<ConsumerRecord<String, byte[]>>> events = records(Topics.REQUESTS.name(), run);
        for (List<ConsumerRecord<String, byte[]>> list : events.values()) {
            ConsumerRecord<String, byte[]> firstResumed = list.stream()
                    .filter(e -> e.timestamp()
                            >= Instant.parse("2025-01-01T18:00:00Z").toEpochMilli())
                    .findFirst()
                    .orElseThrow();
            assertThat(firstResumed.headers().lastHeader(Topics.DATACENTRE_STATE_HEADER))
                    .as("the first event after the resume")
                    .isNotNull();
        }
    }
}
