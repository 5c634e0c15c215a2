package org.rebound.domain.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.domain.impact.ChangeDecomposition.Cell;
import org.rebound.domain.impact.ChangeDecomposition.Effects;

@DisplayName("decomposition of a change (additive LMDI-I)")
class ChangeDecompositionTest {

    private static double mean(double a, double b) {
        return (a - b) / (Math.log(a) - Math.log(b));
    }

    @Test
    @DisplayName("growth alone is all activity")
    void growthOnly() {
        Effects effects = ChangeDecomposition.of(
                List.of(new Cell("text", "paris", 100, 100, 10)),
                1,
                List.of(new Cell("text", "paris", 400, 400, 40)),
                2);
        assertThat(effects.activity()).isCloseTo(10, within(1e-12));
        assertThat(effects.mix()).isCloseTo(0, within(1e-12));
        assertThat(effects.intensity()).isCloseTo(0, within(1e-12));
        assertThat(effects.rebound()).isCloseTo(0, within(1e-12));
    }

    @Test
    @DisplayName("mix, intensity and rebound of two cells, computed by hand")
    void twoCells() {
        // period 0 (1 day): A 100 requests (all exogenous), 10 kWh; B 100 requests, 30 kWh.
        // period 1 (2 days): A 150 exogenous + 150 induced requests a day at half the Wh, B 50 a day at the same Wh.
        List<Cell> first = List.of(new Cell("text", "a", 100, 100, 10), new Cell("video", "a", 100, 100, 30));
        List<Cell> later = List.of(new Cell("text", "a", 600, 300, 30), new Cell("video", "a", 100, 100, 30));
        Effects effects = ChangeDecomposition.of(first, 1, later, 2);
        // exogenous requests stay at 200 a day: no activity effect
        assertThat(effects.activity()).isCloseTo(0, within(1e-12));
        // A: 10 -> 15 kWh/day, share 0.5 -> 0.75, R 1 -> 2, I 0.1 -> 0.05 kWh/request;
        // B: 30 -> 15 kWh/day, share 0.5 -> 0.25
        double weightA = mean(15, 10);
        double weightB = mean(15, 30);
        assertThat(effects.mix()).isCloseTo(weightA * Math.log(1.5) + weightB * Math.log(0.5), within(1e-9));
        assertThat(effects.rebound()).isCloseTo(weightA * Math.log(2), within(1e-9));
        assertThat(effects.intensity()).isCloseTo(weightA * Math.log(0.5), within(1e-9));
        assertThat(effects.total()).isCloseTo(30 - 40, within(1e-12));
    }

    @Test
    @DisplayName(
            "a cell that appears goes to mix, a period without requests to activity (Ang & Liu's zero-value limit)")
    void zeros() {
        List<Cell> first = List.of(new Cell("text", "a", 100, 100, 10));
        Effects appeared = ChangeDecomposition.of(
                first, 1, List.of(new Cell("text", "a", 100, 100, 10), new Cell("image", "a", 50, 50, 5)), 1);
        // text's share falls from 1 to 100/150 at constant kWh: mix takes it back exactly as the new cell adds
        assertThat(appeared.mix()).isCloseTo(10 * Math.log(100 / 150.0) + 5, within(1e-12));
        assertThat(appeared.activity()).isCloseTo(10 * Math.log(150 / 100.0), within(1e-12));
        assertThat(appeared.total()).isCloseTo(5, within(1e-12));
        Effects none = ChangeDecomposition.of(first, 1, List.of(), 1);
        assertThat(none.activity()).isEqualTo(-10);
        assertThat(none.mix() + none.intensity() + none.rebound()).isZero();
    }

    @Test
    @DisplayName("the four effects sum to the change of energy per day, whatever the cells")
    void exact() {
        Random random = new Random(12);
        for (int trial = 0; trial < 200; trial++) {
            List<Cell> first = cells(random);
            List<Cell> later = cells(random);
            double days0 = 1 + random.nextInt(365);
            double days1 = 1 + random.nextInt(365);
            double expected = later.stream().mapToDouble(Cell::facilityKwh).sum() / days1
                    - first.stream().mapToDouble(Cell::facilityKwh).sum() / days0;
            Effects effects = ChangeDecomposition.of(first, days0, later, days1);
            assertThat(effects.total()).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
        }
    }

    private static List<Cell> cells(Random random) {
        List<Cell> cells = new ArrayList<>();
        for (String kind : new String[] {"text", "image", "video"}) {
            for (String dc : new String[] {"a", "b"}) {
                if (random.nextInt(5) == 0) {
                    continue; // some cells missing in one period
                }
                double cf = Math.floor(random.nextDouble() * 1e6);
                double induced = 0.5 + 3 * random.nextDouble();
                double requests = Math.floor(cf * induced);
                cells.add(new Cell(kind, dc, requests, requests / induced, requests * random.nextDouble() * 0.1));
            }
        }
        return cells;
    }
}
