package org.rebound.domain.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("baseline: the counterfactual a scenario declares")
class BaselineTest {

    static final String TIMELINE = """
            timeline:
              - at: 2025-03-02T00:00:00Z
                note: "cheaper answers and more images"
                set: {kinds.text.energy_factor: 0.5, workload.mix: {text: 0.8, image: 0.2}}
              - at: 2025-03-02T12:00:00Z
                note: "better cooling"
                set: {datacentres.paris-1.pue: 1.1}
            """;

    private static Scenario parse(String yaml, ScenarioOverride... overrides) throws ScenarioException {
        return ScenarioLoader.parse(yaml, "s.yaml", List.of(overrides));
    }

    @Test
    @DisplayName(
            "by default the same world without its efficiency changes: energy_factor and PUE changes left out, the rest kept")
    void dropsEfficiencyChanges() throws Exception {
        Scenario scenario = parse(ScenarioLoaderTest.VALID + TIMELINE + "baseline: {}\n");
        Scenario baseline = Baseline.of(scenario).orElseThrow();

        assertThat(baseline.name()).isEqualTo("demo-baseline");
        assertThat(baseline.title()).isEqualTo("Two sites (baseline)");
        assertThat(baseline.seed()).isEqualTo(scenario.seed());
        assertThat(baseline.timeline()).hasSize(1);
        TimelineEvent kept = baseline.timeline().get(0);
        assertThat(kept.note()).isEqualTo("cheaper answers and more images");
        assertThat(kept.set()).containsOnlyKeys("workload.mix");
        assertThat(kept.state().kinds().get("text").energyFactor()).isEqualTo(1.0);
        assertThat(kept.state().workload().mix()).containsEntry("image", 0.2);
        // the scenario itself is untouched
        assertThat(scenario.timeline()).hasSize(2);
        assertThat(scenario.timeline().get(0).state().kinds().get("text").energyFactor())
                .isEqualTo(0.5);
    }

    @Test
    @DisplayName("title, efficiency_changes: keep and set: are honoured; --set overrides of the scenario carry over")
    void options() throws Exception {
        Scenario scenario = parse(
                ScenarioLoaderTest.VALID + TIMELINE
                        + "baseline: {title: \"No rebound\", efficiency_changes: keep, set: {workload.elasticity: 0, workload.requests_per_day: 5e5}}\n",
                ScenarioOverride.parse("seed=11"),
                ScenarioOverride.parse("workload.requests_per_day=2e6"));
        Scenario baseline = Baseline.of(scenario).orElseThrow();

        assertThat(baseline.title()).isEqualTo("No rebound");
        assertThat(baseline.timeline()).hasSize(2);
        assertThat(baseline.seed()).isEqualTo(11);
        assertThat(baseline.workload().elasticity()).isEqualTo(0);
        assertThat(baseline.workload().requestsPerDay()).isEqualTo(5e5);
        assertThat(scenario.workload().requestsPerDay()).isEqualTo(2e6);
    }

    @Test
    @DisplayName("the baseline's text (what travels on the scenarios topic) reads back to the same baseline")
    void textRoundTrips() throws Exception {
        Scenario baseline = Baseline.of(parse(ScenarioLoaderTest.VALID + TIMELINE + "baseline: {}\n"))
                .orElseThrow();
        Scenario again =
                ScenarioLoader.parse(baseline.text().yaml(), baseline.text().fileName());

        assertThat(again)
                .usingRecursiveComparison()
                .ignoringFields("source", "text", "timeline")
                .isEqualTo(baseline);
        assertThat(again.timeline())
                .extracting(TimelineEvent::set)
                .containsExactly(Map.of("workload.mix", "{text: 0.8, image: 0.2}"));
        assertThat(again.narrative()).isEqualTo("Watch the evening.\n");
    }

    @Test
    @DisplayName("a scenario without baseline has none; a long name is shortened to 64 characters")
    void none() throws Exception {
        assertThat(Baseline.of(parse(ScenarioLoaderTest.VALID))).isEmpty();
        assertThat(Baseline.baselineName("a".repeat(64))).hasSize(64).endsWith("-baseline");
    }

    @Test
    @DisplayName("mistakes in baseline name the line and the key")
    void mistakes() {
        assertThatThrownBy(() -> parse(ScenarioLoaderTest.VALID + "baseline: {efficiency_changes: maybe}\n"))
                .isInstanceOfSatisfying(
                        ScenarioException.class,
                        e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                            assertThat(p.path()).isEqualTo("baseline.efficiency_changes");
                            assertThat(p.line())
                                    .isEqualTo(ScenarioLoaderTest.VALID.lines().count() + 1);
                            assertThat(p.message()).contains("expected drop or keep");
                        }));
        assertThatThrownBy(() -> parse(ScenarioLoaderTest.VALID + "baseline: {titel: x}\n"))
                .isInstanceOfSatisfying(
                        ScenarioException.class,
                        e -> assertThat(e.problems())
                                .singleElement()
                                .satisfies(p -> assertThat(p.message()).contains("did you mean 'title'")));
        assertThatThrownBy(() -> parse(ScenarioLoaderTest.VALID + "baseline: {set: {workload.requests_per_dya: 3}}\n"))
                .isInstanceOfSatisfying(
                        ScenarioException.class,
                        e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                            assertThat(p.path()).isEqualTo("baseline → workload.requests_per_dya");
                            assertThat(p.message()).startsWith("the baseline scenario is not valid: unknown key");
                        }));
        assertThatThrownBy(() -> parse(ScenarioLoaderTest.VALID + "baseline: {set: {workload.requests_per_day: -3}}\n"))
                .isInstanceOfSatisfying(
                        ScenarioException.class,
                        e -> assertThat(e.problems())
                                .singleElement()
                                .satisfies(
                                        p -> assertThat(p.path()).isEqualTo("baseline → workload.requests_per_day")));
    }

    @Test
    @DisplayName("baseline cannot change on the timeline or live")
    void fixed() {
        assertThatThrownBy(() -> parse(ScenarioLoaderTest.VALID
                        + "timeline:\n  - {at: 2025-03-02T00:00:00Z, set: {baseline.title: x}}\n"))
                .isInstanceOfSatisfying(
                        ScenarioException.class,
                        e -> assertThat(e.problems())
                                .extracting(Problem::message)
                                .anySatisfy(m -> assertThat(m).contains("'baseline' is fixed")));
    }
}
