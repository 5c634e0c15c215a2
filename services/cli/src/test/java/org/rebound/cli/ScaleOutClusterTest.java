package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rebound.aggregator.ImpactAggregator;
import org.rebound.avro.Totals;
import org.rebound.broker.BrokerOptions;
import org.rebound.broker.EmbeddedKafkaCluster;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.generator.Ledger;
import org.rebound.generator.LoadGenerator;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.Keys;
import org.rebound.kafka.TopicAdmin;
import org.rebound.kafka.TopicReader;
import org.rebound.kafka.Topics;

/**
 * Scale out (issue 16, "beyond one machine"): three brokers (3 replicas), three aggregator
 * instances sharing the partitions as one consumer group, two generator instances splitting the
 * data centres; the aggregates must be those of one generator and one aggregator on one broker.
 */
@DisplayName("scale out: 3 brokers, 3 aggregators, 2 generators give the totals of one of each")
class ScaleOutClusterTest {

    static final String SCENARIO = """
            name: scale-out
            title: "Four data centres, scaled out"
            seed: 5
            clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-03T00:00:00Z, tick: 10m, speed: max, period: 1d}
            regions:
              FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
              US-VA: {carbon_g_per_kwh: {low: 322, central: 380, high: 411}, water_l_per_kwh: 3.13}
            datacentres:
              - {id: paris-1, region: FR, pue: 1.2, wue_l_per_kwh: 0.5, share: 0.3}
              - {id: paris-2, region: FR, pue: 1.3, wue_l_per_kwh: 0.5, share: 0.2}
              - {id: ashburn-1, region: US-VA, pue: {low: 1.08, central: 1.1, high: 1.2}, wue_l_per_kwh: 1.0, share: 0.4}
              - {id: ashburn-2, region: US-VA, pue: 1.4, wue_l_per_kwh: 1.0, share: 0.1}
            kinds:
              text: {energy_wh: {low: 0.04, central: 0.25, high: 4}}
              image: {energy_wh: 2.9}
            workload: {requests_per_day: 2.0e6, arrival: poisson, mix: {text: 0.9, image: 0.1}}
            timeline:
              - {at: 2025-01-02T00:00:00Z, set: {kinds.text.energy_factor: 0.5}, note: "cheaper text"}
            """;

    @TempDir
    Path dir;

    @Test
    @DisplayName("same requests, load events and impacts per run, data centre, kind and period; every ledger matches")
    void threeAggregatorsTwoGenerators() throws Exception {
        Scenario scenario = ScenarioLoader.parse(SCENARIO, "scale-out.yaml");
        JsonNode alone = ScenarioRun.execute(
                        scenario,
                        KafkaClients.of(SharedBroker.bootstrapServers()),
                        ScenarioRun.Settings.defaults(),
                        ScenarioRun.Listener.SILENT,
                        System.nanoTime())
                .json();
        assertThat(alone.path("ledger").path("matches").asBoolean()).isTrue();

        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(3, BrokerOptions.defaults())) {
            KafkaClients clients = KafkaClients.of(cluster.bootstrapServers());
            String applicationId = "rebound-scale-out-" + System.nanoTime();
            try (Admin admin = Admin.create(clients.config())) {
                TopicAdmin.ensureTopics(admin, 6, (short) 3);
            }
            List<ImpactAggregator> aggregators = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    aggregators.add(ImpactAggregator.start(
                            clients, applicationId, Files.createDirectories(dir.resolve("streams-" + i))));
                }
                for (ImpactAggregator aggregator : aggregators) {
                    assertThat(aggregator.awaitRunning(Duration.ofSeconds(120))).isTrue();
                }
                String run = "scale-out@three-by-two";
                List<CompletableFuture<Ledger>> generators = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    LoadGenerator generator = new LoadGenerator(
                            scenario, LoadGenerator.Options.of(run, scenario).withInstance(i, 2), clients);
                    generators.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return generator.run((until, requests, events) -> {});
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                }
                long requests = 0;
                long loadEvents = 0;
                for (CompletableFuture<Ledger> g : generators) {
                    Ledger ledger = g.get(180, TimeUnit.SECONDS);
                    requests += ledger.requests();
                    loadEvents += ledger.loadEvents();
                }
                assertThat(requests)
                        .as("two generators produce the one's requests")
                        .isEqualTo(alone.path("requests").asLong());
                assertThat(loadEvents).isEqualTo(alone.path("load_events").asLong());

                TopicReader reader = new TopicReader(clients);
                Totals overall = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
                while (System.nanoTime() < deadline) {
                    reader.awaitStable(List.of(Topics.TOTALS.name()), Duration.ofSeconds(30));
                    overall = reader.latestByKey(Topics.TOTALS, run::equals).get(run);
                    if (overall != null && overall.getLoadEvents() >= loadEvents) {
                        break;
                    }
                    Thread.sleep(300);
                }
                assertThat(overall).isNotNull();
                assertThat(overall.getRequests()).isEqualTo(requests);
                assertThat(overall.getLoadEvents()).isEqualTo(loadEvents);
                assertSameImpacts("overall", overall, alone.path("totals"));

                // every aggregate topic has its own path through the repartition: wait until each sums the whole run
                long all = requests;
                awaitSum(reader, Topics.TOTALS_BY_DATACENTRE, run, all);
                awaitSum(reader, Topics.TOTALS_BY_KIND, run, all);
                awaitSum(reader, Topics.PERIODS, run, all, org.rebound.avro.PeriodTotals::getRequests);
                Map<String, Totals> byDatacentre =
                        reader.latestByKey(Topics.TOTALS_BY_DATACENTRE, k -> k.startsWith(Keys.member(run, "")));
                assertThat(byDatacentre).hasSize(4);
                for (Totals t : byDatacentre.values()) {
                    JsonNode reference = alone.path("by_datacentre").path(t.getMember());
                    assertThat(t.getRequests())
                            .as(t.getMember())
                            .isEqualTo(reference.path("requests").asLong());
                    assertSameImpacts(t.getMember(), t, reference);
                }
                Map<String, Totals> byKind =
                        reader.latestByKey(Topics.TOTALS_BY_KIND, k -> k.startsWith(Keys.member(run, "")));
                assertThat(byKind).hasSize(2);
                for (Totals t : byKind.values()) {
                    JsonNode reference = alone.path("by_kind").path(t.getMember());
                    assertThat(t.getRequests())
                            .as(t.getMember())
                            .isEqualTo(reference.path("requests").asLong());
                    assertSameImpacts(t.getMember(), t, reference);
                }
                var periods = new java.util.TreeMap<>(
                        reader.latestByKey(Topics.PERIODS, k -> k.startsWith(Keys.member(run, ""))));
                assertThat(periods).hasSize(alone.path("periods").size());
                int i = 0;
                for (var period : periods.values()) {
                    JsonNode reference = alone.path("periods").get(i++);
                    assertThat(period.getRequests())
                            .isEqualTo(reference.path("requests").asLong());
                    if (period.getReboundEffect() == null) {
                        assertThat(reference.path("rebound_effect").isNull()
                                        || reference.path("rebound_effect").isMissingNode())
                                .isTrue();
                    } else {
                        assertThat(period.getReboundEffect())
                                .isCloseTo(reference.path("rebound_effect").asDouble(), within(1e-9));
                    }
                }
            } finally {
                aggregators.forEach(ImpactAggregator::close);
            }
        }
    }

    private static void awaitSum(
            TopicReader reader, org.rebound.kafka.Topic<String, Totals> topic, String run, long requests)
            throws Exception {
        awaitSum(reader, topic, run, requests, Totals::getRequests);
    }

    private static <V> void awaitSum(
            TopicReader reader,
            org.rebound.kafka.Topic<String, V> topic,
            String run,
            long requests,
            java.util.function.ToLongFunction<V> count)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            reader.awaitStable(List.of(topic.name()), Duration.ofSeconds(30));
            long sum = reader.latestByKey(topic, k -> k.startsWith(Keys.member(run, ""))).values().stream()
                    .mapToLong(count)
                    .sum();
            if (sum >= requests) {
                return;
            }
            Thread.sleep(300);
        }
    }

    /** Facility energy, CO₂e and water, central, as the single run's summary has them (sums in another order: 1e-9 relative). */
    private static void assertSameImpacts(String what, Totals totals, JsonNode reference) {
        var impacts = org.rebound.kafka.AvroMapping.impacts(totals.getImpacts());
        assertThat(impacts.facilityEnergyKwh().central())
                .as(what + " kWh")
                .isCloseTo(
                        reference.path("facility_energy_kwh").path("central").asDouble(),
                        within(1e-9 * Math.max(1, impacts.facilityEnergyKwh().central())));
        assertThat(impacts.co2eKg().central())
                .as(what + " kg CO2e")
                .isCloseTo(
                        reference.path("co2e_kg").path("central").asDouble(),
                        within(1e-9 * Math.max(1, impacts.co2eKg().central())));
        assertThat(impacts.waterL().central())
                .as(what + " L")
                .isCloseTo(
                        reference.path("water_l").path("central").asDouble(),
                        within(1e-9 * Math.max(1, impacts.waterL().central())));
    }
}
