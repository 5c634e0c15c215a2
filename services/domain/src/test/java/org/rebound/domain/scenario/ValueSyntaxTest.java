package org.rebound.domain.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.domain.text.Lang;

@DisplayName("--set and --speed syntax errors in English and French")
class ValueSyntaxTest {

    private static final String NBSP = "\u00a0";

    @Test
    @DisplayName("--set without '=': the English sentence as it always was, and French")
    void setWithoutEquals() {
        ValueSyntaxException e = catchThrowableOfType(
                () -> ScenarioOverride.parse("workload.requests_per_day"), ValueSyntaxException.class);
        assertThat(e).isInstanceOf(IllegalArgumentException.class);
        assertThat(e.getMessage())
                .isEqualTo(
                        "expected key.path=value (e.g. workload.requests_per_day=2e6), found 'workload.requests_per_day'");
        assertThat(e.message(Lang.EN)).isEqualTo(e.getMessage());
        assertThat(e.message(Lang.FR).replace(NBSP, " "))
                .isEqualTo("une valeur de la forme chemin.de.clé=valeur était attendue "
                        + "(par exemple workload.requests_per_day=2e6), trouvé : « workload.requests_per_day »");
        assertThat(catchThrowableOfType(() -> ScenarioOverride.parse("=2e6"), ValueSyntaxException.class)
                        .getMessage())
                .endsWith("found '=2e6'");
    }

    @Test
    @DisplayName("a speed that is not max or DURATION/s: the English sentence as it always was, and French")
    void badSpeed() {
        for (String text : new String[] {"fast", "0ms/s", "1h"}) {
            ValueSyntaxException e = catchThrowableOfType(() -> Durations.parseSpeed(text), ValueSyntaxException.class);
            assertThat(e.getMessage())
                    .isEqualTo("expected " + Durations.SPEED_EXPECTED + ", found '" + text + "'")
                    .isEqualTo("expected \"max\" or simulated time per second such as 1h/s or 30d/s, found '" + text
                            + "'");
            assertThat(e.message(Lang.FR).replace(NBSP, " "))
                    .isEqualTo(
                            "« max » ou une durée simulée par seconde, comme 1h/s ou 30d/s, était attendu, trouvé : « "
                                    + text + " »");
        }
        assertThat(Durations.parseSpeed("1h/s")).isEqualTo(3600.0);
    }

    @Test
    @DisplayName("another IllegalArgumentException is told as it is")
    void otherExceptions() {
        assertThat(ValueSyntaxException.message(new IllegalArgumentException("odd"), Lang.FR))
                .isEqualTo("odd");
    }
}
