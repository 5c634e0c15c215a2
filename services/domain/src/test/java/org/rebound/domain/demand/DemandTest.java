package org.rebound.domain.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rebound.domain.scenario.DataCentre;
import org.rebound.domain.scenario.Kind;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.domain.scenario.ScenarioOverride;

@DisplayName("demand")
class DemandTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "global-year.yaml",
                "quickstart.yaml",
                "jevons-paradox.yaml",
                "reasoning-agents.yaml",
                "france-vs-virginia.yaml"
            })
    @DisplayName(
            "a whole tick at once gives the format's expectation, cell by cell, tick after tick; expected() gives the same")
    void expectedAllIsExpected(String file) throws Exception {
        Path path = Path.of("../../scenarios").resolve(file);
        Scenario scenario = ScenarioLoader.load(path, List.of(ScenarioOverride.parse("workload.elasticity=0.7")));
        Demand demand = new Demand(scenario);
        Kind[] kinds = scenario.kinds().values().toArray(Kind[]::new);
        double[] all = new double[scenario.datacentres().size() * kinds.length];
        long start = scenario.clock().start().toEpochMilli();
        long tick = scenario.clock().tick().toMillis();
        int nonZero = 0;
        for (int t = 0; t < 3_000; t += 7) {
            long at = start + t * tick;
            demand.expectedAll(scenario.datacentres(), kinds, at, tick, all);
            for (int d = 0; d < scenario.datacentres().size(); d++) {
                for (int k = 0; k < kinds.length; k++) {
                    DataCentre dc = scenario.datacentres().get(d);
                    // scenario-format.md: requests_per_day × tick / 1 day × share × mix × profiles × growth ×
                    // factor^(−elasticity)
                    double formula = scenario.workload().requestsPerDay()
                            * tick
                            / 86_400_000.0
                            * dc.share()
                            * scenario.workload().mix().getOrDefault(kinds[k].name(), 0.0)
                            * demand.profileMean(scenario.regionOf(dc).utcOffsetHours(), at, tick)
                            * scenario.workload()
                                    .growth()
                                    .multiplier(
                                            at + tick / 2,
                                            start,
                                            scenario.workload().requestsPerDay())
                            * Math.pow(kinds[k].energyFactor(), -0.7);
                    String cell = file + " tick " + t + " cell " + d + "/" + k;
                    assertThat(all[d * kinds.length + k])
                            .as(cell)
                            .isCloseTo(formula, within(1e-12 * Math.max(1, formula)));
                    assertThat(demand.expected(dc, kinds[k], at, tick)).as(cell).isEqualTo(all[d * kinds.length + k]);
                    nonZero += formula > 0 ? 1 : 0;
                }
            }
        }
        assertThat(nonZero).isPositive();
    }
}
