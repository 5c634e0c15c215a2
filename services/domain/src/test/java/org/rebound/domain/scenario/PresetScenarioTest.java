package org.rebound.domain.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.domain.Range;
import org.rebound.domain.presets.Presets;

@DisplayName("scenarios naming built-in presets")
class PresetScenarioTest {

    private static String scenario(String regions, String kinds, String mix) {
        return """
                name: presets
                title: "Presets"
                clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-02T00:00:00Z, tick: 1h}
                regions:
                %s
                datacentres:
                  - {id: lulea-1, region: SE, pue: 1.1, wue_l_per_kwh: 0.1, share: 1}
                kinds:
                %s
                workload: {requests_per_day: 1000, mix: %s}
                """.formatted(regions.indent(2).stripTrailing(), kinds.indent(2).stripTrailing(), mix);
    }

    @Test
    @DisplayName(
            "a region or kind named by its preset takes the preset's numbers and source; numbers given replace them")
    void presetsFillIn() throws Exception {
        Scenario s = ScenarioLoader.parse(
                scenario(
                        "SE:\nUS-VA: {daily_profile: solar, water_l_per_kwh: 2.0}",
                        "reasoning: {}\ntext: {energy_factor: 0.5}",
                        "{reasoning: 0.2, text: 0.8}"),
                "p.yaml");
        assertThat(s.regions().get("SE").carbonGPerKwh())
                .isEqualTo(Presets.region("SE").orElseThrow().carbonGPerKwh());
        assertThat(s.regions().get("SE").utcOffsetHours()).isEqualTo(1.0);
        assertThat(s.regions().get("US-VA").carbonGPerKwh()).isEqualTo(new Range(322, 380, 411));
        assertThat(s.regions().get("US-VA").waterLPerKwh()).isEqualTo(Range.of(2.0));
        assertThat(s.kinds().get("reasoning").energyWh())
                .isEqualTo(Presets.kind("reasoning").orElseThrow().energyWh());
        assertThat(s.kinds().get("reasoning").source()).isNotBlank();
        assertThat(s.kinds().get("text").energyWh())
                .isEqualTo(new Range(0.04, 0.22, 4)); // text preset, IT boundary (0.24 Wh facility / 1.09)
        assertThat(s.kinds().get("text").energyFactor()).isEqualTo(0.5);
    }

    @Test
    @DisplayName("a name without a preset and without numbers says which presets exist")
    void unknownPreset() {
        try {
            ScenarioLoader.parse(scenario("SE: {}\nATLANTIS: {}", "text: {}", "{text: 1.0}"), "p.yaml");
        } catch (ScenarioException e) {
            List<Problem> problems = e.problems();
            assertThat(problems)
                    .extracting(Problem::toString)
                    .anySatisfy(
                            p -> assertThat(p)
                                    .startsWith(
                                            "p.yaml:6: regions.ATLANTIS: missing required key 'carbon_g_per_kwh' (no built-in preset named 'ATLANTIS'; presets: FR,"));
            return;
        }
        throw new AssertionError("expected the scenario to be rejected");
    }
}
