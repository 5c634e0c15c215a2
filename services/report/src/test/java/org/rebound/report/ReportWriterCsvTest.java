package org.rebound.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The period table as CSV, from the hand-written summary (two periods: RE none, then 3.0 = 300 %, BACKFIRE). */
@DisplayName("the period table as CSV")
class ReportWriterCsvTest {

    @TempDir
    Path dir;

    private List<String> lines(ObjectNode summary) throws Exception {
        Path file = dir.resolve("nested/periods.csv");
        ReportWriter.writePeriodsCsv(summary, file);
        String csv = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(csv).endsWith("\r\n").doesNotContain("\r\n\r\n");
        assertThat(csv.replace("\r\n", "")).doesNotContain("\n");
        return Arrays.asList(csv.split("\r\n"));
    }

    @Test
    @DisplayName("has a header with units in the column names and one row per period")
    void headerAndRows() throws Exception {
        List<String> lines = lines(ReportFixtures.twoPeriods());
        assertThat(lines).hasSize(1 + 2);
        List<String> header = List.of(lines.get(0).split(","));
        assertThat(header)
                .startsWith("start", "end", "days", "requests", "requests_per_day")
                .contains(
                        "facility_energy_kwh_per_day_central",
                        "facility_energy_kwh_per_day_low",
                        "facility_energy_kwh_per_day_high",
                        "co2e_kg_per_day_central",
                        "water_l_per_day_central",
                        "wh_per_request_central")
                .endsWith(
                        "wh_per_request_central",
                        "wh_per_request_low",
                        "wh_per_request_p5",
                        "wh_per_request_p95",
                        "wh_per_request_high",
                        "rebound_effect",
                        "backfire",
                        "counterfactual_facility_energy_kwh_per_day",
                        "no_rebound_facility_energy_kwh_per_day",
                        "decomposition_activity_kwh_per_day",
                        "decomposition_mix_kwh_per_day",
                        "decomposition_intensity_kwh_per_day",
                        "decomposition_rebound_kwh_per_day");
        assertThat(header).hasSize(5 + 8 * 5 + 5 + 2 + 2 + 4);
        for (String line : lines) {
            assertThat(line.split(",", -1)).as(line).hasSize(header.size());
        }
    }

    @Test
    @DisplayName("rows carry the period's figures in full and the rebound effect as a fraction")
    void values() throws Exception {
        List<String> lines = lines(ReportFixtures.twoPeriods());
        List<String> header = List.of(lines.get(0).split(","));
        List<String> first = List.of(lines.get(1).split(",", -1));
        List<String> second = List.of(lines.get(2).split(",", -1));
        assertThat(first.subList(0, 5))
                .containsExactly("2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z", "1", "1000", "1000");
        assertThat(second.get(header.indexOf("requests_per_day"))).isEqualTo("2000");
        assertThat(first.get(header.indexOf("wh_per_request_central"))).isEqualTo("2");
        assertThat(second.get(header.indexOf("wh_per_request_central"))).isEqualTo("1.5");
        assertThat(second.get(header.indexOf("wh_per_request_low"))).isEqualTo("0.25");
        assertThat(second.get(header.indexOf("wh_per_request_p5"))).isEqualTo("0.75");
        assertThat(second.get(header.indexOf("wh_per_request_p95"))).isEqualTo("3.5");
        assertThat(first.get(header.indexOf("wh_per_request_p5"))).isEmpty(); // none in the summary
        assertThat(second.get(header.indexOf("facility_energy_kwh_per_day_high")))
                .isEqualTo("12");
        assertThat(second.get(header.indexOf("co2e_kg_per_day_central"))).isEqualTo("1.356");
        // against the counterfactual (1,000 requests at 2 Wh; without rebound at 1.5 Wh): RE = (3 − 1.5) / (2 − 1.5) =
        // 3
        assertThat(first.get(header.indexOf("rebound_effect"))).isEmpty();
        assertThat(second.get(header.indexOf("no_rebound_facility_energy_kwh_per_day")))
                .isEqualTo("1.5");
        assertThat(first.get(header.indexOf("decomposition_rebound_kwh_per_day")))
                .isEmpty();
        assertThat(second.get(header.indexOf("decomposition_rebound_kwh_per_day")))
                .isEqualTo("1.7095112913514547");
        assertThat(second.get(header.indexOf("rebound_effect"))).isEqualTo("3");
        assertThat(first.get(header.indexOf("backfire"))).isEqualTo("false");
        assertThat(second.get(header.indexOf("backfire"))).isEqualTo("true");
    }

    @Test
    @DisplayName("large numbers are written in full, without exponent or separator")
    void largeNumbers() throws Exception {
        ObjectNode summary = ReportFixtures.twoPeriods();
        ObjectNode period = (ObjectNode) summary.get("periods").get(0);
        period.put("requests", 743_155_817_118L);
        period.put("requests_per_day", 2_036_043_334.569863);
        List<String> row = List.of(lines(summary).get(1).split(",", -1));
        assertThat(row.get(3)).isEqualTo("743155817118");
        assertThat(row.get(4)).isEqualTo("2036043334.569863");
    }

    @Test
    @DisplayName("quotes a field holding a comma, a quote or a line break (RFC 4180)")
    void quoting() throws Exception {
        ObjectNode summary = ReportFixtures.twoPeriods();
        ((ObjectNode) summary.get("periods").get(0)).put("start", "a,\"b\"");
        List<String> lines = lines(summary);
        assertThat(lines.get(1)).startsWith("\"a,\"\"b\"\"\",2025-01-02T00:00:00Z,");
    }

    @Test
    @DisplayName("no periods: the header alone")
    void noPeriods() throws Exception {
        ObjectNode summary = ReportFixtures.twoPeriods();
        summary.set("periods", new ArrayNode(null, new ArrayList<>()));
        assertThat(lines(summary)).hasSize(1);
    }
}
