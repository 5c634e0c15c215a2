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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rebound.domain.Range;

/**
 * Strict validation, one rule at a time. Every problem is asserted as the person reads it,
 * {@code file:line: path: message}, with the line counted by hand in {@link #BASE}.
 */
@DisplayName("scenario validation")
class ScenarioValidationTest {

    /** Line numbers on the right are what the assertions below rely on. */
    static final String BASE = """
            name: demo
            title: "Rebound in one week"
            clock:
              start: 2025-03-01T00:00:00Z
              end: 2025-03-08T00:00:00Z
              tick: 1h
            regions:
              FR:
                carbon_g_per_kwh: 56
                water_l_per_kwh: 3.67
                utc_offset_hours: 1
              US-VA:
                carbon_g_per_kwh: {low: 322, central: 380, high: 411}
                water_l_per_kwh: 3.13
                daily_profile: solar
                utc_offset_hours: -5
            datacentres:
              - id: paris-1
                region: FR
                pue: 1.1
                wue_l_per_kwh: 0.55
                share: 0.25
              - id: ashburn-1
                region: US-VA
                pue: {low: 1.08, central: 1.1, high: 1.2}
                wue_l_per_kwh: 0.55
                embodied_g_per_kwh: 120
                share: 0.75
            kinds:
              text:
                energy_wh: {low: 0.04, central: 0.25, high: 4}
                source: "Google 2025 median prompt"
              image:
                energy_wh: 2.9
                energy_factor: 0.5
            workload:
              requests_per_day: 2e6
              daily_profile: office
              weekly_profile: [1.2, 1.2, 1.2, 1.2, 1.2, 0.5, 0.5]
              mix: {image: 0.1, text: 0.9}
            """;
    // lines: 1 name, 4-6 clock, 9-11 FR, 13 US-VA carbon, 18-22 paris-1, 23-28 ashburn-1,
    // 31-32 text, 34-35 image, 37 requests_per_day, 38 daily_profile, 39 weekly_profile, 40 mix

    /** BASE with one text replaced; fails when the text is absent, so no test passes by accident. */
    private static String base(String... replacements) {
        String yaml = BASE;
        for (int i = 0; i < replacements.length; i += 2) {
            assertThat(yaml).as("test setup").contains(replacements[i]);
            yaml = yaml.replace(replacements[i], replacements[i + 1]);
        }
        return yaml;
    }

    private static List<String> problems(String yaml) {
        try {
            ScenarioLoader.parse(yaml, "s.yaml");
        } catch (ScenarioException e) {
            assertThat(e.getMessage())
                    .as("the exception's message lists every problem")
                    .isEqualTo(String.join(
                            "\n", e.problems().stream().map(Problem::toString).toList()));
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("expected the scenario to be rejected");
    }

    @Test
    @DisplayName("a valid file gives its values in file order, with every default filled in")
    void validWithDefaults() throws Exception {
        Scenario s = ScenarioLoader.parse(BASE, "s.yaml");

        assertThat(s.name()).isEqualTo("demo");
        assertThat(s.title()).isEqualTo("Rebound in one week");
        assertThat(s.seed()).as("default seed").isEqualTo(1);
        assertThat(s.clock().start()).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(s.clock().end()).isEqualTo(Instant.parse("2025-03-08T00:00:00Z"));
        assertThat(s.clock().tick()).isEqualTo(Duration.ofHours(1));
        assertThat(s.clock().isMaxSpeed()).as("default speed").isTrue();
        assertThat(s.clock().period()).as("default period: the whole run").isEqualTo(Duration.ofDays(7));

        assertThat(s.regions()).containsOnlyKeys("FR", "US-VA");
        assertThat(s.regions().keySet()).containsExactly("FR", "US-VA");
        Region fr = s.regions().get("FR");
        assertThat(fr.carbonGPerKwh()).isEqualTo(new Range(56, 56, 56));
        assertThat(fr.dailyProfile()).hasSize(24).containsOnly(1.0);
        assertThat(fr.carbonChangePerYear()).isZero();
        Region va = s.regions().get("US-VA");
        assertThat(va.carbonGPerKwh()).isEqualTo(new Range(322, 380, 411));
        assertThat(va.utcOffsetHours()).isEqualTo(-5);
        assertThat(va.dailyProfile()).containsExactly(Profiles.GRID_DAILY.get("solar"));

        assertThat(s.datacentres()).extracting(DataCentre::id).containsExactly("paris-1", "ashburn-1");
        DataCentre paris = s.datacentres().get(0);
        assertThat(paris.pue()).isEqualTo(new Range(1.1, 1.1, 1.1));
        // impact-data.md §3 "embodied per IT kWh": 90 g/kWh, 45-180
        assertThat(paris.embodiedGPerKwh()).isEqualTo(new Range(45, 90, 180));
        assertThat(paris.share()).isEqualTo(0.25);
        assertThat(s.datacentres().get(1).embodiedGPerKwh()).isEqualTo(new Range(120, 120, 120));
        assertThat(s.datacentres().get(1).pue()).isEqualTo(new Range(1.08, 1.1, 1.2));

        assertThat(s.kinds().keySet()).containsExactly("text", "image");
        assertThat(s.kinds().get("text").energyFactor())
                .as("default energy factor")
                .isEqualTo(1.0);
        assertThat(s.kinds().get("text").source()).isEqualTo("Google 2025 median prompt");
        assertThat(s.kinds().get("image").energyWh()).isEqualTo(new Range(2.9, 2.9, 2.9));
        assertThat(s.kinds().get("image").energyFactor()).isEqualTo(0.5);

        assertThat(s.workload().requestsPerDay()).isEqualTo(2_000_000);
        assertThat(s.workload().arrival()).as("default arrival").isEqualTo(Arrival.POISSON);
        assertThat(s.workload().dailyProfile()).containsExactly(Profiles.DEMAND_DAILY.get("office"));
        assertThat(s.workload().weeklyProfile()).containsExactly(1.2, 1.2, 1.2, 1.2, 1.2, 0.5, 0.5);
        assertThat(s.workload().mix().keySet()).as("file order").containsExactly("image", "text");
        assertThat(s.workload().mix()).containsEntry("image", 0.1).containsEntry("text", 0.9);
    }

    @Test
    @DisplayName("the collections of a scenario cannot be changed after validation")
    void unmodifiable() throws Exception {
        Scenario s = ScenarioLoader.parse(BASE, "s.yaml");
        assertThatThrownBy(() -> s.regions().remove("FR")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.datacentres().remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.kinds().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.workload().mix().put("video", 0.5))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName(
            "numbers may be written 1.0e6, 2e6, 1_000_000 or as integers; speeds and durations in their short forms")
    void notations() throws Exception {
        assertThat(ScenarioLoader.parse(base("requests_per_day: 2e6", "requests_per_day: 1.0e6"), "s.yaml")
                        .workload()
                        .requestsPerDay())
                .isEqualTo(1e6);
        assertThat(ScenarioLoader.parse(base("requests_per_day: 2e6", "requests_per_day: 1_000_000"), "s.yaml")
                        .workload()
                        .requestsPerDay())
                .isEqualTo(1e6);
        assertThat(ScenarioLoader.parse(base("requests_per_day: 2e6", "requests_per_day: 1500"), "s.yaml")
                        .workload()
                        .requestsPerDay())
                .isEqualTo(1500);

        Clock clock = ScenarioLoader.parse(base("tick: 1h", "tick: 1d\n  speed: 30d/s\n  period: 1w"), "s.yaml")
                .clock();
        assertThat(clock.tick()).isEqualTo(Duration.ofDays(1));
        assertThat(clock.speedSimulatedPerWallSecond()).isEqualTo(30 * 86_400.0);
        assertThat(clock.period()).isEqualTo(Duration.ofDays(7));
        assertThat(ScenarioLoader.parse(base("tick: 1h", "tick: 1h\n  speed: 1h/s"), "s.yaml")
                        .clock()
                        .speedSimulatedPerWallSecond())
                .isEqualTo(3600);
        assertThat(ScenarioLoader.parse(base("tick: 1h", "tick: 1h\n  speed: max"), "s.yaml")
                        .clock()
                        .speedSimulatedPerWallSecond())
                .isEqualTo(Clock.MAX_SPEED);
        assertThat(ScenarioLoader.parse(base("name: demo", "name: demo\nseed: 42"), "s.yaml")
                        .seed())
                .isEqualTo(42);
    }

    @Test
    @DisplayName("a missing required key is reported at the line of the mapping that lacks it")
    void missingKeys() {
        assertThat(problems(base("title: \"Rebound in one week\"\n", "", "  tick: 1h\n", "", "    pue: 1.1\n", "")))
                .containsExactlyInAnyOrder(
                        "s.yaml:1: missing required key 'title'",
                        "s.yaml:3: clock: missing required key 'tick'",
                        "s.yaml:16: datacentres.paris-1: missing required key 'pue'");
    }

    @Test
    @DisplayName("a value of the wrong type says what was expected and what was found")
    void wrongTypes() {
        assertThat(problems(base(
                        "pue: 1.1\n", "pue: \"1.1\"\n",
                        "carbon_g_per_kwh: 56", "carbon_g_per_kwh: lots",
                        "mix: {image: 0.1, text: 0.9}", "mix: [image, text]",
                        "name: demo", "name: demo\nseed: abc")))
                .containsExactlyInAnyOrder(
                        "s.yaml:2: seed: expected an integer, found 'abc'",
                        "s.yaml:10: regions.FR.carbon_g_per_kwh: expected a number, found 'lots'",
                        "s.yaml:21: datacentres.paris-1.pue: expected a number, found the text \"1.1\"",
                        "s.yaml:41: workload.mix: expected a mapping of keys to values, found a list");
    }

    @Test
    @DisplayName("values out of their range are reported where they are written")
    void outOfRange() {
        assertThat(problems(base(
                        "pue: 1.1\n", "pue: 0.9\n",
                        "utc_offset_hours: 1", "utc_offset_hours: 15",
                        "energy_wh: 2.9", "energy_wh: 0",
                        "requests_per_day: 2e6", "requests_per_day: -5",
                        "embodied_g_per_kwh: 120", "embodied_g_per_kwh: -1",
                        "energy_factor: 0.5", "energy_factor: 0",
                        "share: 0.75", "share: 1.5")))
                .contains(
                        "s.yaml:11: regions.FR.utc_offset_hours: expected hours from -12 to 14, found 15.0",
                        "s.yaml:20: datacentres.paris-1.pue: expected a PUE >= 1.0 (facility energy / IT energy), found 0.9",
                        "s.yaml:27: datacentres.ashburn-1.embodied_g_per_kwh: expected gCO2e per kWh >= 0, found -1.0",
                        "s.yaml:28: datacentres.ashburn-1.share: expected a share of all traffic in (0, 1], found 1.5",
                        "s.yaml:34: kinds.image.energy_wh: expected Wh per request > 0, found 0.0",
                        "s.yaml:35: kinds.image.energy_factor: expected a multiplier > 0, found 0.0",
                        "s.yaml:37: workload.requests_per_day: expected a number of requests per day > 0, found -5.0");
    }

    @Test
    @DisplayName("a range needs low, central and high in that order")
    void ranges() {
        assertThat(problems(base(
                        "pue: {low: 1.08, central: 1.1, high: 1.2}", "pue: {low: 1.2, central: 1.1, high: 1.3}",
                        "{low: 322, central: 380, high: 411}", "{low: 322, high: 411}",
                        "{low: 0.04, central: 0.25, high: 4}", "{low: 0.04, centre: 0.25, high: 4}")))
                .containsExactlyInAnyOrder(
                        "s.yaml:13: regions.US-VA.carbon_g_per_kwh: missing required key 'central'",
                        "s.yaml:25: datacentres.ashburn-1.pue: expected low <= central <= high, found low 1.2, central 1.1, high 1.3",
                        "s.yaml:31: kinds.text.energy_wh.centre: unknown key 'centre' (did you mean 'central'?); expected one of: low, central, high",
                        "s.yaml:31: kinds.text.energy_wh: missing required key 'central'");
    }

    @Test
    @DisplayName("references must name a defined region or kind, ids and keys must be unique")
    void referencesAndUniqueness() {
        assertThat(problems(base(
                        "region: FR", "region: DE",
                        "id: ashburn-1", "id: paris-1",
                        "mix: {image: 0.1, text: 0.9}", "mix: {video: 0.1, text: 0.9}",
                        "    source: \"Google 2025 median prompt\"\n",
                                "    source: \"Google 2025 median prompt\"\n    source: again\n")))
                .containsExactlyInAnyOrder(
                        "s.yaml:19: datacentres.paris-1.region: expected a region defined under 'regions' (FR, US-VA), found 'DE'",
                        "s.yaml:23: datacentres.paris-1.id: expected a unique id, found 'paris-1' a second time",
                        "s.yaml:33: kinds.text.source: expected each key once, found 'source' again (first at line 32)",
                        "s.yaml:41: workload.mix.video: expected a kind defined under 'kinds' (text, image), found 'video'");
    }

    @Test
    @DisplayName("the shares of data centres and of the mix must each sum to 1")
    void sums() {
        assertThat(problems(base("share: 0.75", "share: 0.7")))
                .containsExactly("s.yaml:18: datacentres: expected the data centres' shares to sum to 1, found 0.95");
        assertThat(problems(base("mix: {image: 0.1, text: 0.9}", "mix: {image: 0.2, text: 0.9}")))
                .containsExactly(
                        "s.yaml:40: workload.mix: expected shares of requests by kind that sum to 1, found 1.1");
    }

    @Test
    @DisplayName("a data centre without a usable id is addressed by its index")
    void itemWithoutId() {
        assertThat(problems(base(
                        "  - id: paris-1\n    region: FR\n", "  - region: FR\n", "    pue: 1.1\n", "    pue: 0.5\n")))
                .containsExactlyInAnyOrder(
                        "s.yaml:18: datacentres[0]: missing required key 'id'",
                        "s.yaml:19: datacentres[0].pue: expected a PUE >= 1.0 (facility energy / IT energy), found 0.5");
    }

    @Test
    @DisplayName("every mistake of a file is reported in one pass, in whichever section it is")
    void allAtOnce() {
        assertThat(problems(base(
                        "tick: 1h", "tick: five",
                        "utc_offset_hours: 1", "utc_offset_hours: 15",
                        "pue: 1.1\n", "peu: 1.1\n",
                        "source: \"Google", "sorce: \"Google",
                        "weekly_profile: [1.2, 1.2, 1.2, 1.2, 1.2, 0.5, 0.5]", "weekly_profile: [1, 1, 1]",
                        "name: demo", "name: Demo_1\nfavourite_colour: blue")))
                .containsExactlyInAnyOrder(
                        "s.yaml:1: name: expected 1-64 characters among a-z, 0-9 and '-', found 'Demo_1'",
                        "s.yaml:2: favourite_colour: unknown key 'favourite_colour'; expected one of: name, title, narrative, seed, clock, regions, datacentres, kinds, workload, timeline, training, baseline, room",
                        "s.yaml:7: clock.tick: expected a duration such as 30s, 5m, 1h, 1d, 7d or 1y, found 'five'",
                        "s.yaml:12: regions.FR.utc_offset_hours: expected hours from -12 to 14, found 15.0",
                        "s.yaml:19: datacentres.paris-1: missing required key 'pue'",
                        "s.yaml:21: datacentres.paris-1.peu: unknown key 'peu' (did you mean 'pue'?); expected one of: id, region, pue, wue_l_per_kwh, embodied_g_per_kwh, share, capacity, cooling",
                        "s.yaml:33: kinds.text.sorce: unknown key 'sorce' (did you mean 'source'?); expected one of: energy_wh, model, tokens, image, video, source, energy_factor",
                        "s.yaml:40: workload.weekly_profile: expected flat | weekdays | 7 numbers with mean 1.0, found 3 numbers");
    }

    @Test
    @DisplayName("an unknown key close to a known one gets a 'did you mean'")
    void didYouMean() {
        assertThat(problems(base("requests_per_day:", "requests_per_dya:", "tick: 1h", "tik: 1h")))
                .containsExactlyInAnyOrder(
                        "s.yaml:4: clock: missing required key 'tick'",
                        "s.yaml:6: clock.tik: unknown key 'tik' (did you mean 'tick'?); expected one of: start, end, tick, speed, period",
                        "s.yaml:37: workload.requests_per_dya: unknown key 'requests_per_dya' (did you mean 'requests_per_day'?); "
                                + "expected one of: requests_per_day, arrival, daily_profile, weekly_profile, mix, growth, elasticity",
                        "s.yaml:37: workload: missing required key 'requests_per_day'");
    }

    @Test
    @DisplayName("the clock must run forward, with a tick no longer than the run")
    void clock() {
        assertThat(problems(base("end: 2025-03-08T00:00:00Z", "end: 2025-02-01T00:00:00Z")))
                .containsExactly(
                        "s.yaml:5: clock.end: expected an instant after clock.start (2025-03-01T00:00:00Z), found 2025-02-01T00:00:00Z");
        assertThat(problems(base("tick: 1h", "tick: 8d")))
                .containsExactly("s.yaml:6: clock.tick: expected a tick no longer than the run (7d), found 8d");
        assertThat(problems(base("tick: 1h", "tick: 0s")))
                .containsExactly(
                        "s.yaml:6: clock.tick: expected a duration such as 30s, 5m, 1h, 1d, 7d or 1y, found '0s'");
        assertThat(problems(base("start: 2025-03-01T00:00:00Z", "start: 2025-03-01")))
                .containsExactly(
                        "s.yaml:4: clock.start: expected an ISO-8601 instant in UTC such as 2025-03-01T00:00:00Z, found '2025-03-01'");
        assertThat(problems(base("tick: 1h", "tick: 1h\n  speed: fast")))
                .containsExactly(
                        "s.yaml:7: clock.speed: expected \"max\" or simulated time per second such as 1h/s or 30d/s, found 'fast'");
    }

    @ParameterizedTest(name = "pue: {0}")
    @ValueSource(strings = {"NaN", "Infinity", ".inf", ".nan", "0x10", "1.2f", "1e400", "1,2"})
    @DisplayName(
            "only YAML numbers count as numbers: NaN, infinities, hexadecimal and Java suffixes are refused, never dropped silently")
    void notNumbers(String written) {
        assertThat(problems(base("pue: 1.1\n", "pue: " + written + "\n")))
                .containsExactly("s.yaml:20: datacentres.paris-1.pue: expected a number, found '" + written + "'");
    }

    @Test
    @DisplayName("profiles are a name or 24 (daily) or 7 (weekly) multipliers with mean 1")
    void profileValues() throws Exception {
        String ramp =
                "[0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5]";
        assertThat(ScenarioLoader.parse(base("daily_profile: solar", "daily_profile: " + ramp), "s.yaml")
                        .regions()
                        .get("US-VA")
                        .dailyProfile())
                .hasSize(24)
                .startsWith(0.5)
                .endsWith(1.5);

        String tooHigh = "[" + String.join(", ", java.util.Collections.nCopies(24, "1.5")) + "]";
        assertThat(problems(base(
                        "daily_profile: office",
                        "daily_profile: " + tooHigh,
                        "daily_profile: solar",
                        "daily_profile: night")))
                .containsExactlyInAnyOrder(
                        "s.yaml:15: regions.US-VA.daily_profile: expected flat | solar | 24 numbers with mean 1.0, found 'night'",
                        "s.yaml:38: workload.daily_profile: expected 24 numbers with mean 1.0 (they shape the load, not its total), found mean 1.5");
    }

    @Test
    @DisplayName("named profiles: 24 or 7 values of mean 1, peaking when their names say")
    void namedProfiles() {
        double[] office = Profiles.DEMAND_DAILY.get("office");
        double[] evening = Profiles.DEMAND_DAILY.get("evening");
        double[] weekdays = Profiles.DEMAND_WEEKLY.get("weekdays");
        for (double[] daily :
                List.of(office, evening, Profiles.GRID_DAILY.get("solar"), Profiles.GRID_DAILY.get("flat"))) {
            assertThat(daily).hasSize(24);
            assertThat(Arrays.stream(daily).average().orElseThrow()).isCloseTo(1.0, within(1e-12));
        }
        assertThat(weekdays).hasSize(7);
        assertThat(Arrays.stream(weekdays).average().orElseThrow()).isCloseTo(1.0, within(1e-12));
        assertThat(argMax(office)).isBetween(9, 18);
        assertThat(argMax(evening)).isBetween(19, 23);
        assertThat(office[3]).isLessThan(office[12]);
        for (int weekday = 0; weekday < 5; weekday++) {
            assertThat(weekdays[weekday])
                    .isGreaterThan(1)
                    .isGreaterThan(weekdays[5])
                    .isGreaterThan(weekdays[6]);
        }
    }

    private static int argMax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            best = values[i] > values[best] ? i : best;
        }
        return best;
    }

    @Test
    @DisplayName("a YAML syntax error is one problem with the parser's words and the line it points at")
    void syntaxErrors() {
        assertThat(problems("name: demo\ntitle: t\nclock:\n\tstart: 2025-03-01T00:00:00Z\n"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p)
                            .startsWith(
                                    "s.yaml:4: not valid YAML: found character '\\t(TAB)' that cannot start any token");
                    assertThat(p).doesNotContain("\n");
                });
        assertThat(problems(
                        "name: demo\ntitle: t\nclock:\n  start: 2025-03-01T00:00:00Z\n end: 2025-03-02T00:00:00Z\n"))
                .containsExactly("s.yaml:5: not valid YAML: expected <block end>, but found '<block mapping start>'");
        assertThat(problems("")).containsExactly("s.yaml: is empty; expected a scenario (see docs/scenarios.md)");
    }

    @Test
    @DisplayName("only plain data: explicit type tags other than the standard scalar ones are refused")
    void tags() throws Exception {
        assertThat(problems(base("name: demo", "name: !custom demo")))
                .containsExactly("s.yaml:1: name: type tags are not allowed in scenario files, found '!custom'");
        assertThat(problems(base("title: \"Rebound in one week\"", "title: !!binary aGVsbG8=")))
                .containsExactly("s.yaml:2: title: type tags are not allowed in scenario files, found '!!binary'");
        Scenario s = ScenarioLoader.parse(
                base("name: demo", "name: !!str demo", "requests_per_day: 2e6", "requests_per_day: !!float 2e6"),
                "s.yaml");
        assertThat(s.name()).isEqualTo("demo");
        assertThat(s.workload().requestsPerDay()).isEqualTo(2e6);
    }

    @Test
    @DisplayName("a document larger than the limit is refused before it is parsed")
    void tooLarge() {
        String huge =
                base("name: demo", "name: demo\nnarrative: \"" + "x".repeat(ScenarioLoader.MAX_CODE_POINTS) + "\"");
        long start = System.nanoTime();
        assertThat(problems(huge)).containsExactly("s.yaml: is larger than 3 MiB; a scenario file is a few kilobytes");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(1);
    }

    @Test
    @DisplayName("a missing file or a directory is one problem naming the path, without a line")
    void missingFile(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere.yaml");
        assertThatThrownBy(() -> ScenarioLoader.load(missing)).isInstanceOfSatisfying(ScenarioException.class, e -> {
            assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.file()).isEqualTo(missing.toString());
                assertThat(p.line()).isZero();
                assertThat(p.message()).startsWith("no such file");
            });
        });
        assertThatThrownBy(() -> ScenarioLoader.load(dir))
                .isInstanceOfSatisfying(
                        ScenarioException.class,
                        e -> assertThat(e.problems())
                                .singleElement()
                                .extracting(Problem::toString)
                                .isEqualTo(dir + ": is a directory; expected a scenario file (YAML)"));
    }

    @Test
    @DisplayName("the shipped quickstart scenario is valid")
    void quickstart() throws Exception {
        Scenario s = ScenarioLoader.load(Path.of("../../scenarios/quickstart.yaml"));
        assertThat(s.name()).isEqualTo("quickstart");
        assertThat(s.datacentres()).extracting(DataCentre::share).containsExactly(0.5, 0.5);
    }
}
