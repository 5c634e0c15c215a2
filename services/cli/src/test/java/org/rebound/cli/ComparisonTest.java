package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the rebound effect against a baseline run")
class ComparisonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A period row of a summary: total facility kWh and Wh per request, and its cells (kind, requests, kWh) at one data centre. */
    private static ObjectNode period(double kwh, double whPerRequest, Object... cells) {
        ObjectNode row = JSON.createObjectNode();
        row.putObject("facility_energy_kwh").put("central", kwh);
        row.putObject("wh_per_request").put("central", whPerRequest);
        var array = row.putArray("cells");
        for (int i = 0; i < cells.length; i += 3) {
            array.addObject().put("kind", (String) cells[i]).put("datacentre", "a").put("requests", ((Number) cells[i + 1]).longValue())
                    .put("facility_energy_kwh", ((Number) cells[i + 2]).doubleValue());
        }
        return row;
    }

    @Test
    @DisplayName("cell by cell: the baseline's requests at the scenario's Wh per request; the induced shift of the mix is not counted as efficiency")
    void cellByCell() {
        // baseline: 1,000 text at 1 Wh, 100 video at 10 Wh = 2 kWh. Scenario: text halved to 0.5 Wh with 4× the requests
        // (4,000 = 2 kWh), video unchanged (100 = 1 kWh): 3 kWh.
        ObjectNode scenario = period(3.0, 3000.0 / 4100, "text", 4000, 2.0, "video", 100, 1.0);
        ObjectNode baseline = period(2.0, 2000.0 / 1100, "text", 1000, 1.0, "video", 100, 1.0);
        // E_nr = 1,000 × 0.5 Wh + 100 × 10 Wh = 1.5 kWh; RE = (3 − 1.5) / (2 − 1.5) = 3
        assertThat(Comparison.reboundVersusBaseline(scenario, baseline)).isCloseTo(3.0, within(1e-12));
        // with averages (the scenario's mix, shifted by its induced demand): E_nr = 2 × (3/4100) / (2/1100) = 0.8049 kWh,
        // RE = (3 − 0.8049) / (2 − 0.8049) = 1.837: the mix shift taken for efficiency
        scenario.remove("cells");
        double noRebound = 2.0 * (3000.0 / 4100) / (2000.0 / 1100);
        assertThat(Comparison.reboundVersusBaseline(scenario, baseline)).isCloseTo((3 - noRebound) / (2 - noRebound), within(1e-12));
    }

    @Test
    @DisplayName("no rebound effect when the scenario is not cheaper per request than its baseline")
    void noGain() {
        ObjectNode same = period(2.0, 1.0, "text", 2000, 2.0);
        assertThat(Comparison.reboundVersusBaseline(same, period(2.0, 1.0, "text", 2000, 2.0))).isNull();
        assertThat(Comparison.reboundVersusBaseline(period(5.0, 5.0, "text", 1000, 5.0), period(1.0, 1.0, "text", 1000, 1.0))).isNull();
    }
}
