package org.rebound.domain.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

@DisplayName("rebound effect")
class ReboundEffectTest {

    @ParameterizedTest(name = "elasticity {0}")
    @ValueSource(doubles = {0, 0.5, 1, 1.3, 2})
    @DisplayName("halving energy per request with demand ∝ e^-ε gives RE = 2^ε − 1 (impact-data.md §7)")
    void powerLaw(double epsilon) {
        double e0 = 0.3;
        double q0 = 1e6;
        double e1 = e0 / 2;
        double q1 = q0 * Math.pow(0.5, -epsilon);
        double re = ReboundEffect.of(e0, q0, e1, q1).orElseThrow();
        assertThat(re).isCloseTo(Math.pow(2, epsilon) - 1, within(1e-12));
        assertThat(ReboundEffect.backfire(re)).isEqualTo(epsilon > 1);
    }

    @Test
    @DisplayName("no RE when energy per request did not change")
    void unchanged() {
        assertThat(ReboundEffect.of(0.3, 1e6, 0.3, 2e6)).isEmpty();
    }
}
