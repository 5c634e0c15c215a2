package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.kafka.KafkaClients;

/**
 * A consistency check (not a reproduction) through the real pipeline: the request count of
 * scenarios/chatgpt-jan-2023.yaml is back-solved from the published total (docs/impact-model.md,
 * "Consistency checks"), so agreement shows the pipeline's arithmetic, not the world.
 */
@DisplayName("consistency-check scenarios through the pipeline")
class CalibrationEndToEndTest {

    @Test
    @DisplayName(
            "scenarios/chatgpt-jan-2023.yaml gives ≈ 10,113 tCO2e for the month (Data for Good via the seed, ±1 %) and ≈ 16.9 mL per request")
    void chatGptJanuary2023() throws Exception {
        JsonNode summary = ScenarioRun.execute(
                        ScenarioLoader.load(Path.of("../../scenarios/chatgpt-jan-2023.yaml")),
                        KafkaClients.of(SharedBroker.bootstrapServers()),
                        ScenarioRun.Settings.defaults(),
                        ScenarioRun.Listener.SILENT,
                        System.nanoTime())
                .json();
        assertThat(summary.get("ledger").get("matches").asBoolean()).isTrue();
        // 31 days × 1.6129032e8 = 5.0 billion requests (exact arrival)
        assertThat(summary.get("requests").asLong()).isCloseTo(5_000_000_000L, withinPercentage(0.001));
        // 5e9 × 4 Wh × 1.17 × 0.429 kg/kWh = 10,038.6 t; the published figure is 10,113 t
        assertThat(summary.get("totals").get("co2e_kg").get("central").asDouble() / 1000)
                .isCloseTo(10_113, withinPercentage(1));
        // Li et al. (impact-data.md §6): 4 Wh × (0.55 + 1.17 × 3.142) L/kWh = 16.9 mL per request, ≈ 30 per 500 mL
        double mlPerRequest =
                summary.get("totals").get("water_l").get("central").asDouble()
                        * 1000
                        / summary.get("requests").asLong();
        assertThat(mlPerRequest).isCloseTo(16.9, withinPercentage(1));
        assertThat(Math.round(500 / mlPerRequest)).isEqualTo(30);
    }
}
