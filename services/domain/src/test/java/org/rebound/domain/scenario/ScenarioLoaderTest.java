package org.rebound.domain.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.domain.Range;

@DisplayName("scenario files")
class ScenarioLoaderTest {

    static final String VALID = """
            name: demo
            title: "Two sites"
            narrative: |
              Watch the evening.
            seed: 7
            clock:
              start: 2025-03-01T00:00:00Z
              end: 2025-03-03T00:00:00Z
              tick: 5m
              speed: 1h/s
              period: 1d
            regions:
              FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67, utc_offset_hours: 1}
              US-TX:
                carbon_g_per_kwh: {low: 321, central: 373, high: 400}
                water_l_per_kwh: 3.13
                daily_profile: solar
                carbon_change_per_year: -0.03
            datacentres:
              - {id: paris-1, region: FR, pue: 1.2, wue_l_per_kwh: 0.55, share: 0.4}
              - id: austin-1
                region: US-TX
                pue: {low: 1.08, central: 1.1, high: 1.2}
                wue_l_per_kwh: 1.0
                embodied_g_per_kwh: 100
                share: 0.6
            kinds:
              text: {energy_wh: {low: 0.04, central: 0.25, high: 4}, source: "Google 2025"}
              image: {energy_wh: 2.9, energy_factor: 0.5}
            workload:
              requests_per_day: 1.0e6
              arrival: exact
              daily_profile: evening
              weekly_profile: weekdays
              mix: {text: 0.9, image: 0.1}
            """;

    private static List<Problem> problems(String yaml) {
        try {
            ScenarioLoader.parse(yaml, "s.yaml");
        } catch (ScenarioException e) {
            return e.problems();
        }
        throw new AssertionError("expected the scenario to be rejected");
    }

    @Test
    @DisplayName("a valid file gives every value with its unit, defaults filled in")
    void valid() throws Exception {
        Scenario s = ScenarioLoader.parse(VALID, "s.yaml");
        assertThat(s.name()).isEqualTo("demo");
        assertThat(s.seed()).isEqualTo(7);
        assertThat(s.narrative()).isEqualTo("Watch the evening.\n");
        assertThat(s.clock().start()).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(s.clock().tick()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.clock().speedSimulatedPerWallSecond()).isEqualTo(3600);
        assertThat(s.clock().period()).isEqualTo(Duration.ofDays(1));
        assertThat(s.regions()).containsOnlyKeys("FR", "US-TX");
        assertThat(s.regions().get("US-TX").carbonGPerKwh()).isEqualTo(new Range(321, 373, 400));
        assertThat(s.regions().get("US-TX").carbonChangePerYear()).isEqualTo(-0.03);
        assertThat(s.regions().get("FR").dailyProfile()).containsOnly(1.0);
        assertThat(s.datacentres()).extracting(DataCentre::id).containsExactly("paris-1", "austin-1");
        assertThat(s.datacentres().get(0).embodiedGPerKwh()).isEqualTo(ScenarioLoader.DEFAULT_EMBODIED_G_PER_KWH);
        assertThat(s.datacentres().get(1).pue()).isEqualTo(new Range(1.08, 1.1, 1.2));
        assertThat(s.kinds().get("image").energyFactor()).isEqualTo(0.5);
        assertThat(s.kinds().get("text").source()).isEqualTo("Google 2025");
        assertThat(s.workload().arrival()).isEqualTo(Arrival.EXACT);
        assertThat(s.workload().requestsPerDay()).isEqualTo(1.0e6);
        assertThat(s.workload().mix()).containsEntry("text", 0.9).containsEntry("image", 0.1);
    }

    @Test
    @DisplayName("named profiles have 24 (or 7) multipliers of mean 1, so they shape the load without changing it")
    void profiles() {
        for (double[] p : List.of(
                Profiles.GRID_DAILY.get("solar"),
                Profiles.DEMAND_DAILY.get("office"),
                Profiles.DEMAND_DAILY.get("evening"))) {
            assertThat(p).hasSize(24);
            assertThat(Arrays.stream(p).average().orElseThrow()).isCloseTo(1.0, within(1e-12));
        }
        double[] solar = Profiles.GRID_DAILY.get("solar");
        int lowest = 0;
        int highest = 0;
        for (int h = 0; h < 24; h++) {
            lowest = solar[h] < solar[lowest] ? h : lowest;
            highest = solar[h] > solar[highest] ? h : highest;
        }
        assertThat(lowest).isBetween(11, 17);
        assertThat(highest).isBetween(19, 23);
        assertThat(Arrays.stream(Profiles.DEMAND_WEEKLY.get("weekdays"))
                        .average()
                        .orElseThrow())
                .isCloseTo(1.0, within(1e-12));
    }

    @Test
    @DisplayName("title and narrative per language: each language its own, a plain string for all, errors located")
    void titlesPerLanguage() throws ScenarioException {
        Scenario both = ScenarioLoader.parse(
                VALID.replace("title: \"Two sites\"", "title: {en: \"Two sites\", fr: \"Deux sites\"}")
                        .replace(
                                "narrative: |\n  Watch the evening.",
                                "narrative:\n  fr: Regardez la soirée.\n  en: Watch the evening."),
                "s.yaml");
        assertThat(both.title()).isEqualTo("Two sites");
        assertThat(both.title(org.rebound.domain.text.Lang.FR)).isEqualTo("Deux sites");
        assertThat(both.narrative(org.rebound.domain.text.Lang.FR)).isEqualTo("Regardez la soirée.");
        assertThat(both.narrative(org.rebound.domain.text.Lang.EN)).isEqualTo("Watch the evening.");

        Scenario plain = ScenarioLoader.parse(VALID, "s.yaml");
        assertThat(plain.title(org.rebound.domain.text.Lang.FR))
                .as("a plain string serves every language")
                .isEqualTo("Two sites");

        Scenario frenchOnly =
                ScenarioLoader.parse(VALID.replace("title: \"Two sites\"", "title: {fr: \"Deux sites\"}"), "s.yaml");
        assertThat(frenchOnly.title()).isEqualTo("Deux sites");
        assertThat(frenchOnly.title(org.rebound.domain.text.Lang.EN)).isEqualTo("Deux sites");

        assertThat(problems(VALID.replace("title: \"Two sites\"", "title: {en: \"Two sites\", de: \"Zwei\"}")))
                .anySatisfy(p -> {
                    assertThat(p.line()).isEqualTo(2);
                    assertThat(p.path()).isEqualTo("title.de");
                });
        assertThat(problems(VALID.replace("title: \"Two sites\"", "title: {en: \"Two sites\", fr: \"\"}")))
                .anySatisfy(p -> {
                    assertThat(p.path()).isEqualTo("title.fr");
                    assertThat(p.message()).contains("expected one non-empty line");
                });
        assertThat(problems(VALID.replace("title: \"Two sites\"", "title: {}")))
                .anySatisfy(p -> assertThat(p.message()).contains("a text per language (en, fr)"));
    }

    @Test
    @DisplayName("an unknown key is reported with its line, its path and a 'did you mean'")
    void unknownKey() {
        List<Problem> problems = problems(VALID.replace("requests_per_day:", "requests_per_dya:"));
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("s.yaml");
            assertThat(p.line()).isEqualTo(31);
            assertThat(p.path()).isEqualTo("workload.requests_per_dya");
            assertThat(p.message()).contains("did you mean 'requests_per_day'");
        });
        // the key it replaced is now missing, reported too
        assertThat(problems)
                .anySatisfy(p -> assertThat(p.message()).contains("missing required key 'requests_per_day'"));
    }

    @Test
    @DisplayName("every mistake of a file is reported in one pass, each with file:line: path: expected, found")
    void allProblemsAtOnce() {
        String yaml = VALID.replace("pue: 1.2,", "pue: 0.9,")
                .replace("share: 0.6", "share: 0.5")
                .replace("region: US-TX", "region: US-XX")
                .replace("tick: 5m", "tick: five")
                .replace("mix: {text: 0.9, image: 0.1}", "mix: {text: 0.9, video: 0.1}")
                .replace("wue_l_per_kwh: 1.0", "wue_l_per_kwh: \"lots\"");
        List<Problem> problems = problems(yaml);
        assertThat(problems)
                .extracting(Problem::toString)
                .contains(
                        "s.yaml:20: datacentres.paris-1.pue: expected a PUE >= 1.0 (facility energy / IT energy), found 0.9",
                        "s.yaml:9: clock.tick: expected a duration such as 30s, 5m, 1h, 1d, 7d or 1y, found 'five'",
                        "s.yaml:24: datacentres.austin-1.wue_l_per_kwh: expected a number, found the text \"lots\"");
        assertThat(problems)
                .anySatisfy(
                        p -> assertThat(p.toString())
                                .startsWith(
                                        "s.yaml:22: datacentres.austin-1.region: expected a region defined under 'regions' (FR, US-TX), found 'US-XX'"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p.toString())
                        .startsWith("s.yaml:35: workload.mix.video: expected a kind defined under 'kinds'"));
        assertThat(problems.size()).isGreaterThanOrEqualTo(5);
    }

    @Test
    @DisplayName("shares must sum to 1, ids must be unique, the clock must move forward")
    void consistency() {
        assertThat(problems(VALID.replace("share: 0.6", "share: 0.7")))
                .extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).startsWith("expected the data centres' shares to sum to 1, found 1.1"));
        assertThat(problems(VALID.replace("id: austin-1", "id: paris-1")))
                .extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).contains("unique id").contains("paris-1"));
        assertThat(problems(VALID.replace("end: 2025-03-03T00:00:00Z", "end: 2025-02-01T00:00:00Z")))
                .extracting(Problem::path)
                .contains("clock.end");
        assertThat(problems(VALID.replace("tick: 5m", "tick: 3d")))
                .extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).startsWith("expected a tick no longer than the run"));
        assertThat(problems(VALID.replace("mix: {text: 0.9, image: 0.1}", "mix: {text: 0.9, image: 0.2}")))
                .extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).startsWith("expected shares of requests by kind that sum to 1"));
    }

    @Test
    @DisplayName("a YAML syntax error names its line")
    void syntaxError() {
        List<Problem> problems = problems("name: x\ntitle: \"open\nseed: 1\n");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).line()).isGreaterThan(1);
        assertThat(problems.get(0).message()).startsWith("not valid YAML");
    }

    @Test
    @DisplayName("type tags and 'billion laughs' alias bombs are refused quickly")
    void unsafeYaml() {
        assertThat(problems(VALID.replace("name: demo", "name: !!java.lang.Runtime demo")))
                .extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).startsWith("type tags are not allowed"));
        StringBuilder bomb =
                new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            bomb.append(c)
                    .append(": &")
                    .append(c)
                    .append(" [*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append(",*")
                    .append(p)
                    .append("]\n");
        }
        long start = System.nanoTime();
        List<Problem> problems = problems(bomb.toString());
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).message()).containsIgnoringCase("alias");
    }

    @Test
    @DisplayName("a missing file is one problem naming the file")
    void missingFile() {
        assertThatThrownBy(() -> ScenarioLoader.load(Path.of("no/such/scenario.yaml")))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("no/such/scenario.yaml")
                .hasMessageContaining("no such file");
    }

    @Test
    @DisplayName(
            "room.targets: the ceilings of ./rebound room in the file's order; none by default; fixed during a run")
    void roomTargets() throws Exception {
        assertThat(ScenarioLoader.parse(VALID, "s.yaml").roomTargets()).isEmpty();
        Scenario scenario =
                ScenarioLoader.parse(VALID + "room:\n  targets: {water_l: 2e4, co2e_kg: 1_500}\n", "s.yaml");
        assertThat(scenario.roomTargets())
                .containsExactly(java.util.Map.entry("water_l", 20_000.0), java.util.Map.entry("co2e_kg", 1_500.0));
        assertThatThrownBy(() -> ScenarioLoader.stateAfter(
                        scenario.text(),
                        List.of(new ScenarioChange(
                                scenario.clock().start(),
                                java.util.Map.of("room.targets.co2e_kg", "1"),
                                "",
                                "live change")),
                        true))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("room.targets.co2e_kg: expected a path to a value that may change during a run");
    }
}
