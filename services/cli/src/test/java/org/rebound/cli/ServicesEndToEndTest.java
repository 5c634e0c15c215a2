package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.rebound.avro.Totals;
import org.rebound.broker.testing.OwnBroker;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.Keys;
import org.rebound.kafka.TopicReader;
import org.rebound.kafka.Topics;

/**
 * The service entry points as a cluster would run them: two `rebound aggregate` processes (real
 * JVMs, one consumer group) and two `rebound generate` instances splitting the data centres, on
 * the real broker; one aggregator is killed (SIGKILL) mid-run. The totals must equal those of the
 * same scenario run alone by `ScenarioRun`.
 */
@DisplayName("services: generate --instance i/n and aggregate processes, one killed mid-run")
class ServicesEndToEndTest {

    /** A broker of its own: its aggregate processes' new consumer group reads the topics from the beginning. */
    @RegisterExtension
    final OwnBroker broker = new OwnBroker();

    @TempDir
    Path dir;

    static final String SCENARIO = """
            name: services
            title: "Four data centres, two generator instances"
            seed: 5
            clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-03T00:00:00Z, tick: 10m, speed: 90m/s, period: 1d}
            regions:
              FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
              US-VA: {carbon_g_per_kwh: 323, water_l_per_kwh: 3.1}
            datacentres:
              - {id: paris-1, region: FR, pue: 1.2, wue_l_per_kwh: 0.5, share: 0.3}
              - {id: paris-2, region: FR, pue: 1.3, wue_l_per_kwh: 0.5, share: 0.2}
              - {id: ashburn-1, region: US-VA, pue: 1.1, wue_l_per_kwh: 1.0, share: 0.4}
              - {id: ashburn-2, region: US-VA, pue: 1.4, wue_l_per_kwh: 1.0, share: 0.1}
            kinds:
              text: {energy_wh: 0.3}
              image: {energy_wh: 3}
            workload: {requests_per_day: 5.0e6, arrival: poisson, mix: {text: 0.9, image: 0.1}, elasticity: 0.8}
            timeline:
              - {at: 2025-01-02T00:00:00Z, set: {kinds.text.energy_factor: 0.5}, note: "cheaper text"}
            """;

    private String aggregatorLogs() {
        StringBuilder logs = new StringBuilder();
        for (int i = 0; i < 2; i++) {
            try {
                logs.append("\n--- aggregator-")
                        .append(i)
                        .append(".log\n")
                        .append(Files.readString(dir.resolve("aggregator-" + i + ".log")));
            } catch (java.io.IOException e) {
                logs.append(e);
            }
        }
        return logs.toString();
    }

    /** A real aggregator process; its client settings come through --kafka-config (a quick failover: 6 s sessions). */
    private Process aggregator(String bootstrap, String applicationId, Path log) throws Exception {
        Path config = dir.resolve("client.properties");
        Files.writeString(config, "session.timeout.ms=6000\nheartbeat.interval.ms=1500\n");
        return ReboundProcess.start(
                log,
                ReboundProcess.aggregate(
                        bootstrap,
                        applicationId,
                        dir.resolve("state-" + log.getFileName()),
                        "--kafka-config",
                        config.toString()));
    }

    @Test
    @DisplayName("identical totals to a single run: counts exactly, quantities to rounding")
    void clusterOfServices() throws Exception {
        String bootstrap = broker.bootstrapServers();
        KafkaClients clients = KafkaClients.of(bootstrap);
        JsonNode alone = ScenarioRun.execute(
                        ScenarioLoader.parse(SCENARIO.replace("speed: 90m/s", "speed: max"), "services.yaml"),
                        clients,
                        ScenarioRun.Settings.defaults(),
                        ScenarioRun.Listener.SILENT,
                        System.nanoTime())
                .json();
        long expected = alone.get("requests").asLong();

        Path file = Files.writeString(dir.resolve("services.yaml"), SCENARIO);
        String run = "services@cluster-test-" + System.nanoTime();
        String applicationId = "rebound-aggregator-services-test-" + System.nanoTime();
        List<Process> aggregators = new ArrayList<>();
        aggregators.add(aggregator(bootstrap, applicationId, dir.resolve("aggregator-0.log")));
        aggregators.add(aggregator(bootstrap, applicationId, dir.resolve("aggregator-1.log")));
        try {
            // both running (on a loaded machine a JVM takes a while): the run then starts, and the kill lands mid-run
            for (int i = 0; i < 2; i++) {
                Path log = dir.resolve("aggregator-" + i + ".log");
                long ready = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!(Files.exists(log) && Files.readString(log).contains("aggregating"))
                        && System.nanoTime() < ready) {
                    Thread.sleep(100);
                }
                assertThat(Files.readString(log))
                        .as("aggregator " + i + " running")
                        .contains("aggregating");
            }
            List<CompletableFuture<Integer>> generators = new ArrayList<>();
            List<StringWriter> errors = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String instance = i + "/2";
                StringWriter err = new StringWriter();
                errors.add(err);
                generators.add(CompletableFuture.supplyAsync(() -> Rebound.execute(
                        new PrintWriter(new StringWriter()),
                        new PrintWriter(err),
                        "generate",
                        file.toString(),
                        "--bootstrap",
                        bootstrap,
                        "--run",
                        run,
                        "--instance",
                        instance)));
            }
            TopicReader reader = new TopicReader(clients);
            // kill one aggregator (SIGKILL) once aggregates of the run exist, i.e. mid-run
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (reader.latestByKey(Topics.TOTALS, run::equals).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Totals atKill = reader.latestByKey(Topics.TOTALS, run::equals).get(run);
            assertThat(atKill).as("aggregates appear while the run goes").isNotNull();
            aggregators.get(1).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(atKill.getRequests())
                    .as("the kill happens mid-run: not everything aggregated yet")
                    .isLessThan(expected);

            for (int i = 0; i < 2; i++) {
                assertThat(generators.get(i).get(120, TimeUnit.SECONDS))
                        .as(errors.get(i).toString())
                        .isEqualTo(0);
            }
            Totals overall = null;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                reader.awaitStable(List.of(Topics.TOTALS.name()), java.time.Duration.ofSeconds(30));
                overall = reader.latestByKey(Topics.TOTALS, run::equals).get(run);
                if (overall != null && overall.getRequests() >= expected) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(overall).isNotNull();
            assertThat(overall.getRequests()).isEqualTo(expected);
            Thread.sleep(2_000); // anything double-counted after the kill would show now
            reader.awaitStable(
                    Topics.ALL.stream().map(org.rebound.kafka.Topic::name).toList(), java.time.Duration.ofSeconds(30));
            overall = reader.latestByKey(Topics.TOTALS, run::equals).get(run);
            assertThat(overall.getRequests()).isEqualTo(expected);
            assertThat(overall.getLoadEvents())
                    .isEqualTo(alone.get("load_events").asLong());
            assertThat(overall.getImpacts().getCo2eKg().getCentral())
                    .isCloseTo(
                            alone.get("totals").get("co2e_kg").get("central").asDouble(),
                            within(1e-6 * overall.getImpacts().getCo2eKg().getCentral()));
            String prefix = Keys.member(run, "");
            // the totals per data centre come from another sub-topology than the overall ones: they
            // may still be catching up on the survivor (its tasks restored after the kill)
            Map<String, Totals> byDatacentre = Map.of();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                byDatacentre = reader.latestByKey(Topics.TOTALS_BY_DATACENTRE, k -> k.startsWith(prefix));
                if (byDatacentre.values().stream()
                                .mapToLong(Totals::getRequests)
                                .sum()
                        >= expected) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(byDatacentre)
                    .as("totals per data centre (aggregator logs: %s)", aggregatorLogs())
                    .hasSize(4);
            byDatacentre
                    .values()
                    .forEach(t -> assertThat(t.getRequests())
                            .as(t.getMember())
                            .isEqualTo(alone.get("by_datacentre")
                                    .get(t.getMember())
                                    .get("requests")
                                    .asLong()));
        } finally {
            for (Process p : aggregators) {
                p.destroyForcibly();
            }
        }
    }
}
