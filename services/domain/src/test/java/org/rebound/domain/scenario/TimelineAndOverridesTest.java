package org.rebound.domain.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.domain.Range;

@DisplayName("timeline, growth and --set overrides")
class TimelineAndOverridesTest {

    static final String BASE = """
            name: tl
            title: "Timeline"
            clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-11T00:00:00Z, tick: 1h}
            regions:
              FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
            datacentres:
              - {id: paris-1, region: FR, pue: 1.2, wue_l_per_kwh: 0.5, share: 1}
            kinds:
              text: {energy_wh: 1.0}
            workload:
              requests_per_day: 1.0e5
              mix: {text: 1.0}
            """;

    private static List<Problem> problems(String yaml, List<ScenarioOverride> overrides) {
        try {
            ScenarioLoader.parse(yaml, "t.yaml", overrides);
        } catch (ScenarioException e) {
            return e.problems();
        }
        throw new AssertionError("expected the scenario to be rejected");
    }

    @Test
    @DisplayName("a timeline change yields the whole scenario as it stands from the next tick on")
    void timelineStates() throws Exception {
        Scenario s = ScenarioLoader.parse(BASE + """
                timeline:
                  - at: 2025-01-05T00:30:00Z
                    set: {kinds.text.energy_factor: 0.5, datacentres.paris-1.pue: 1.1, regions.FR.carbon_g_per_kwh: {low: 40, central: 50, high: 60}}
                    note: "New GPUs"
                  - at: 2025-01-08T00:00:00Z
                    set: {workload.requests_per_day: 2e5}
                """, "t.yaml");
        assertThat(s.timeline()).hasSize(2);
        TimelineEvent first = s.timeline().get(0);
        assertThat(first.effectiveAt()).isEqualTo(Instant.parse("2025-01-05T01:00:00Z"));
        assertThat(first.note()).isEqualTo("New GPUs");
        assertThat(first.state().kinds().get("text").energyFactor()).isEqualTo(0.5);
        assertThat(first.state().datacentres().get(0).pue()).isEqualTo(Range.of(1.1));
        assertThat(first.state().regions().get("FR").carbonGPerKwh()).isEqualTo(new Range(40, 50, 60));
        // changes accumulate; the base scenario is left as it was
        assertThat(s.timeline().get(1).state().kinds().get("text").energyFactor())
                .isEqualTo(0.5);
        assertThat(s.timeline().get(1).state().workload().requestsPerDay()).isEqualTo(2e5);
        assertThat(s.kinds().get("text").energyFactor()).isEqualTo(1.0);
    }

    @Test
    @DisplayName(
            "timeline mistakes name the line of the change: paths addressing nothing, instants outside the clock, invalid results, fixed keys")
    void timelineProblems() {
        List<Problem> problems = problems(BASE + """
                timeline:
                  - at: 2025-01-02T00:00:00Z
                    set: {datacentres.nowhere-1.pue: 1.1}
                  - at: 2026-01-01T00:00:00Z
                    set: {workload.requests_per_day: 1}
                  - at: 2025-01-03T00:00:00Z
                    set: {datacentres.paris-1.pue: 0.5}
                  - at: 2025-01-04T00:00:00Z
                    set: {clock.end: 2025-02-01T00:00:00Z}
                """, List.of());
        assertThat(problems)
                .extracting(Problem::toString)
                .anySatisfy(
                        p -> assertThat(p)
                                .startsWith(
                                        "t.yaml:15: timeline[0].set.datacentres.nowhere-1.pue: 'datacentres.nowhere-1' addresses nothing"));
        assertThat(problems)
                .extracting(Problem::toString)
                .anySatisfy(p ->
                        assertThat(p).startsWith("t.yaml:16: timeline[1].at: expected an instant within the clock"));
        assertThat(problems)
                .extracting(Problem::toString)
                .anySatisfy(p -> assertThat(p).startsWith("t.yaml:19: datacentres.paris-1.pue: expected a PUE >= 1.0"));
        assertThat(problems)
                .extracting(Problem::toString)
                .anySatisfy(p -> assertThat(p)
                        .startsWith("t.yaml:21: timeline[3].set.clock.end: 'clock' is fixed for the whole run"));
    }

    @Test
    @DisplayName("--set replaces a value before validation, and is validated exactly like the file")
    void overrides() throws Exception {
        Scenario s = ScenarioLoader.parse(
                BASE,
                "t.yaml",
                List.of(
                        ScenarioOverride.parse("workload.requests_per_day=2e6"),
                        ScenarioOverride.parse("datacentres.paris-1.pue={low: 1.1, central: 1.2, high: 1.4}"),
                        ScenarioOverride.parse("workload.arrival=exact")));
        assertThat(s.workload().requestsPerDay()).isEqualTo(2e6);
        assertThat(s.datacentres().get(0).pue()).isEqualTo(new Range(1.1, 1.2, 1.4));
        assertThat(s.workload().arrival()).isEqualTo(Arrival.EXACT);

        assertThat(problems(BASE, List.of(ScenarioOverride.parse("workload.requests_per_dya=2e6"))))
                .extracting(Problem::message)
                .anySatisfy(m -> assertThat(m)
                        .contains("unknown key 'requests_per_dya'")
                        .contains("did you mean 'requests_per_day'"));
        assertThat(problems(BASE, List.of(ScenarioOverride.parse("regions.XX.carbon_g_per_kwh=5"))))
                .extracting(Problem::toString)
                .containsExactly(
                        "--set: regions.XX.carbon_g_per_kwh: 'regions.XX' addresses nothing: regions has [FR]");
        assertThat(problems(BASE, List.of(ScenarioOverride.parse("datacentres.paris-1.pue=0.8"))))
                .extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).startsWith("expected a PUE >= 1.0"));
    }

    @Test
    @DisplayName(
            "growth: exponential compounds per year; logistic starts at requests_per_day and saturates at the ceiling")
    void growth() {
        long start = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
        long year = (long) (365.25 * 86_400_000L);
        Growth exponential = new Growth(Growth.Model.EXPONENTIAL, 0.8, 0, null);
        assertThat(exponential.multiplier(start + 2 * year, start, 1e6)).isCloseTo(1.8 * 1.8, within(1e-9));
        Growth logistic = new Growth(Growth.Model.LOGISTIC, 2.0, 2.5e9, Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(logistic.multiplier(start, start, 1e8)).isCloseTo(1.0, within(1e-12));
        assertThat(logistic.multiplier(start + 40 * year, start, 1e8) * 1e8).isCloseTo(2.5e9, within(1e3));
        double mid = logistic.multiplier(Instant.parse("2027-01-01T00:00:00Z").toEpochMilli(), start, 1e8);
        assertThat(mid).isBetween(1.0, 25.0);
    }
}
