package org.rebound.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rebound.domain.scenario.ScenarioLoader;

@DisplayName("the bench's table and JSON")
class BenchReportTest {

    private static final List<BenchRow> ONE_RUN = List.of(
            new BenchRow("reference: Kafka ProducerPerformance (101-byte records)", 123456.7, "records/s", 1.0),
            new BenchRow("generator alone: records", 61728.35, "records/s", 0.5),
            new BenchRow("aggregator alone: start-up to RUNNING", 1.234, "s", null),
            new BenchRow("end to end: first aggregate after the JVM's start", Double.NaN, "s", null),
            new BenchRow("records in the scenario", 2880, "records", null));

    private static String table(List<BenchRow> rows) {
        StringWriter text = new StringWriter();
        BenchReport.printTable(new PrintWriter(text), rows);
        return text.toString();
    }

    @Test
    @DisplayName("one run: a header and a line a row, columns two spaces apart, ratios to 3 decimals, no range")
    void oneRun() {
        List<String> lines = table(ONE_RUN).lines().toList();

        int width = "reference: Kafka ProducerPerformance (101-byte records)".length();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0))
                .isEqualTo(String.format(
                        "%-" + width + "s  %14s  %-10s  %-18s", "what", "value", "unit", "ratio to reference"));
        assertThat(lines.get(0)).doesNotContain("range");
        assertThat(lines.get(1).split("\\s{2,}"))
                .containsExactly(
                        "reference: Kafka ProducerPerformance (101-byte records)", "123,457", "records/s", "1.000");
        assertThat(lines.get(2).split("\\s{2,}"))
                .containsExactly("generator alone: records", "61,728", "records/s", "0.500");
        assertThat(lines.get(3).split("\\s{2,}")).containsExactly("aggregator alone: start-up to RUNNING", "1.23", "s");
        assertThat(lines.get(4).split("\\s{2,}"))
                .as("a missing figure")
                .containsExactly("end to end: first aggregate after the JVM's start", "-", "s");
        assertThat(lines.get(5).split("\\s{2,}")).containsExactly("records in the scenario", "2,880", "records");
    }

    @Test
    @DisplayName("repeated: a range column for the rows of several samples")
    void ranges() {
        Samples samples = new Samples();
        samples.add("reference", 100, "records/s", 1.0);
        samples.add("reference", 300, "records/s", 1.0);
        samples.add("bench process: peak RSS", 512.5, "MiB", null);

        List<String> lines = table(samples.rows()).lines().toList();

        assertThat(lines.get(0)).endsWith("  range");
        assertThat(lines.get(1)).endsWith("  [100 – 300]");
        assertThat(lines.get(1).split("\\s{2,}"))
                .containsExactly("reference", "200", "records/s", "1.000", "[100 – 300]");
        assertThat(lines.get(2)).doesNotContain("[");
    }

    @Test
    @DisplayName("figures: integers grouped, from 100 without decimals, below 2 decimals, NaN and negatives as -")
    void format() {
        assertThat(BenchReport.format(2_160)).isEqualTo("2,160");
        assertThat(BenchReport.format(1234.56)).isEqualTo("1,235");
        assertThat(BenchReport.format(99.999)).isEqualTo("100.00");
        assertThat(BenchReport.format(0.5)).isEqualTo("0.50");
        assertThat(BenchReport.format(0)).isEqualTo("0");
        assertThat(BenchReport.format(Double.NaN)).isEqualTo("-");
        assertThat(BenchReport.format(-1)).isEqualTo("-");
    }

    @Test
    @DisplayName("JSON: scenario, machine, repeat and every row with its samples; ratio_to_reference null when none")
    void json(@TempDir Path dir) throws Exception {
        Path scenarioFile = Path.of("../../scenarios/quickstart.yaml");
        PipelineBench.Settings settings =
                new PipelineBench.Settings(ScenarioLoader.load(scenarioFile), scenarioFile, List.of(), 20_000, 2, 0, 2);
        Samples samples = new Samples();
        samples.add("reference", 100, "records/s", 1.0);
        samples.add("reference", 300, "records/s", 1.0);
        samples.add("records in the scenario", 720, "records", null);
        samples.add("records in the scenario", 720, "records", null);
        Path target = dir.resolve("bench.json");

        BenchReport.writeJson(target, settings, "2 cores, Java 17", samples.rows());

        JsonNode root = new ObjectMapper().readTree(target.toFile());
        assertThat(root.path("scenario").asText()).isEqualTo("quickstart");
        assertThat(root.path("scenario_file").asText()).isEqualTo(scenarioFile.toString());
        assertThat(root.path("measured_at").asText()).isNotBlank();
        assertThat(root.path("machine").asText()).isEqualTo("2 cores, Java 17");
        assertThat(root.path("cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(root.path("repeat").asInt()).isEqualTo(2);
        assertThat(root.path("rows")).hasSize(2);
        JsonNode reference = root.path("rows").get(0);
        assertThat(reference.path("what").asText()).isEqualTo("reference");
        assertThat(reference.path("value").asDouble()).isEqualTo(200);
        assertThat(reference.path("unit").asText()).isEqualTo("records/s");
        assertThat(reference.path("samples").asInt()).isEqualTo(2);
        assertThat(reference.path("min").asDouble()).isEqualTo(100);
        assertThat(reference.path("max").asDouble()).isEqualTo(300);
        assertThat(reference.path("values")).extracting(JsonNode::asDouble).containsExactly(100.0, 300.0);
        assertThat(reference.path("ratios")).extracting(JsonNode::asDouble).containsExactly(1.0, 1.0);
        assertThat(reference.path("ratio_to_reference").asDouble()).isEqualTo(1.0);
        JsonNode records = root.path("rows").get(1);
        assertThat(records.has("ratios")).isFalse();
        assertThat(records.has("ratio_to_reference")).isTrue();
        assertThat(records.path("ratio_to_reference").isNull()).isTrue();
    }
}
