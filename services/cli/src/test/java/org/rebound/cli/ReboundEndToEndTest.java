package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rebound.broker.BrokerOptions;
import org.rebound.broker.EmbeddedKafkaBroker;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.kafka.KafkaClients;

/** The rebound effect computed in the stream, and determinism across partitionings. */
@DisplayName("the rebound effect and determinism, through the real pipeline")
class ReboundEndToEndTest {

    /** Exact arrival, one kind, no growth; energy_factor halves at the start of period 1. */
    static String halving(double elasticity) {
        return """
                name: halving
                title: "Energy per request halves on day 2"
                clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-03T00:00:00Z, tick: 1h, period: 1d}
                regions:
                  FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
                datacentres:
                  - {id: paris-1, region: FR, pue: 1.2, wue_l_per_kwh: 0.5, share: 1}
                kinds:
                  text: {energy_wh: 0.3}
                workload: {requests_per_day: 240000, arrival: exact, mix: {text: 1.0}, elasticity: %s}
                timeline:
                  - at: 2025-01-02T00:00:00Z
                    set: {kinds.text.energy_factor: 0.5}
                """.formatted(elasticity);
    }

    private static JsonNode run(Scenario scenario, String bootstrap, ScenarioRun.Settings settings)
            throws InterruptedException {
        return ScenarioRun.execute(
                        scenario, KafkaClients.of(bootstrap), settings, ScenarioRun.Listener.SILENT, System.nanoTime())
                .json();
    }

    @ParameterizedTest(name = "elasticity {0}")
    @ValueSource(doubles = {0, 1, 1.5})
    @DisplayName("halving energy per request gives RE = 2^ε − 1 in period 1; ε > 1 is flagged backfire")
    void powerLaw(double elasticity) throws Exception {
        JsonNode summary = run(
                ScenarioLoader.parse(halving(elasticity), "halving.yaml"),
                SharedBroker.bootstrapServers(),
                ScenarioRun.Settings.defaults());
        JsonNode periods = summary.get("periods");
        assertThat(periods).hasSize(2);
        assertThat(periods.get(0).get("rebound_effect").isNull()).isTrue();
        // Derivation: demand ∝ factor^-ε, so the requests are the counterfactual's × 2^ε at e/2 each:
        // E = Q·2^ε·e/2, E_nr = Q·e/2, E_cf = Q·e; RE = (E − E_nr) / (E_cf − E_nr) = 2^ε − 1.
        double expected = Math.pow(2, elasticity) - 1;
        double re = periods.get(1).get("rebound_effect").asDouble();
        assertThat(re).isCloseTo(expected, within(1e-9));
        assertThat(periods.get(1).get("backfire").asBoolean()).isEqualTo(elasticity > 1);
        assertThat(periods.get(1).get("wh_per_request").get("central").asDouble())
                .isCloseTo(periods.get(0).get("wh_per_request").get("central").asDouble() / 2, within(1e-12));
    }

    @Test
    @DisplayName("the same poisson scenario on 1 and on 6 partitions gives identical request counts")
    void partitioningDoesNotChangeCounts() throws Exception {
        Scenario scenario =
                ScenarioLoader.parse(halving(0.7).replace("arrival: exact", "arrival: poisson"), "halving.yaml");
        List<JsonNode> summaries = new ArrayList<>();
        for (int partitions : new int[] {1, 6}) {
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults())) {
                summaries.add(run(
                        scenario,
                        broker.bootstrapServers(),
                        ScenarioRun.Settings.defaults().withPartitions(partitions)));
            }
        }
        assertThat(summaries.get(0).get("ledger").get("matches").asBoolean()).isTrue();
        assertThat(summaries.get(1).get("ledger").get("matches").asBoolean()).isTrue();
        assertThat(summaries.get(1).get("requests").asLong())
                .isEqualTo(summaries.get(0).get("requests").asLong());
        assertThat(summaries.get(1).get("periods").get(1).get("requests").asLong())
                .isEqualTo(
                        summaries.get(0).get("periods").get(1).get("requests").asLong());
        assertThat(summaries.get(1).get("totals").get("co2e_kg").get("central").asDouble())
                .isCloseTo(
                        summaries
                                .get(0)
                                .get("totals")
                                .get("co2e_kg")
                                .get("central")
                                .asDouble(),
                        within(1e-6));
    }
}
