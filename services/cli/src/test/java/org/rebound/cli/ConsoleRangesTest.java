package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("console: central (likely p5–p95; bounds low–high)")
class ConsoleRangesTest {

    private static ObjectNode summary() throws Exception {
        try (InputStream in = ConsoleRangesTest.class.getResourceAsStream("/report/summary-two-periods.json")) {
            return (ObjectNode) new ObjectMapper().readTree(in);
        }
    }

    private static List<String> print(ObjectNode summary) {
        StringWriter text = new StringWriter();
        new Console(new PrintWriter(text)).summary(summary);
        return Arrays.asList(text.toString().split("\n"));
    }

    private static ObjectNode quantity(
            ObjectNode parent, String field, double low, double p5, double central, double p95, double high) {
        return parent.putObject(field)
                .put("low", low)
                .put("p5", p5)
                .put("central", central)
                .put("p95", p95)
                .put("high", high);
    }

    @Test
    @DisplayName("two significant figures for the ends of a range in the table")
    void compact2() {
        assertThat(Console.compact2(3506.6)).isEqualTo("3.5k");
        assertThat(Console.compact2(108.4)).isEqualTo("110");
        assertThat(Console.compact2(45.7)).isEqualTo("46");
        assertThat(Console.compact2(9.96)).isEqualTo("10");
        assertThat(Console.compact2(996)).isEqualTo("1.0k");
        assertThat(Console.compact2(3.26)).isEqualTo("3.3");
        assertThat(Console.compact2(0.0123)).isEqualTo("0.01");
        assertThat(Console.compact2(136_933)).isEqualTo("140k");
    }

    @Test
    @DisplayName(
            "each row shows central (p5–p95; low–high), a legend says so, and the table fits in 120 columns even for a year of global traffic")
    void tableRows() throws Exception {
        ObjectNode summary = summary();
        ObjectNode totals = (ObjectNode) summary.get("totals");
        quantity(totals, "co2e_kg", 108.4, 352.7, 808.9, 3506.6, 10_746);
        // the widest figures of scenarios/global-year.yaml: 1.3 trillion requests, every end with a suffix
        ObjectNode text = (ObjectNode) summary.get("by_kind").get("text");
        text.put("requests", 1_316_081_310_421L);
        quantity(text, "facility_energy_kwh", 51.4e6, 104.6e6, 326.1e6, 2.44e9, 5.71e9);
        quantity(text, "co2e_kg", 23.3e6, 51.4e6, 165.2e6, 1.24e9, 3.33e9);
        quantity(text, "water_l", 204.1e6, 444.4e6, 1.434e9, 10.4e9, 30.4e9);

        List<String> lines = print(summary);
        String total =
                lines.stream().filter(l -> l.startsWith("TOTAL")).findFirst().orElseThrow();
        assertThat(total).contains("809 (350–3.5k; 110–11k)");
        String textRow =
                lines.stream().filter(l -> l.startsWith("  text")).findFirst().orElseThrow();
        assertThat(textRow)
                .contains(
                        "1.32T",
                        "326M (100M–2.4G; 51M–5.7G)",
                        "165M (51M–1.2G; 23M–3.3G)",
                        "1.43G (440M–10G; 200M–30G)");
        assertThat(lines).anyMatch(l -> l.contains("central (likely p5–p95; bounds low–high)"));
        for (String line : lines.subList(0, lines.indexOf(total) + 12)) {
            assertThat(line.length()).as(line).isLessThanOrEqualTo(120);
        }
    }

    @Test
    @DisplayName("a quantity without a likely range (a summary written before it existed) keeps [low–high]")
    void withoutLikelyRange() throws Exception {
        ObjectNode summary = summary();
        List<String> lines = print(summary);
        // the fixture's water total has no p5/p95: 17.85 L [3.2–91.4]
        String total =
                lines.stream().filter(l -> l.startsWith("TOTAL")).findFirst().orElseThrow();
        assertThat(total).contains("17.9 [3.2–91]");
        // the fixture's facility energy has them: 5.0 (2.5–12; 1.0–20)
        assertThat(total).contains("5.00 (2.5–12; 1.0–20)");
    }
}
