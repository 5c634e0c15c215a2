package org.rebound.benchmarks.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The bench's rows as a table for people and as JSON (docs/performance.md). */
public final class BenchReport {

    private BenchReport() {}

    /** The table: what, value, unit, ratio to reference, and the range when a row has several samples. */
    public static void printTable(PrintWriter out, List<BenchRow> rows) {
        int width = rows.stream().mapToInt(r -> r.what().length()).max().orElse(10);
        boolean ranges = rows.stream().anyMatch(r -> r.samples() > 1);
        out.printf(
                "%-" + width + "s  %14s  %-10s  %-18s%s%n",
                "what",
                "value",
                "unit",
                "ratio to reference",
                ranges ? "  range" : "");
        for (BenchRow row : rows) {
            String range =
                    ranges && row.samples() > 1 ? "  [" + format(row.min()) + " – " + format(row.max()) + "]" : "";
            out.printf(
                            Locale.ROOT,
                            "%-" + width + "s  %14s  %-10s  %-18s%s%n",
                            row.what(),
                            format(row.value()),
                            row.unit(),
                            row.ratio() == null ? "" : String.format(Locale.ROOT, "%.3f", row.ratio()),
                            range)
                    .flush();
        }
    }

    /** A figure as the table shows it: "-" when missing (NaN or negative), integers grouped, else 2 decimals below 100. */
    static String format(double value) {
        if (Double.isNaN(value) || value < 0) {
            return "-";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return Math.abs(value) >= 100
                ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    /** The rows as JSON, with the scenario, the machine and the number of repetitions. */
    public static void writeJson(Path target, PipelineBench.Settings settings, String machine, List<BenchRow> rows)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("scenario", settings.scenario().name());
        root.put("scenario_file", settings.scenarioFile().toString());
        root.put("measured_at", Instant.now().toString());
        root.put("machine", machine);
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("repeat", settings.repeat());
        ArrayNode array = root.putArray("rows");
        for (BenchRow row : rows) {
            ObjectNode node = array.addObject();
            node.put("what", row.what());
            node.put("value", row.value());
            node.put("unit", row.unit());
            node.put("samples", row.samples());
            node.put("min", row.min());
            node.put("max", row.max());
            row.values().forEach(node.putArray("values")::add);
            if (!row.ratios().isEmpty()) {
                row.ratios().forEach(node.putArray("ratios")::add);
            }
            if (row.ratio() == null) {
                node.putNull("ratio_to_reference");
            } else {
                node.put("ratio_to_reference", row.ratio());
            }
        }
        Files.writeString(target, mapper.writeValueAsString(root));
    }
}
