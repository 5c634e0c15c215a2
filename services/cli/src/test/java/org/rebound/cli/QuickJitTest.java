package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;

@DisplayName(
        "./rebound's JIT choice: the quick compiler up to 10 M ticks at full speed, both beyond; long runs commit less often")
class QuickJitTest {

    private static Scenario preset(String name) throws Exception {
        return ScenarioLoader.load(Path.of("../../scenarios", name + ".yaml"));
    }

    @Test
    @DisplayName(
            "quickstart (2,880 ticks) keeps the quick compiler and is short; global-year (2.5 M ticks flat out) keeps it and is long")
    void presets() throws Exception {
        assertThat(QuickJit.ticks(preset("quickstart"))).isEqualTo(2 * 1440);
        assertThat(QuickJit.needsC2(List.of(preset("quickstart")), null)).isFalse();
        assertThat(QuickJit.longRun(List.of(preset("quickstart")), null)).isFalse();
        assertThat(QuickJit.ticks(preset("global-year"))).isEqualTo(24L * 105_120);
        assertThat(QuickJit.needsC2(List.of(preset("global-year")), null)).isFalse();
        assertThat(QuickJit.longRun(List.of(preset("global-year")), null)).isTrue();
        // `--speed 1d/s` (86,400 simulated seconds a second): 6,912 ticks a wall second
        assertThat(QuickJit.longRun(List.of(preset("global-year")), 86_400.0)).isFalse();
        assertThat(QuickJit.longRun(List.of(preset("quickstart")), org.rebound.domain.scenario.Clock.MAX_SPEED))
                .isFalse();
    }

    @Test
    @DisplayName(
            "a long run paced for a room (in its file or by --speed) is served by the quick compiler at short commits; two runs together count together; C2 above 10 M ticks")
    void pacedAndTogether() throws Exception {
        String yaml = """
                name: paced
                title: "Paced"
                clock: {start: 2025-01-01T00:00:00Z, end: 2026-01-01T00:00:00Z, tick: 1m, speed: %s}
                regions:
                  FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
                datacentres:
                  - {id: paris-1, region: FR, pue: 1.2, wue_l_per_kwh: 0.5, share: 0.5}
                  - {id: paris-2, region: FR, pue: 1.2, wue_l_per_kwh: 0.5, share: 0.5}
                kinds:
                  text: {energy_wh: 0.3}
                workload: {requests_per_day: 24000, arrival: exact, mix: {text: 1.0}}
                """;
        Scenario daily = ScenarioLoader.parse(yaml.formatted("1d/s"), "paced.yaml"); // 1,051,200 ticks in 365 s
        Scenario max = ScenarioLoader.parse(yaml.formatted("max"), "max.yaml");
        assertThat(QuickJit.ticks(daily)).isEqualTo(2 * 525_600);
        assertThat(QuickJit.longRun(List.of(daily), null))
                .as("2,880 ticks a wall second")
                .isFalse();
        assertThat(QuickJit.longRun(List.of(max), null)).isTrue();
        assertThat(QuickJit.needsC2(List.of(max), null)).isFalse();
        Scenario day = ScenarioLoader.parse(
                yaml.formatted("max").replace("2026-01-01T00:00:00Z", "2025-07-01T00:00:00Z"), "day.yaml");
        assertThat(QuickJit.ticks(day)).isEqualTo(181L * 1440 * 2);
        assertThat(QuickJit.longRun(List.of(day), null)).isFalse();
        assertThat(QuickJit.longRun(List.of(day, day), null))
                .as("1,042,560 ticks together")
                .isTrue();
        // ten years of two data centres' minutes: 10,512,000 ticks flat out
        Scenario decade =
                ScenarioLoader.parse(yaml.formatted("max").replace("2026-01-01", "2035-01-01"), "decade.yaml");
        assertThat(QuickJit.needsC2(List.of(decade), null)).isTrue();
        assertThat(QuickJit.needsC2(List.of(decade), 86_400.0 * 30))
                .as("paced at a month a second: 2,880 × 30 ticks a wall second")
                .isTrue();
        assertThat(QuickJit.needsC2(List.of(decade), 86_400.0))
                .as("paced at a day a second")
                .isFalse();
    }

    @Test
    @DisplayName("a JVM not started by ./rebound's quick path never asks to be started again")
    void onlyWithTheProperty() throws Exception {
        assertThat(System.getProperty(QuickJit.PROPERTY)).isNull();
        assertThat(QuickJit.relaunch(List.of(preset("global-year")), null)).isFalse();
    }
}
