package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.kafka.KafkaClients;

/** {@code compare A B} and a declared {@code baseline}, through the CLI and the real pipeline. */
@DisplayName("side by side: compare and baseline, through the real pipeline")
class CompareEndToEndTest {

    @TempDir
    Path dir;

    /** The broker under test; the Testcontainers subclass points the same tests at a Kafka container. */
    String bootstrapServers() {
        return SharedBroker.bootstrapServers();
    }

    /** Exact arrival, one kind, demand growing 5 %/day in both worlds; energy_factor halves on day 2. */
    static String growingHalving(double elasticity) {
        return ReboundEndToEndTest.halving(elasticity)
                        .replace(
                                "arrival: exact,",
                                "arrival: exact, growth: {model: exponential, rate_per_year: 5.5e7},")
                + "baseline: {title: \"Without the halving\"}\n";
    }

    private static int rebound(StringWriter out, StringWriter err, String... args) {
        return Rebound.execute(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    @DisplayName(
            "a declared baseline runs beside the scenario; against it RE = 2^ε − 1 although demand grows, as in the run's own in-stream counterfactual")
    void baselineIsolatesTheEfficiencyInducedRebound() throws Exception {
        double elasticity = 1.5;
        Path file = dir.resolve("growing.yaml");
        Files.writeString(file, growingHalving(elasticity));
        Path summaryFile = dir.resolve("s.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = rebound(
                out,
                err,
                "run",
                file.toString(),
                "--bootstrap",
                bootstrapServers(),
                "--speed",
                "max",
                "--summary",
                summaryFile.toString());

        assertThat(exit).as(err.toString()).isEqualTo(0);
        JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
        JsonNode comparison = summary.get("comparison");
        assertThat(comparison.get("b_is_baseline_of_a").asBoolean()).isTrue();
        assertThat(comparison.get("b_title").asText()).isEqualTo("Without the halving");
        JsonNode baseline = comparison.get("b_summary");
        assertThat(baseline.get("scenario").asText()).isEqualTo("halving-baseline");
        assertThat(baseline.get("ledger").get("matches").asBoolean()).isTrue();
        assertThat(summary.get("ledger").get("matches").asBoolean()).isTrue();
        // both worlds grow: day 2 has ~5 % more demand than day 1 in the baseline too
        double growth = baseline.get("periods").get(1).get("requests_per_day").asDouble()
                / baseline.get("periods").get(0).get("requests_per_day").asDouble();
        assertThat(growth).isBetween(1.04, 1.06);
        // against the baseline: demand ratio 2^ε exactly (same growth), energy ratio 2^(ε−1), RE = 2^ε − 1
        double expected = Math.pow(2, elasticity) - 1;
        JsonNode day2 = comparison.get("periods").get(1);
        assertThat(day2.get("rebound_effect_vs_baseline").asDouble()).isCloseTo(expected, within(0.01 * expected));
        assertThat(day2.get("backfire").asBoolean()).isTrue();
        assertThat(comparison
                        .get("periods")
                        .get(0)
                        .get("rebound_effect_vs_baseline")
                        .isNull())
                .isTrue();
        // the in-stream counterfactual gives the same figure without the second run: growth is in both
        double inStream = summary.get("periods").get(1).get("rebound_effect").asDouble();
        assertThat(inStream).isCloseTo(expected, within(1e-9));
        assertThat(out.toString()).contains("Against", "RE vs baseline").containsPattern("183 % BACKFIRE");
    }

    @Test
    @DisplayName("--no-baseline runs the scenario alone")
    void noBaseline() throws Exception {
        Path file = dir.resolve("growing.yaml");
        Files.writeString(file, growingHalving(1));
        Path summaryFile = dir.resolve("s.json");
        StringWriter err = new StringWriter();
        int exit = rebound(
                new StringWriter(),
                err,
                "run",
                file.toString(),
                "--no-baseline",
                "--bootstrap",
                bootstrapServers(),
                "--speed",
                "max",
                "--summary",
                summaryFile.toString());
        assertThat(exit).as(err.toString()).isEqualTo(0);
        assertThat(new ObjectMapper().readTree(summaryFile.toFile()).has("comparison"))
                .isFalse();
    }

    @Test
    @DisplayName(
            "compare A B: both through one pipeline, each with exactly the totals it has alone; differences and ratios in the summary and the table")
    void compareTwoScenarios() throws Exception {
        String a = ReboundEndToEndTest.halving(0);
        String b = ReboundEndToEndTest.halving(0)
                .replace("name: halving", "name: virginia")
                .replace(
                        "FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}",
                        "FR: {carbon_g_per_kwh: 323, water_l_per_kwh: 3.67}");
        Path fileA = Files.writeString(dir.resolve("a.yaml"), a);
        Path fileB = Files.writeString(dir.resolve("b.yaml"), b);
        Path summaryFile = dir.resolve("s.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = rebound(
                out,
                err,
                "compare",
                fileA.toString(),
                fileB.toString(),
                "--bootstrap",
                bootstrapServers(),
                "--speed",
                "max",
                "--summary",
                summaryFile.toString());

        assertThat(exit).as(err.toString()).isEqualTo(0);
        JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
        JsonNode comparison = summary.get("comparison");
        JsonNode alone = ScenarioRun.execute(
                        ScenarioLoader.parse(b, "b.yaml"),
                        KafkaClients.of(bootstrapServers()),
                        ScenarioRun.Settings.defaults(),
                        ScenarioRun.Listener.SILENT,
                        System.nanoTime())
                .json();
        JsonNode bSummary = comparison.get("b_summary");
        assertThat(summary.get("scenario").asText()).isEqualTo("halving");
        assertThat(bSummary.get("scenario").asText()).isEqualTo("virginia");
        assertThat(bSummary.get("requests").asLong())
                .isEqualTo(alone.get("requests").asLong())
                .isEqualTo(summary.get("requests").asLong());
        assertThat(bSummary.get("totals").get("co2e_kg").get("central").asDouble())
                .isCloseTo(alone.get("totals").get("co2e_kg").get("central").asDouble(), within(1e-6));
        double co2a = summary.get("totals").get("co2e_kg").get("central").asDouble();
        double co2b = bSummary.get("totals").get("co2e_kg").get("central").asDouble();
        assertThat(co2b).isGreaterThan(co2a);
        assertThat(comparison.get("totals").get("co2e_kg").get("ratio").asDouble())
                .isCloseTo(co2a / co2b, within(1e-12));
        assertThat(comparison
                        .get("totals")
                        .get("facility_energy_kwh")
                        .get("ratio")
                        .asDouble())
                .isCloseTo(1.0, within(1e-12));
        assertThat(comparison.get("b_is_baseline_of_a").asBoolean()).isFalse();
        assertThat(out.toString()).contains("Side by side", "B · virginia");
    }
}
