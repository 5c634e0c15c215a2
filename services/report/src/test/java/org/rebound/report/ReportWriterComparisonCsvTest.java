package org.rebound.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The period table as CSV when the summary carries a comparison ({@link ReportFixtures#withComparison}): B's columns follow A's. */
@DisplayName("the period table as CSV, with a comparison")
class ReportWriterComparisonCsvTest {

    @TempDir
    Path dir;

    private List<List<String>> rows(ObjectNode summary) throws Exception {
        Path file = dir.resolve("periods-" + System.nanoTime() + ".csv");
        ReportWriter.writePeriodsCsv(summary, file);
        return Arrays.stream(Files.readString(file, StandardCharsets.UTF_8).split("\r\n"))
                .map(line -> List.of(line.split(",", -1)))
                .toList();
    }

    @Test
    @DisplayName("against a baseline: A's columns first and unchanged, then B's (prefixed b_), then RE vs baseline")
    void baselineColumns() throws Exception {
        List<List<String>> plain = rows(ReportFixtures.twoPeriods());
        List<List<String>> rows = rows(ReportFixtures.withComparison(true));
        List<String> header = rows.get(0);
        assertThat(rows).hasSize(3).allSatisfy(row -> assertThat(row).hasSize(header.size()));
        assertThat(header.subList(0, plain.get(0).size())).isEqualTo(plain.get(0));
        for (int i = 1; i < 3; i++) {
            assertThat(rows.get(i).subList(0, plain.get(0).size()))
                    .as("row %d", i)
                    .isEqualTo(plain.get(i));
        }
        assertThat(header.subList(plain.get(0).size(), header.size()))
                .startsWith("b_requests", "b_requests_per_day", "b_it_energy_kwh_per_day_central")
                .contains("b_facility_energy_kwh_per_day_central", "b_wh_per_request_central")
                .endsWith(
                        "b_rebound_effect",
                        "b_backfire",
                        "b_counterfactual_facility_energy_kwh_per_day",
                        "b_no_rebound_facility_energy_kwh_per_day",
                        "b_decomposition_activity_kwh_per_day",
                        "b_decomposition_mix_kwh_per_day",
                        "b_decomposition_intensity_kwh_per_day",
                        "b_decomposition_rebound_kwh_per_day",
                        "rebound_effect_vs_baseline",
                        "backfire_vs_baseline");
        assertThat(header).hasSize(3 + 2 * (2 + 8 * 5 + 5 + 2 + 2 + 4) + 2);
        List<String> first = rows.get(1);
        List<String> second = rows.get(2);
        assertThat(second.get(header.indexOf("b_requests_per_day"))).isEqualTo("1200");
        assertThat(second.get(header.indexOf("b_wh_per_request_central"))).isEqualTo("2");
        assertThat(second.get(header.indexOf("b_facility_energy_kwh_per_day_central")))
                .isEqualTo("2.4");
        assertThat(second.get(header.indexOf("rebound_effect_vs_baseline"))).isEqualTo("2");
        assertThat(second.get(header.indexOf("backfire_vs_baseline"))).isEqualTo("true");
        assertThat(first.get(header.indexOf("rebound_effect_vs_baseline"))).isEmpty();
        assertThat(first.get(header.indexOf("backfire_vs_baseline"))).isEqualTo("false");
    }

    @Test
    @DisplayName("side by side: B's columns, no RE vs baseline")
    void sideBySideColumns() throws Exception {
        List<List<String>> rows = rows(ReportFixtures.withComparison(false));
        List<String> header = rows.get(0);
        assertThat(header)
                .hasSize(3 + 2 * (2 + 8 * 5 + 5 + 2 + 2 + 4))
                .doesNotContain("rebound_effect_vs_baseline", "backfire_vs_baseline")
                .endsWith(
                        "b_rebound_effect",
                        "b_backfire",
                        "b_counterfactual_facility_energy_kwh_per_day",
                        "b_no_rebound_facility_energy_kwh_per_day",
                        "b_decomposition_activity_kwh_per_day",
                        "b_decomposition_mix_kwh_per_day",
                        "b_decomposition_intensity_kwh_per_day",
                        "b_decomposition_rebound_kwh_per_day");
        assertThat(rows.get(2).get(header.indexOf("b_requests_per_day"))).isEqualTo("1200");
    }
}
