package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.domain.scenario.ScenarioOverride;
import org.rebound.kafka.KafkaClients;

/** Every key of scenario format v1 through the real pipeline (src/test/resources/scenarios/every-key.yaml). */
@DisplayName("every key of the scenario format, through the real pipeline")
class EveryKeyEndToEndTest {

    private static final Path EVERY_KEY = Path.of("src/test/resources/scenarios/every-key.yaml");

    private static JsonNode run(Scenario scenario) throws InterruptedException {
        return ScenarioRun.execute(
                        scenario,
                        KafkaClients.of(SharedBroker.bootstrapServers()),
                        ScenarioRun.Settings.defaults(),
                        ScenarioRun.Listener.SILENT,
                        System.nanoTime())
                .json();
    }

    @Test
    @DisplayName(
            "a scenario using every key runs at its paced speed, its timeline applies, and the aggregates match the ledger")
    void everyKey() throws Exception {
        Scenario scenario = ScenarioLoader.load(EVERY_KEY);
        assertThat(scenario.timeline()).hasSize(2);
        JsonNode summary = run(scenario);
        assertThat(summary.get("ledger").get("matches").asBoolean()).isTrue();
        assertThat(summary.get("dead_letters").asLong()).isZero();
        assertThat(summary.get("by_region").has("FR")).isTrue();
        assertThat(summary.get("by_region").has("US-TX")).isTrue();
        assertThat(summary.get("training").get("co2e_kg").get("central").asDouble())
                .isPositive();
        // the last change raised image's share of the mix: image requests grew relative to day 1
        assertThat(summary.get("by_kind").get("image").get("requests").asLong()).isPositive();
        // ranges stay ordered through the whole pipeline
        JsonNode co2e = summary.get("totals").get("co2e_kg");
        assertThat(co2e.get("low").asDouble()).isLessThan(co2e.get("central").asDouble());
        assertThat(co2e.get("central").asDouble()).isLessThan(co2e.get("high").asDouble());
    }

    @Test
    @DisplayName("--set overrides reach the pipeline: exponential growth at full speed with exact arrival")
    void overrides() throws Exception {
        Scenario scenario = ScenarioLoader.load(
                EVERY_KEY,
                List.of(
                        ScenarioOverride.parse("workload.growth={model: exponential, rate_per_year: 2.0}"),
                        ScenarioOverride.parse("workload.arrival=exact"),
                        ScenarioOverride.parse("clock.speed=max")));
        JsonNode summary = run(scenario);
        assertThat(summary.get("ledger").get("matches").asBoolean()).isTrue();
        assertThat(summary.get("requests").asLong()).isPositive();
    }
}
