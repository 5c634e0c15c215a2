package org.rebound.domain.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("rebound effect against the counterfactual")
class ReboundEffectTest {

    @ParameterizedTest(name = "elasticity {0}")
    @ValueSource(doubles = {0, 0.5, 1, 1.3, 2})
    @DisplayName(
            "halving energy per request with demand ∝ e^-ε gives RE = 2^ε − 1 (impact-data.md §7), whatever the counterfactual demand")
    void powerLaw(double epsilon) {
        for (double counterfactualRequests : new double[] {1e3, 1e6, 7.3e9}) {
            double wh = 0.3;
            double pue = 1.2;
            double counterfactualKwh = counterfactualRequests * wh * pue / 1000;
            double noReboundKwh = counterfactualRequests * wh / 2 * pue / 1000;
            double actualKwh = counterfactualRequests * Math.pow(0.5, -epsilon) * wh / 2 * pue / 1000;
            double re =
                    ReboundEffect.of(actualKwh, counterfactualKwh, noReboundKwh).orElseThrow();
            assertThat(re).isCloseTo(Math.pow(2, epsilon) - 1, within(1e-12));
            assertThat(ReboundEffect.backfire(re)).isEqualTo(epsilon > 1);
        }
    }

    @Test
    @DisplayName("RE = 1 − actual saving / expected saving")
    void savings() {
        // expected saving 200 − 100 = 100 kWh, actual 200 − 150 = 50 kWh: half the saving is taken back
        assertThat(ReboundEffect.of(150, 200, 100)).hasValue(0.5);
        // more energy than without the gain: 300 − 100 over 100
        assertThat(ReboundEffect.of(300, 200, 100)).hasValue(2.0);
    }

    @Test
    @DisplayName("no RE when nothing got more efficient: equal counterfactual and no-rebound energies")
    void unchanged() {
        assertThat(ReboundEffect.of(120, 120, 120)).isEmpty();
        // the same sums rounded differently are still no saving
        assertThat(ReboundEffect.of(0.1 + 0.2, 0.3, 0.1 + 0.2)).isEmpty();
    }

    @Test
    @DisplayName("no RE when efficiency got worse (energy per request ×5): the expected saving is negative")
    void worse() {
        double counterfactualKwh = 100;
        double noReboundKwh = 5 * counterfactualKwh;
        double actualKwh = noReboundKwh * Math.pow(5, -1.15);
        assertThat(ReboundEffect.of(actualKwh, counterfactualKwh, noReboundKwh)).isEmpty();
    }
}
