package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.kafka.KafkaClients;

/** The rebound effect against the in-stream counterfactual, and the decomposition, through the real pipeline. */
@DisplayName("the in-stream counterfactual: rebound effect and decomposition, through the real pipeline")
class CounterfactualEndToEndTest {

    private static final double ELASTICITY = 1.3;

    @TempDir
    Path dir;

    /**
     * Exact arrivals, demand growing ≈ 5 % a day, two kinds at two data centres with different
     * PUEs, the mix drifting towards images every day, and every energy factor halved on day 2.
     */
    static final String GROWING_DRIFTING_HALVING = """
            name: growing-drifting-halving
            title: "Growth, a drifting mix, and every energy factor halved on day 2"
            clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-04T00:00:00Z, tick: 1h, period: 1d}
            regions:
              FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
              IE: {carbon_g_per_kwh: 290, water_l_per_kwh: 2.0}
            datacentres:
              - {id: paris-1, region: FR, pue: 1.2, wue_l_per_kwh: 0.5, share: 0.6}
              - {id: dublin-1, region: IE, pue: 1.5, wue_l_per_kwh: 0.3, share: 0.4}
            kinds:
              text: {energy_wh: 0.3}
              image: {energy_wh: 3.0}
            workload: {requests_per_day: 240000, arrival: exact, mix: {text: 0.9, image: 0.1},
                       growth: {model: exponential, rate_per_year: 5.5e7}, elasticity: %s}
            timeline:
              - at: 2025-01-02T00:00:00Z
                set: {kinds.text.energy_factor: 0.5, kinds.image.energy_factor: 0.5, workload.mix: {text: 0.8, image: 0.2}}
              - at: 2025-01-03T00:00:00Z
                set: {workload.mix: {text: 0.7, image: 0.3}}
            """.formatted(ELASTICITY);

    private static JsonNode run(String yaml) throws Exception {
        return ScenarioRun.execute(
                        ScenarioLoader.parse(yaml, "test.yaml"),
                        KafkaClients.of(SharedBroker.bootstrapServers()),
                        ScenarioRun.Settings.defaults(),
                        ScenarioRun.Listener.SILENT,
                        System.nanoTime())
                .json();
    }

    private static double perDayKwh(JsonNode period) {
        return period.get("per_day").get("facility_energy_kwh").get("central").asDouble();
    }

    @Test
    @DisplayName(
            "every energy factor halved: RE = 2^ε − 1 in the periods after, whatever the growth and the drift of the mix; the decomposition sums exactly")
    void halvedWithGrowthAndDrift() throws Exception {
        JsonNode summary = run(GROWING_DRIFTING_HALVING);
        JsonNode periods = summary.get("periods");
        assertThat(periods).hasSize(3);
        assertThat(summary.get("ledger").get("matches").asBoolean()).isTrue();
        // period 1: no efficiency change yet
        assertThat(periods.get(0).get("rebound_effect").isNull()).isTrue();
        assertThat(periods.get(0).get("decomposition").isNull()).isTrue();
        // Derivation: in every cell, requests = counterfactual × 2^ε and energy per request halves, so
        // E_nr = E / 2^ε and E_cf = 2 E_nr; RE = (E − E_nr) / (E_cf − E_nr) = 2^ε − 1. Growth and mix are in all three.
        double expected = Math.pow(2, ELASTICITY) - 1;
        for (int k = 1; k < 3; k++) {
            JsonNode period = periods.get(k);
            assertThat(period.get("rebound_effect").asDouble())
                    .as("period %d", k + 1)
                    .isCloseTo(expected, within(1e-9));
            assertThat(period.get("backfire").asBoolean()).isTrue();
            JsonNode d = period.get("decomposition");
            double sum = d.get("activity").asDouble()
                    + d.get("mix").asDouble()
                    + d.get("intensity").asDouble()
                    + d.get("rebound").asDouble();
            double change = perDayKwh(period) - perDayKwh(periods.get(0));
            assertThat(sum)
                    .as("period %d: the four effects sum to the change of kWh per day", k + 1)
                    .isCloseTo(change, within(1e-9 * Math.abs(change)));
            // growth adds, the drift towards images (10× a text request) adds, halving subtracts, the induced demand
            // adds
            assertThat(d.get("activity").asDouble()).isPositive();
            assertThat(d.get("mix").asDouble()).isPositive();
            assertThat(d.get("intensity").asDouble()).isNegative();
            // every cell: R goes 1 -> 2^ε and I halves, each term Σ L·ln(ratio): rebound / intensity = ln 2^ε / ln 0.5
            // = −ε
            assertThat(d.get("rebound").asDouble() / d.get("intensity").asDouble())
                    .isCloseTo(-ELASTICITY, within(1e-9));
        }
        // the old figure (against period 1) counted the growth and the mix as rebound: far above 2^ε − 1
        double e0 = periods.get(0).get("wh_per_request").get("central").asDouble();
        double q0 = periods.get(0).get("requests_per_day").asDouble();
        double e1 = periods.get(1).get("wh_per_request").get("central").asDouble();
        double q1 = periods.get(1).get("requests_per_day").asDouble();
        assertThat(1 - (e0 * q0 - e1 * q1) / ((e0 - e1) * q0)).isGreaterThan(expected + 0.1);
    }

    @Test
    @DisplayName(
            "an energy factor that rises (×5) gives no rebound effect, and its decomposition still sums to the change")
    void worseEfficiency() throws Exception {
        JsonNode summary = run(ReboundEndToEndTest.halving(1.15)
                .replace("kinds.text.energy_factor: 0.5", "kinds.text.energy_factor: 5"));
        JsonNode periods = summary.get("periods");
        assertThat(periods).hasSize(2);
        assertThat(periods.get(1).get("rebound_effect").isNull()).isTrue();
        assertThat(periods.get(1).get("backfire").asBoolean()).isFalse();
        JsonNode d = periods.get(1).get("decomposition");
        double change = perDayKwh(periods.get(1)) - perDayKwh(periods.get(0));
        assertThat(d.get("activity").asDouble()
                        + d.get("mix").asDouble()
                        + d.get("intensity").asDouble()
                        + d.get("rebound").asDouble())
                .isCloseTo(change, within(1e-9 * Math.abs(change)));
        // demand fell (5^-1.15), energy per request rose 5×
        assertThat(d.get("rebound").asDouble()).isNegative();
        assertThat(d.get("intensity").asDouble()).isPositive();
    }

    @Test
    @DisplayName(
            "a better PUE alone: the counterfactual keeps the PUE the run started with; no induced demand, so RE = 0")
    void pueAlone() throws Exception {
        JsonNode summary = run(ReboundEndToEndTest.halving(1.15)
                .replace("kinds.text.energy_factor: 0.5", "datacentres.paris-1.pue: 1.0"));
        JsonNode day2 = summary.get("periods").get(1);
        // 240,000 requests a day at 0.3 Wh: at PUE 1.0 that is 72 kWh a day, at the starting PUE 1.2, 86.4
        assertThat(perDayKwh(day2)).isCloseTo(240_000 * 0.3 * 1.0 / 1000, within(1e-9));
        assertThat(day2.get("counterfactual").get("facility_energy_kwh_per_day").asDouble())
                .isCloseTo(240_000 * 0.3 * 1.2 / 1000, within(1e-9));
        assertThat(day2.get("counterfactual").get("requests_per_day").asDouble())
                .isCloseTo(240_000, within(1e-6));
        assertThat(day2.get("rebound_effect").asDouble()).isCloseTo(0, within(1e-12));
        assertThat(day2.get("decomposition").get("intensity").asDouble()).isCloseTo(72 - 86.4, within(1e-9));
    }

    @Test
    @DisplayName(
            "jevons-paradox: the in-stream rebound effect agrees with the one measured against its baseline run, within Poisson noise")
    void jevonsAgreesWithItsBaseline() throws Exception {
        Path summaryFile = dir.resolve("jevons.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Rebound.execute(
                new PrintWriter(out),
                new PrintWriter(err),
                "run",
                "../../scenarios/jevons-paradox.yaml",
                "--bootstrap",
                SharedBroker.bootstrapServers(),
                "--speed",
                "max",
                "--summary",
                summaryFile.toString());
        assertThat(code).as(err.toString()).isZero();
        JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
        JsonNode periods = summary.get("periods");
        JsonNode baselinePeriods = summary.get("comparison").get("b_summary").get("periods");
        JsonNode compared = summary.get("comparison").get("periods");
        assertThat(periods).hasSize(5);
        assertThat(compared.get(0).get("rebound_effect_vs_baseline").isNull()).isTrue();
        assertThat(periods.get(0).get("rebound_effect").isNull()).isTrue();
        // Tolerance: each cell of a yearly period holds ≥ 1e9 × 0.02 × 0.15 × 365 ≈ 1.1e9 requests (video at lulea-1,
        // the smallest), so its Poisson count has a relative standard deviation ≤ 1/√1.1e9 ≈ 3e-5 in either run; the
        // rebound effect divides by the expected saving, about a third of the energy, which amplifies that ≈ 3×:
        // ≈ 1e-4 at one standard deviation. 1e-3 is ten of them. The counterfactual energy itself: 1e-4 (three).
        for (int k = 1; k < 5; k++) {
            double inStream = periods.get(k).get("rebound_effect").asDouble();
            double versusBaseline =
                    compared.get(k).get("rebound_effect_vs_baseline").asDouble();
            assertThat(inStream).as("year %d", k + 1).isCloseTo(versusBaseline, within(1e-3));
            assertThat(inStream).as("year %d backfires", k + 1).isGreaterThan(1);
            double counterfactualKwh = periods.get(k)
                    .get("counterfactual")
                    .get("facility_energy_kwh_per_day")
                    .asDouble();
            assertThat(counterfactualKwh)
                    .as("year %d: the counterfactual's energy is the baseline's", k + 1)
                    .isCloseTo(perDayKwh(baselinePeriods.get(k)), within(1e-4 * counterfactualKwh));
        }
    }
}
