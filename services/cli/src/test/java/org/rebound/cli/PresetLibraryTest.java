package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rebound.domain.impact.Climate;
import org.rebound.domain.presets.Presets;
import org.rebound.domain.presets.RegionPreset;
import org.rebound.domain.scenario.Arrival;
import org.rebound.domain.scenario.Cooling;
import org.rebound.domain.scenario.DataCentre;
import org.rebound.domain.scenario.Kind;
import org.rebound.domain.scenario.Region;
import org.rebound.domain.scenario.SafetyLimits;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioException;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.domain.scenario.TimelineEvent;
import org.rebound.domain.scenario.Weather;

/**
 * The preset library in the repository's {@code scenarios/} folder: every file loads, says what it
 * is about (a title, facilitator notes) and is named after its file; and each preset's story holds
 * in its numbers, checked without a broker (the arithmetic of docs/impact-model.md on central values).
 */
@DisplayName("preset scenario library")
class PresetLibraryTest {

    /** The tests run with services/cli as the working directory. */
    private static final Path LIBRARY = Path.of("../../scenarios");

    static List<Path> presets() throws IOException {
        try (Stream<Path> files = Files.list(LIBRARY)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
    }

    private static Scenario load(String name) throws ScenarioException {
        return ScenarioLoader.load(LIBRARY.resolve(name + ".yaml"));
    }

    /** The scenario as it stands after its last timeline change (the scenario itself if it has none). */
    private static Scenario last(Scenario scenario) {
        List<TimelineEvent> timeline = scenario.timeline();
        return timeline.isEmpty() ? scenario : timeline.get(timeline.size() - 1).state();
    }

    /** Central IT energy of an average request: Σ mix_k × energy_wh_k × energy_factor_k (elasticity 0). */
    private static double itWhPerRequest(Scenario state) {
        double wh = 0;
        for (Map.Entry<String, Double> share : state.workload().mix().entrySet()) {
            Kind kind = state.kinds().get(share.getKey());
            wh += share.getValue() * kind.energyWh().central() * kind.energyFactor();
        }
        return wh;
    }

    @Test
    @DisplayName("the library holds the shipped presets")
    void holdsThePresets() throws IOException {
        assertThat(presets())
                .extracting(p -> p.getFileName().toString())
                .contains(
                        "quickstart.yaml",
                        "jevons-paradox.yaml",
                        "chatgpt-jan-2023.yaml",
                        "france-vs-virginia.yaml",
                        "image-and-video-boom.yaml",
                        "reasoning-agents.yaml",
                        "frugal-ai.yaml",
                        "training-vs-inference.yaml",
                        "water-stress.yaml",
                        "global-year.yaml",
                        "model-size.yaml",
                        "overbuilt-fleet.yaml",
                        "reasoning-by-default.yaml",
                        "heatwave.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    @DisplayName("loads, is named after its file, has a one-line title and facilitator notes")
    void everyPresetIsComplete(Path file) throws ScenarioException {
        Scenario scenario = ScenarioLoader.load(file);

        assertThat(scenario.name()).isEqualTo(file.getFileName().toString().replaceFirst("\\.yaml$", ""));
        assertThat(scenario.title()).isNotBlank().doesNotContain("\n");
        assertThat(scenario.narrative()).as("narrative of %s", file).isNotBlank();
        assertThat(scenario.narrative()
                        .strip()
                        .lines()
                        .filter(l -> !l.isBlank())
                        .count())
                .as("lines of facilitator notes in %s", file)
                .isGreaterThanOrEqualTo(3);
    }

    @Nested
    @DisplayName("each preset's story holds in its numbers")
    class Stories {

        @Test
        @DisplayName(
                "france-vs-virginia: identical data centres, grids at least 5x apart in carbon, Paris's grid not lower in water")
        void franceVsVirginia() throws ScenarioException {
            Scenario s = load("france-vs-virginia");
            Region fr = s.regions().get("FR");
            Region va = s.regions().get("US-VA");

            assertThat(va.carbonGPerKwh().central() / fr.carbonGPerKwh().central())
                    .isGreaterThanOrEqualTo(5);
            assertThat(fr.waterLPerKwh().central())
                    .isGreaterThan(va.waterLPerKwh().central());
            assertThat(s.datacentres())
                    .hasSize(2)
                    .extracting(DataCentre::region)
                    .containsExactlyInAnyOrder("FR", "US-VA");
            DataCentre a = s.datacentres().get(0);
            DataCentre b = s.datacentres().get(1);
            assertThat(List.of(a.pue(), a.wueLPerKwh(), a.embodiedGPerKwh(), a.share()))
                    .as("only the region differs")
                    .isEqualTo(List.of(b.pue(), b.wueLPerKwh(), b.embodiedGPerKwh(), b.share()));
        }

        @Test
        @DisplayName("image-and-video-boom: no kind gets dearer, yet the average request costs over 3x more at the end")
        void imageAndVideoBoom() throws ScenarioException {
            Scenario s = load("image-and-video-boom");
            assertThat(s.timeline()).isNotEmpty();
            assertThat(s.workload().elasticity()).isZero();
            for (TimelineEvent event : s.timeline()) {
                event.state()
                        .kinds()
                        .values()
                        .forEach(k -> assertThat(k.energyFactor())
                                .as("%s at %s", k.name(), event.at())
                                .isLessThanOrEqualTo(1));
            }
            double first = itWhPerRequest(s);
            double end = itWhPerRequest(last(s));
            assertThat(end).isGreaterThan(3 * first);
            assertThat(last(s).workload().mix().get("text"))
                    .isLessThan(s.workload().mix().get("text"));
        }

        @Test
        @DisplayName(
                "reasoning-agents: one request in a million is a frontier task and carries a third of the energy; 15 % reasoning, about 60 %")
        void reasoningAgents() throws ScenarioException {
            Scenario end = last(load("reasoning-agents"));
            Kind frontier = end.kinds().get("frontier-task");
            // 1,785 kWh of facility energy (seed, impact-data.md §2) / PUE 1.10 = 1,623 kWh of IT energy (§9)
            assertThat(frontier.energyWh().central()).isEqualTo(1_623_000);
            assertThat(frontier.energyWh().central()
                            * end.datacentres().get(0).pue().central()
                            / 1000)
                    .isCloseTo(1_785, within(1.0));
            double share = end.workload().mix().get("frontier-task");
            assertThat(share).isPositive().isLessThanOrEqualTo(1e-6);
            double frontierWh = share * frontier.energyWh().central() * frontier.energyFactor();
            // By hand, last quarter: 1e-6 × 1,623,000 = 1.623 Wh; reasoning 0.15 × 19.8 = 2.97 Wh; text 0.849999 × 0.22
            // = 0.187 Wh; total 4.780 Wh: frontier 33.95 %, reasoning 62.13 % (the narrative's "a third", "about 60
            // %").
            assertThat(itWhPerRequest(end)).isCloseTo(4.780, within(0.001));
            assertThat(frontierWh / itWhPerRequest(end)).isCloseTo(0.3395, within(0.001));
            double reasoningWh = end.workload().mix().get("reasoning")
                    * end.kinds().get("reasoning").energyWh().central();
            assertThat(reasoningWh / itWhPerRequest(end)).isCloseTo(0.6213, within(0.001));
        }

        @Test
        @DisplayName(
                "reasoning-by-default: thinking tokens multiply the energy per answer about tenfold (the token ratio;"
                        + " ML.ENERGY measured 25x, a floor)")
        void reasoningByDefault() throws ScenarioException {
            Scenario s = load("reasoning-by-default");
            double plain = itWhPerRequest(s);
            double thinking = itWhPerRequest(last(s));
            assertThat(thinking / plain).isBetween(9.0, 10.5).isLessThan(25);
            assertThat(s.workload().elasticity()).isZero();
        }

        @Test
        @DisplayName("overbuilt-fleet: the fleet is sized for the evening peak (under 1), idles at night (under 0.3),"
                + " and the peak outgrows it once answers take half the time and demand responds")
        void overbuiltFleet() throws ScenarioException {
            Scenario s = load("overbuilt-fleet");
            org.rebound.domain.scenario.Capacity fleet = s.datacentres().get(0).capacity();
            double[] profile = org.rebound.domain.scenario.Profiles.DEMAND_DAILY.get("evening");
            double peak = java.util.Arrays.stream(profile).max().orElseThrow();
            double night = java.util.Arrays.stream(profile).min().orElseThrow();
            double perHour = s.workload().requestsPerDay() / 24;
            java.util.function.DoubleUnaryOperator utilisation = multiplier -> {
                Kind text = s.kinds().get("text");
                return perHour * multiplier / fleet.rate(text) / fleet.servers();
            };
            assertThat(utilisation.applyAsDouble(peak)).isBetween(0.9, 1.0);
            assertThat(utilisation.applyAsDouble(night)).isLessThan(0.3);
            Scenario after = last(s);
            Kind faster = after.kinds().get("text");
            double induced = Math.pow(faster.energyFactor(), -after.workload().elasticity());
            assertThat(perHour * induced * peak / fleet.rate(faster) / fleet.servers())
                    .isGreaterThan(1);
            assertThat(fleet.buildOut()).isNotNull();
        }

        @Test
        @DisplayName(
                "frugal-ai: the small model is 5-40x cheaper than text, demand is inelastic and Wh per request falls by over 40 %")
        void frugalAi() throws ScenarioException {
            Scenario s = load("frugal-ai");
            double text = s.kinds().get("text").energyWh().central();
            double small = s.kinds().get("small-model").energyWh().central();
            assertThat(text / small).isBetween(5.0, 40.0);
            assertThat(s.workload().elasticity()).isZero();
            assertThat(itWhPerRequest(last(s))).isLessThan(0.6 * itWhPerRequest(s));
        }

        @Test
        @DisplayName(
                "model-size: the same answers cost 1.29x more on a 235B mixture of experts, 7.4x less on an 8B model, and reasoning gives back 5x")
        void modelSize() throws ScenarioException {
            Scenario s = load("model-size");
            assertThat(s.timeline()).hasSize(3);
            double medium = s.kinds().get("answer").energyWh().central();
            double moe =
                    s.timeline().get(0).state().kinds().get("answer").energyWh().central();
            double small =
                    s.timeline().get(1).state().kinds().get("answer").energyWh().central();
            double thinking =
                    s.timeline().get(2).state().kinds().get("answer").energyWh().central();
            // By hand (EcoLogits, docs/impact-model.md): 70B 4 GPUs 0.2746 Wh; 22B of 235B, 8 GPUs, 0.3543 Wh;
            // 8B 1 GPU 0.0372 Wh; 8B with 2,500 generated tokens 0.1858 Wh
            assertThat(medium).isCloseTo(0.2746, within(1e-4));
            assertThat(moe).isCloseTo(0.3543, within(1e-4));
            assertThat(small).isCloseTo(0.0372, within(1e-4));
            assertThat(thinking).isCloseTo(0.1858, within(1e-4));
            assertThat(medium / small).as("the seed's frugal AI: 5-40x").isBetween(5.0, 40.0);
            assertThat(s.workload().elasticity()).isZero();
            assertThat(last(s).workload().requestsPerDay())
                    .isEqualTo(s.workload().requestsPerDay());
        }

        @Test
        @DisplayName(
                "training-vs-inference: GPT-3's 1,287 MWh, overtaken by inference after 200-600 M requests, on the second day at chatgpt-jan-2023's volume")
        void trainingVsInference() throws ScenarioException {
            Scenario s = load("training-vs-inference");
            assertThat(s.training()).isNotNull();
            assertThat(s.training().energyMwh().central()).isEqualTo(1287);
            Region grid = s.regions().get(s.training().region());
            double trainingG = s.training().energyMwh().central()
                    * 1000
                    * grid.carbonGPerKwh().central();
            assertThat(trainingG / 1e6).isCloseTo(552, within(1.0)); // tCO2e, Patterson et al. via the seed module

            DataCentre dc = s.datacentres().get(0);
            Region dcGrid = s.regionOf(dc);
            double whPerRequest = itWhPerRequest(s);
            double gPerRequest = whPerRequest
                    / 1000
                    * (dc.pue().central() * dcGrid.carbonGPerKwh().central()
                            + dc.embodiedGPerKwh().central());
            double crossoverRequests = trainingG / gPerRequest;
            assertThat(crossoverRequests)
                    .as("Luccioni's 200-600 M uses (seed module)")
                    .isBetween(2e8, 6e8);

            // expected requests of the run, day by day (growth at each day's middle)
            long start = s.clock().start().toEpochMilli();
            double cumulative = 0;
            Instant crossover = null;
            for (Instant day = s.clock().start(); day.isBefore(s.clock().end()); day = day.plus(Duration.ofDays(1))) {
                long middle = day.toEpochMilli() + Duration.ofHours(12).toMillis();
                cumulative += s.workload().requestsPerDay()
                        * s.workload()
                                .growth()
                                .multiplier(middle, start, s.workload().requestsPerDay());
                if (crossover == null && cumulative >= crossoverRequests) {
                    crossover = day;
                }
            }
            assertThat(crossover)
                    .as("inference overtakes training within the run")
                    .isNotNull();
            // 4 Wh × 1.17 × 429 g/kWh = 2.00772 g per request; 552.123 t / 2.00772 g = 275.0 M requests; at 161.29 M a
            // day
            // the cumulative count passes it during the second day (2 January 2023).
            assertThat(crossover).as("day of the crossover").isEqualTo(Instant.parse("2023-01-02T00:00:00Z"));
            // 360 days × 1.6129032e8 × 2.00772 g = 116,577 t, 211x the training
            assertThat(cumulative * gPerRequest / trainingG)
                    .as("inference / training at the end")
                    .isCloseTo(211.1, within(0.1));

            // the same volume as chatgpt-jan-2023 (back-solved from the seed's 10,113 t for January 2023)
            assertThat(s.workload().requestsPerDay())
                    .isEqualTo(load("chatgpt-jan-2023").workload().requestsPerDay());
        }

        @Test
        @DisplayName(
                "global-year: a year of 5-minute ticks, ≥ 20 data centres on ≥ 10 preset grids, four kinds, ≥ 8.4 M cells, > 10^12 requests")
        void globalYear() throws ScenarioException {
            Scenario s = load("global-year");
            assertThat(s.clock().start()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
            assertThat(s.clock().end()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
            assertThat(s.clock().tick()).isEqualTo(Duration.ofMinutes(5));
            assertThat(s.clock().isMaxSpeed()).isTrue();
            assertThat(s.clock().period()).isEqualTo(Duration.ofDays(91));
            assertThat(s.workload().arrival()).isEqualTo(Arrival.POISSON);

            // real grids, each with its preset's sourced numbers (impact-data.md §4); the WORLD average is not a place
            assertThat(s.regions()).hasSizeGreaterThanOrEqualTo(10).doesNotContainKey("WORLD");
            s.regions().values().forEach(r -> {
                RegionPreset preset =
                        Presets.region(r.code()).orElseThrow(() -> new AssertionError("no preset for " + r.code()));
                assertThat(r.carbonGPerKwh()).as(r.code()).isEqualTo(preset.carbonGPerKwh());
                assertThat(r.waterLPerKwh()).as(r.code()).isEqualTo(preset.waterLPerKwh());
            });
            assertThat(s.datacentres()).hasSizeGreaterThanOrEqualTo(20);
            assertThat(s.datacentres())
                    .extracting(DataCentre::region)
                    .containsAll(s.regions().keySet());
            assertThat(s.kinds().keySet()).containsExactlyInAnyOrder("text", "image", "video", "reasoning");
            s.kinds()
                    .values()
                    .forEach(k -> assertThat(k.energyWh())
                            .as(k.name())
                            .isEqualTo(Presets.kind(k.name()).orElseThrow().energyWh()));

            // shares by world region: IEA Energy and AI 2025, data-centre electricity 2024 (US 183, China 102, Europe
            // 68,
            // rest of Asia 48 TWh), the rest of the world spread in proportion
            Map<String, Double> byWorldRegion = new java.util.TreeMap<>();
            s.datacentres()
                    .forEach(dc -> byWorldRegion.merge(
                            switch (dc.region()) {
                                case "US", "US-VA", "US-TX" -> "US";
                                case "CN" -> "CN";
                                case "SG", "IN" -> "Asia";
                                default -> "Europe";
                            },
                            dc.share(),
                            Double::sum));
            assertThat(byWorldRegion.get("US")).isCloseTo(183.0 / 401, within(0.005));
            assertThat(byWorldRegion.get("CN")).isCloseTo(102.0 / 401, within(0.005));
            assertThat(byWorldRegion.get("Europe")).isCloseTo(68.0 / 401, within(0.005));
            assertThat(byWorldRegion.get("Asia")).isCloseTo(48.0 / 401, within(0.005));

            long ticks = Duration.between(s.clock().start(), s.clock().end())
                    .dividedBy(s.clock().tick());
            assertThat(ticks).isEqualTo(105_120);
            long cells = ticks * s.datacentres().size() * s.kinds().size();
            assertThat(cells).as("data centre × kind × tick cells").isGreaterThanOrEqualTo(20L * 4 * 105_120);

            // ≈2.5 billion a day at the start (OpenAI, mid-2025, impact-data.md §6), within the live-change safety
            // limit
            assertThat(s.workload().requestsPerDay())
                    .isEqualTo(2.5e9)
                    .isLessThanOrEqualTo(SafetyLimits.MAX_REQUESTS_PER_DAY);
            // expected requests over the year, tick by tick, growth at each tick's middle (the profiles have mean 1)
            long start = s.clock().start().toEpochMilli();
            long tickMs = s.clock().tick().toMillis();
            double expected = 0;
            for (long i = 0; i < ticks; i++) {
                long middle = start + i * tickMs + tickMs / 2;
                expected += s.workload().requestsPerDay()
                        * tickMs
                        / 86_400_000.0
                        * s.workload()
                                .growth()
                                .multiplier(middle, start, s.workload().requestsPerDay());
            }
            assertThat(expected)
                    .as("expected requests over the year")
                    .isGreaterThan(1e12)
                    .isCloseTo(1.316e12, within(0.001e12));
            // an energy per request that does not move: the story is growth
            assertThat(s.timeline()).isEmpty();
            assertThat(s.workload().elasticity()).isZero();
        }

        @Test
        @DisplayName(
                "water-stress: its cooling follows Austin's weather; over a year its PUE and WUE average impact-data's"
                        + " 1.10 and 0.55, and its heatwaves (+4 °C) fall in summer only")
        void waterStress() throws ScenarioException {
            Scenario s = load("water-stress");
            assertThat(s.clock().period()).isEqualTo(Duration.ofDays(30));
            assertThat(Duration.between(s.clock().start(), s.clock().end()).toDays())
                    .isGreaterThanOrEqualTo(360);
            DataCentre dc = s.datacentres().get(0);
            Weather weather = s.regionOf(dc).weather();
            // the year's means at the normals (no anomaly), hour by hour (impact-data.md §3: 1.10 and 0.55)
            double excess = yearMeanExcess(weather, s.regionOf(dc).utcOffsetHours(), dc.cooling());
            assertThat(dc.pue().central() + dc.cooling().puePerC() * excess).isCloseTo(1.10, within(0.005));
            assertThat(dc.wueLPerKwh().central() + dc.cooling().wuePerC() * excess)
                    .isCloseTo(0.55, within(0.01));
            assertThat(s.timeline()).isNotEmpty();
            for (TimelineEvent event : s.timeline()) {
                double anomaly = event.state().regionOf(dc).weather().anomalyC();
                if (anomaly != 0) {
                    assertThat(event.at().atZone(ZoneOffset.UTC).getMonthValue())
                            .as("a heatwave outside summer at %s", event.at())
                            .isBetween(6, 8);
                    assertThat(anomaly).isEqualTo(4);
                }
            }
            assertThat(last(s).regionOf(dc).weather().anomalyC()).isZero();
        }

        @Test
        @DisplayName("heatwave: the same weather for both sites; in July the tower site's on-site WUE is 5x-10x the"
                + " hyperscale's, and the heatwave lies inside July")
        void heatwave() throws ScenarioException {
            Scenario s = load("heatwave");
            assertThat(s.datacentres()).hasSize(2);
            DataCentre hyperscale = s.datacentres().get(0);
            DataCentre towers = s.datacentres().get(1);
            assertThat(hyperscale.region()).isEqualTo(towers.region());
            Weather weather = s.regionOf(hyperscale).weather();
            double offset = s.regionOf(hyperscale).utcOffsetHours();
            long start = s.clock().start().toEpochMilli();
            long length = Duration.between(s.clock().start(), s.clock().end()).toMillis();
            Climate.Tick july = Climate.over(weather, hyperscale.cooling(), offset, start, length);
            Climate.Tick julyTowers = Climate.over(weather, towers.cooling(), offset, start, length);
            double wueHyperscale =
                    hyperscale.wueLPerKwh().central() + hyperscale.cooling().wuePerC() * july.excessC();
            double wueTowers = towers.wueLPerKwh().central() + towers.cooling().wuePerC() * julyTowers.excessC();
            assertThat(wueTowers / wueHyperscale).isBetween(5.0, 10.0);
            // the same site as water-stress
            DataCentre waterStress = load("water-stress").datacentres().get(0);
            assertThat(hyperscale.cooling()).isEqualTo(waterStress.cooling());
            assertThat(hyperscale.pue()).isEqualTo(waterStress.pue());
            assertThat(s.timeline())
                    .extracting(TimelineEvent::at)
                    .allSatisfy(at -> assertThat(at)
                            .isAfter(s.clock().start())
                            .isBefore(s.clock().end()));
            assertThat(last(s).regionOf(hyperscale).weather().anomalyC()).isZero();
        }

        /** The mean excess over the cooling's threshold over 2025, hour by hour. */
        private static double yearMeanExcess(Weather weather, double offset, Cooling cooling) {
            long start = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
            return Climate.over(
                            weather,
                            cooling,
                            offset,
                            start,
                            Duration.ofDays(365).toMillis())
                    .excessC();
        }
    }
}
