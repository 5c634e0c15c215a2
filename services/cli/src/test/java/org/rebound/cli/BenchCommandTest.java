package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command's wiring: options, validation, progress, table and JSON, through the whole bench
 * (rebound-benchmarks' PipelineBench, its end-to-end stage running this CLI's {@code rebound run})
 * on a tiny scenario (six hours of quickstart: 360 ticks × 2 data centres × 3 kinds = at most
 * 2,160 load events in at most 720 records: a cell without requests sends none), twice and a
 * small reference run. Figures depend on the machine: the test checks that every row is there
 * with a positive figure, never a timing. The statistics, the table's and the JSON's format are
 * tested in rebound-benchmarks (SamplesTest, BenchReportTest).
 */
@DisplayName("rebound bench")
class BenchCommandTest {

    static final List<String> ROWS = List.of(
            "reference: Kafka ProducerPerformance",
            "generator alone: records",
            "generator alone: load events",
            "generator alone: requests",
            "records in the scenario",
            "load events in the scenario",
            "aggregator alone: records (RUNNING to caught up)",
            "aggregator alone: load events (RUNNING to caught up)",
            "aggregator alone: load events (start to caught up)",
            "aggregator alone: start-up to RUNNING",
            "end to end: wall time",
            "end to end: records",
            "end to end: load events",
            "end to end: first aggregate after the JVM's start",
            "end to end: aggregates match the ledger",
            "end to end: peak RSS of the run process",
            "end to end: peak heap of the run process",
            "latency load event → aggregate, p50",
            "latency load event → aggregate, p99",
            "latency samples",
            "bench process: peak heap",
            "bench process: peak RSS");

    @Test
    @DisplayName("prints every row with a positive figure and writes the same rows as JSON")
    void tinyScenario(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        Result result = bench(
                "../../scenarios/quickstart.yaml",
                "--set",
                "clock.end=2025-03-01T06:00:00Z",
                "--reference-records",
                "20000",
                "--latency-seconds",
                "5",
                "--repeat",
                "2",
                "--json",
                json.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        String table = result.out();
        assertThat(table).contains("cores", "what", "value", "unit", "ratio to reference");
        for (String row : ROWS) {
            String line = table.lines()
                    .filter(l -> l.startsWith(row))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no row " + row + " in\n" + table));
            // columns are separated by two spaces or more; the labels hold single spaces only
            String value = line.split("\\s{2,}")[1];
            assertThat(Double.parseDouble(value.replace(",", ""))).as(line).isPositive();
        }

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("scenario").asText()).isEqualTo("quickstart");
        assertThat(root.path("cores").asInt()).isPositive();
        List<String> whats = new ArrayList<>();
        for (JsonNode row : root.path("rows")) {
            whats.add(row.path("what").asText());
            assertThat(row.path("value").asDouble()).as(row.toString()).isPositive();
            assertThat(row.path("unit").asText()).isNotBlank();
        }
        for (String row : ROWS) {
            assertThat(whats).anyMatch(w -> w.startsWith(row));
        }
        assertThat(root.path("rows").get(0).path("ratio_to_reference").asDouble())
                .isEqualTo(1.0);
        assertThat(root.path("repeat").asInt()).isEqualTo(2);
        // the scenario's counts do not depend on the machine: both repetitions agree, and load
        // events outnumber records (a record carries every kind of a data centre's tick)
        JsonNode records = row(root, "records in the scenario");
        JsonNode events = row(root, "load events in the scenario");
        assertThat(records.path("samples").asInt()).isEqualTo(2);
        assertThat(records.path("min").asDouble()).isEqualTo(records.path("max").asDouble());
        assertThat(events.path("value").asDouble())
                .isGreaterThan(records.path("value").asDouble());
        assertThat(row(root, "end to end: aggregates match the ledger")
                        .path("min")
                        .asDouble())
                .isEqualTo(1.0);
        assertThat(row(root, "end to end: peak RSS").path("value").asDouble())
                .as("a JVM with a broker")
                .isGreaterThan(100);
    }

    private static JsonNode row(JsonNode root, String prefix) {
        for (JsonNode row : root.path("rows")) {
            if (row.path("what").asText().startsWith(prefix)) {
                return row;
            }
        }
        throw new AssertionError("no row " + prefix);
    }

    @Test
    @DisplayName("refuses --repeat 0 as invalid input (exit 2) before starting a broker")
    void invalidRepeat() {
        Result result = bench("../../scenarios/quickstart.yaml", "--repeat", "0");

        assertThat(result.exitCode()).as(result.out()).isEqualTo(2);
        assertThat(result.err()).contains("--repeat");
        assertThat(result.out()).doesNotContain("1/5");
    }

    @Test
    @DisplayName("the end-to-end run goes through the ./rebound script when the bench was started by it"
            + " (REBOUND_HOME with an executable script), else through a JVM like the bench's")
    void endToEndAsAUserRunsIt(@TempDir Path home) throws Exception {
        List<String> args = List.of("run", "scenarios/quickstart.yaml", "--summary", "s.json");
        java.nio.file.Path script = home.resolve("rebound");

        assertThat(BenchCommand.endToEndCommand(null, args))
                .as("no REBOUND_HOME")
                .contains(Rebound.class.getName());
        assertThat(BenchCommand.endToEndCommand(home.toString(), args).get(0))
                .as("no script there")
                .isNotEqualTo(script.toString());

        java.nio.file.Files.writeString(script, "#!/bin/sh\n");
        assertThat(BenchCommand.endToEndCommand(home.toString(), args).get(0))
                .as("a script that cannot run")
                .isNotEqualTo(script.toString());

        assertThat(script.toFile().setExecutable(true)).isTrue();
        List<String> command = BenchCommand.endToEndCommand(home.toString(), args);
        assertThat(command.get(0)).isEqualTo(script.toString());
        assertThat(command.subList(1, command.size())).isEqualTo(args);
    }

    private record Result(int exitCode, String out, String err) {}

    private static Result bench(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] command = new String[args.length + 1];
        command[0] = "bench";
        System.arraycopy(args, 0, command, 1, args.length);
        int exit = Rebound.execute(new PrintWriter(out), new PrintWriter(err), command);
        return new Result(exit, out.toString(), err.toString());
    }
}
