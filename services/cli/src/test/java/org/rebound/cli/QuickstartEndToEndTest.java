package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.domain.Range;
import org.rebound.domain.scenario.DataCentre;
import org.rebound.domain.scenario.Kind;
import org.rebound.domain.scenario.Region;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.kafka.KafkaClients;
import org.rebound.report.results.Results;
import org.rebound.report.results.RunResults;

/**
 * End to end on a real broker (the in-process KRaft broker, or the one named by
 * REBOUND_TEST_BOOTSTRAP): generator, Kafka Streams aggregator, barrier, summary. The expected
 * totals are computed here from the scenario file alone, independently of the pipeline's code.
 */
@DisplayName("a scenario end to end on a real broker")
class QuickstartEndToEndTest {

    /** The broker under test; the Testcontainers subclass points the same tests at a Kafka container. */
    String bootstrapServers() {
        return SharedBroker.bootstrapServers();
    }

    Summary run(Scenario scenario) throws InterruptedException {
        return ScenarioRun.execute(
                scenario,
                KafkaClients.of(bootstrapServers()),
                ScenarioRun.Settings.defaults(),
                ScenarioRun.Listener.SILENT,
                System.nanoTime());
    }

    @Test
    @DisplayName("exact arrival: summary == ledger == totals computed independently from the scenario")
    void conservation() throws Exception {
        checkConservation(0);
    }

    @Test
    @DisplayName(
            "malformed records on the requests topic go to the dead-letter topic, are counted, and change no total")
    void poisonRecords() throws Exception {
        byte[] valid = org.rebound.kafka.Topics.LOAD_EVENT
                .serializer()
                .serialize(
                        "t",
                        new org.rebound.avro.LoadEvent(
                                "poison@1",
                                "poison",
                                "paris-1",
                                java.time.Instant.parse("2025-03-01T00:00:00Z"),
                                60_000L,
                                java.util.Map.of("text", 5L),
                                null,
                                null,
                                null,
                                java.util.List.of()));
        byte[] unknownFingerprint = valid.clone();
        unknownFingerprint[5] ^= 0x55;
        java.util.Random random = new java.util.Random(1);
        java.util.List<byte[]> poison = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            byte[] noise = new byte[1 + random.nextInt(40)];
            random.nextBytes(noise);
            poison.add(noise);
        }
        poison.add(java.util.Arrays.copyOf(valid, valid.length / 2)); // truncated Avro
        poison.add(unknownFingerprint);
        poison.add(valid); // decodes, but its data centre has no record in force
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(
                java.util.Map.of("bootstrap.servers", bootstrapServers()),
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            try (var admin = org.apache.kafka.clients.admin.Admin.create(
                    KafkaClients.of(bootstrapServers()).config())) {
                org.rebound.kafka.TopicAdmin.ensureTopics(admin, 2, (short) 1);
            }
            for (byte[] bytes : poison) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                        "rebound.requests", "poison@1/paris-1".getBytes(), bytes));
            }
        }
        checkConservation(poison.size());
    }

    private void checkConservation(long expectedDeadLetters) throws Exception {
        Scenario scenario = ScenarioLoader.parse("""
                name: conservation
                title: "Conservation check"
                seed: 5
                clock: {start: 2025-03-01T00:00:00Z, end: 2025-03-01T06:00:00Z, tick: 5m}
                regions:
                  FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
                  US-VA: {carbon_g_per_kwh: {low: 322, central: 380, high: 411}, water_l_per_kwh: 3.13}
                datacentres:
                  - {id: paris-1, region: FR, pue: 1.2, wue_l_per_kwh: 0.5, embodied_g_per_kwh: 90, share: 0.25}
                  - {id: ashburn-1, region: US-VA, pue: {low: 1.08, central: 1.1, high: 1.2}, wue_l_per_kwh: {low: 0.09, central: 0.55, high: 1.8}, embodied_g_per_kwh: {low: 45, central: 90, high: 180}, share: 0.75}
                kinds:
                  text: {energy_wh: {low: 0.04, central: 0.25, high: 4}}
                  video: {energy_wh: 100, energy_factor: 0.5}
                workload:
                  requests_per_day: 2.4e5
                  arrival: exact
                  mix: {text: 0.95, video: 0.05}
                """, "conservation.yaml");

        JsonNode summary = run(scenario).json();

        // Independent expectation: 6 h of 240,000/day = 60,000 requests, split by share and mix;
        // exact arrival makes each data centre × kind total the rounded expectation.
        Map<String, Long> expectedRequests = new LinkedHashMap<>();
        double co2eCentral = 0;
        double co2eLow = 0;
        double waterHigh = 0;
        long total = 0;
        for (DataCentre dc : scenario.datacentres()) {
            Region region = scenario.regionOf(dc);
            for (Kind kind : scenario.kinds().values()) {
                long n = Math.round(
                        60_000 * dc.share() * scenario.workload().mix().get(kind.name()));
                expectedRequests.merge(dc.id(), n, Long::sum);
                total += n;
                Range itKwh = kind.energyWh().times(n * kind.energyFactor() / 1000);
                co2eCentral += itKwh.central()
                                * dc.pue().central()
                                * region.carbonGPerKwh().central()
                                / 1000
                        + itKwh.central() * dc.embodiedGPerKwh().central() / 1000;
                co2eLow += itKwh.low() * dc.pue().low() * region.carbonGPerKwh().low() / 1000
                        + itKwh.low() * dc.embodiedGPerKwh().low() / 1000;
                waterHigh += itKwh.high() * dc.wueLPerKwh().high()
                        + itKwh.high() * dc.pue().high() * region.waterLPerKwh().high();
            }
        }
        assertThat(summary.get("requests").asLong()).isEqualTo(total).isEqualTo(60_000);
        assertThat(summary.get("ledger").get("requests").asLong()).isEqualTo(total);
        assertThat(summary.get("ledger").get("matches").asBoolean()).isTrue();
        assertThat(summary.get("load_events").asLong())
                .isEqualTo(summary.get("ledger").get("load_events").asLong());
        expectedRequests.forEach((dc, n) -> assertThat(
                        summary.get("by_datacentre").get(dc).get("requests").asLong())
                .as(dc)
                .isEqualTo(n));
        JsonNode totals = summary.get("totals");
        assertThat(totals.get("co2e_kg").get("central").asDouble()).isCloseTo(co2eCentral, within(co2eCentral * 1e-9));
        assertThat(totals.get("co2e_kg").get("low").asDouble()).isCloseTo(co2eLow, within(co2eLow * 1e-9));
        assertThat(totals.get("water_l").get("high").asDouble()).isCloseTo(waterHigh, within(waterHigh * 1e-9));
        assertThat(summary.get("dead_letters").asLong()).isEqualTo(expectedDeadLetters);
        // a record carries every kind of up to 24 ticks of a data centre: at most one per data centre and 5-minute
        // tick of the 6 hours, fewer than the load events
        assertThat(summary.get("ledger").get("records").asLong())
                .isPositive()
                .isLessThanOrEqualTo(summary.get("by_datacentre").size() * 72L)
                .isLessThan(summary.get("ledger").get("load_events").asLong());
        // the process's memory peaks, broker included: a real JVM's figures
        assertThat(summary.get("run").get("peak_heap_mib").asDouble()).isBetween(16.0, 64.0 * 1024);
        if (Files.exists(Path.of("/proc/self/status"))) {
            assertThat(summary.get("run").get("peak_rss_mib").asDouble())
                    .isGreaterThanOrEqualTo(
                            summary.get("run").get("peak_heap_mib").asDouble() / 4);
        }
        // by-kind and by-data-centre totals add up to the overall totals
        double kindsSum = 0;
        for (JsonNode kind : summary.get("by_kind")) {
            kindsSum += kind.get("facility_energy_kwh").get("central").asDouble();
        }
        assertThat(kindsSum)
                .isCloseTo(totals.get("facility_energy_kwh").get("central").asDouble(), within(1e-6));
    }

    @Test
    @DisplayName("the quickstart preset runs, and the aggregates match the generator's ledger")
    void quickstart() throws Exception {
        Scenario scenario = ScenarioLoader.load(Path.of("../../scenarios/quickstart.yaml"));
        JsonNode summary = run(scenario).json();
        assertThat(summary.get("ledger").get("matches").asBoolean()).isTrue();
        // poisson arrival around 1e6 requests/day for one day: within 5 standard deviations
        assertThat((double) summary.get("requests").asLong()).isCloseTo(1.0e6, within(5 * Math.sqrt(1.0e6)));
        assertThat(summary.get("by_datacentre").size()).isEqualTo(2);
        assertThat(summary.get("by_kind").size()).isEqualTo(3);
        // same hardware, same traffic share: Virginia's operational CO2e per kWh is ~380/56 times Paris's
        double paris = summary.get("by_datacentre")
                        .get("paris-1")
                        .get("operational_co2e_kg")
                        .get("central")
                        .asDouble()
                / summary.get("by_datacentre")
                        .get("paris-1")
                        .get("facility_energy_kwh")
                        .get("central")
                        .asDouble();
        double ashburn = summary.get("by_datacentre")
                        .get("ashburn-1")
                        .get("operational_co2e_kg")
                        .get("central")
                        .asDouble()
                / summary.get("by_datacentre")
                        .get("ashburn-1")
                        .get("facility_energy_kwh")
                        .get("central")
                        .asDouble();
        assertThat(paris).isCloseTo(0.056, within(1e-9));
        assertThat(ashburn).isCloseTo(0.380, within(1e-9));

        // the summary a real run writes reads into the typed results and writes back to the same JSON tree
        // (through its text, as the file is: number node types then agree)
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        JsonNode file = json.readTree(json.writeValueAsString(summary));
        RunResults results = Results.read(file);
        assertThat(Results.tree(results)).isEqualTo(file);
        assertThat(results.requests()).isEqualTo(summary.get("requests").asLong());
        assertThat(results.byDatacentre()
                        .get("paris-1")
                        .impacts()
                        .operationalCo2eKg()
                        .central())
                .isEqualTo(summary.get("by_datacentre")
                        .get("paris-1")
                        .get("operational_co2e_kg")
                        .get("central")
                        .asDouble());
        assertThat(results.periods()).hasSize(summary.get("periods").size());
    }
}
