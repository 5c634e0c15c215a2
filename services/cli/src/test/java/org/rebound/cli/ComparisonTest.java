package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.report.results.Impacts;
import org.rebound.report.results.Quantity;
import org.rebound.report.results.RunResults.Cell;
import org.rebound.report.results.RunResults.Counterfactual;
import org.rebound.report.results.RunResults.Period;

@DisplayName("the rebound effect against a baseline run")
class ComparisonTest {

    /** A quantity known for certain. */
    private static Quantity exactly(double value) {
        return new Quantity(value, value, value, value, value);
    }

    /**
     * A period row of a summary: total facility kWh and Wh per request, and its cells (kind, requests, kWh) at one data
     * centre; the figures the rebound effect does not read are zero.
     */
    private static Period period(double kwh, double whPerRequest, Object... cells) {
        List<Cell> list = new ArrayList<>();
        for (int i = 0; i < cells.length; i += 3) {
            list.add(new Cell(
                    (String) cells[i],
                    "a",
                    ((Number) cells[i + 1]).longValue(),
                    0,
                    ((Number) cells[i + 2]).doubleValue()));
        }
        Quantity zero = exactly(0);
        Impacts impacts = new Impacts(zero, exactly(kwh), zero, zero, zero, zero, zero, zero);
        return new Period(
                "2025-01-01T00:00:00Z",
                "2025-01-02T00:00:00Z",
                1,
                0,
                0,
                impacts,
                impacts,
                exactly(whPerRequest),
                null,
                false,
                new Counterfactual(0, 0, 0),
                list,
                null);
    }

    private static Period withoutCells(Period p) {
        return new Period(
                p.start(),
                p.end(),
                p.days(),
                p.requests(),
                p.requestsPerDay(),
                p.impacts(),
                p.perDay(),
                p.whPerRequest(),
                p.reboundEffect(),
                p.backfire(),
                p.counterfactual(),
                null,
                p.decomposition());
    }

    @Test
    @DisplayName(
            "cell by cell: the baseline's requests at the scenario's Wh per request; the induced shift of the mix is not counted as efficiency")
    void cellByCell() {
        // baseline: 1,000 text at 1 Wh, 100 video at 10 Wh = 2 kWh. Scenario: text halved to 0.5 Wh with 4× the
        // requests
        // (4,000 = 2 kWh), video unchanged (100 = 1 kWh): 3 kWh.
        Period scenario = period(3.0, 3000.0 / 4100, "text", 4000, 2.0, "video", 100, 1.0);
        Period baseline = period(2.0, 2000.0 / 1100, "text", 1000, 1.0, "video", 100, 1.0);
        // E_nr = 1,000 × 0.5 Wh + 100 × 10 Wh = 1.5 kWh; RE = (3 − 1.5) / (2 − 1.5) = 3
        assertThat(Comparison.reboundVersusBaseline(scenario, baseline)).isCloseTo(3.0, within(1e-12));
        // with averages (the scenario's mix, shifted by its induced demand): E_nr = 2 × (3/4100) / (2/1100) = 0.8049
        // kWh,
        // RE = (3 − 0.8049) / (2 − 0.8049) = 1.837: the mix shift taken for efficiency
        scenario = withoutCells(scenario);
        double noRebound = 2.0 * (3000.0 / 4100) / (2000.0 / 1100);
        assertThat(Comparison.reboundVersusBaseline(scenario, baseline))
                .isCloseTo((3 - noRebound) / (2 - noRebound), within(1e-12));
    }

    @Test
    @DisplayName("no rebound effect when the scenario is not cheaper per request than its baseline")
    void noGain() {
        Period same = period(2.0, 1.0, "text", 2000, 2.0);
        assertThat(Comparison.reboundVersusBaseline(same, period(2.0, 1.0, "text", 2000, 2.0)))
                .isNull();
        assertThat(Comparison.reboundVersusBaseline(
                        period(5.0, 5.0, "text", 1000, 5.0), period(1.0, 1.0, "text", 1000, 1.0)))
                .isNull();
    }
}
