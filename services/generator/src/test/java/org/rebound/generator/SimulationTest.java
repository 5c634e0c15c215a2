package org.rebound.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioChange;
import org.rebound.domain.scenario.ScenarioException;
import org.rebound.domain.scenario.ScenarioLoader;

/** The generator's simulation without Kafka: what each tick sends, recomputed by hand. */
@DisplayName("the generator's simulation: what each tick sends")
class SimulationTest {

    /** Exact arrivals, flat profiles: every cell of a 1-hour tick expects requests_per_day / 24 × share × mix. */
    static final String SCENARIO = """
            name: simulation
            title: "Two data centres, two kinds"
            seed: 3
            clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T06:00:00Z, tick: 1h, speed: max}
            regions:
              FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
            datacentres:
              - {id: paris-1, region: FR, pue: 1.2, wue_l_per_kwh: 0.5, share: 0.75}
              - {id: paris-2, region: FR, pue: 1.3, wue_l_per_kwh: 0.5, share: 0.25}
            kinds:
              text: {energy_wh: 0.3}
              image: {energy_wh: 3}
            workload: {requests_per_day: 96000, arrival: exact, mix: {text: 0.5, image: 0.5}, elasticity: 1}
            """;

    private static final long HOUR_MS = 3_600_000L;
    private static final long START_MS = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    private record Load(int datacentre, long tickStartMs, Map<String, Long> byKind) {}

    private static List<Load> run(Simulation simulation, long tick, Ledger ledger) {
        List<Load> loads = new ArrayList<>();
        simulation.tick(
                tick, START_MS + tick * HOUR_MS, HOUR_MS, ledger, (d, start, length, kinds, counts, n, fleet) -> {
                    Map<String, Long> byKind = new java.util.TreeMap<>();
                    for (int i = 0; i < n; i++) {
                        byKind.put(simulation.kindNames().get(kinds[i]), counts[i]);
                    }
                    loads.add(new Load(d, start, byKind));
                });
        return loads;
    }

    private static Ledger ledger(Scenario scenario) {
        return new Ledger(
                scenario.datacentres().stream().map(d -> d.id()).toList(),
                List.copyOf(scenario.kinds().keySet()));
    }

    @Test
    @DisplayName(
            "exact arrivals: each data centre's tick carries 96,000 / 24 × share × mix of each kind, counted in the ledger")
    void exactCounts() throws Exception {
        Scenario scenario = ScenarioLoader.parse(SCENARIO, "simulation.yaml");
        Simulation simulation = new Simulation(scenario, LoadGenerator.Options.of("r", scenario));
        Ledger ledger = ledger(scenario);
        List<Load> loads = run(simulation, 0, ledger);
        // 4,000 an hour: paris-1 3,000 (1,500 text, 1,500 image), paris-2 1,000 (500, 500)
        assertThat(loads)
                .containsExactly(
                        new Load(0, START_MS, Map.of("image", 1500L, "text", 1500L)),
                        new Load(1, START_MS, Map.of("image", 500L, "text", 500L)));
        assertThat(ledger.requests()).isEqualTo(4000);
        assertThat(ledger.loadEvents()).isEqualTo(4);
    }

    @Test
    @DisplayName(
            "a change applies from the next tick: text twice as efficient with elasticity 1 doubles text demand; the same id twice applies once")
    void changes() throws Exception {
        Scenario scenario = ScenarioLoader.parse(SCENARIO, "simulation.yaml");
        Simulation simulation = new Simulation(scenario, LoadGenerator.Options.of("r", scenario));
        Ledger ledger = ledger(scenario);
        run(simulation, 0, ledger);
        ScenarioChange cheaper = new ScenarioChange(
                Instant.ofEpochMilli(START_MS + HOUR_MS), Map.of("kinds.text.energy_factor", "0.5"), "", "live change");
        assertThat(simulation.apply("id-1", cheaper, true)).isTrue();
        assertThat(simulation.apply("id-1", cheaper, true))
                .as("the stamped copy of the same change")
                .isFalse();
        // energy_factor^(-elasticity) = 0.5^-1 = 2: text 3,000 and 1,000, image unchanged
        assertThat(run(simulation, 1, ledger))
                .containsExactly(
                        new Load(0, START_MS + HOUR_MS, Map.of("image", 1500L, "text", 3000L)),
                        new Load(1, START_MS + HOUR_MS, Map.of("image", 500L, "text", 1000L)));
        assertThat(simulation.state().kinds().get("text").energyFactor()).isEqualTo(0.5);
    }

    @Test
    @DisplayName("a change the scenario refuses leaves the state as it was")
    void refused() throws Exception {
        Scenario scenario = ScenarioLoader.parse(SCENARIO, "simulation.yaml");
        Simulation simulation = new Simulation(scenario, LoadGenerator.Options.of("r", scenario));
        ScenarioChange tooElastic = new ScenarioChange(
                Instant.ofEpochMilli(START_MS), Map.of("workload.elasticity", "9"), "", "live change");
        assertThatThrownBy(() -> simulation.apply("id-2", tooElastic, true)).isInstanceOf(ScenarioException.class);
        assertThat(simulation.state()).isSameAs(scenario);
    }

    @Test
    @DisplayName(
            "two instances split the data centres: together they send what one sends, tick by tick (Poisson arrivals)")
    void instancesSplit() throws Exception {
        Scenario scenario =
                ScenarioLoader.parse(SCENARIO.replace("arrival: exact", "arrival: poisson"), "simulation.yaml");
        LoadGenerator.Options one = LoadGenerator.Options.of("r", scenario);
        Simulation alone = new Simulation(scenario, one);
        Simulation first = new Simulation(scenario, one.withInstance(0, 2));
        Simulation second = new Simulation(scenario, one.withInstance(1, 2));
        Ledger ledgerAlone = ledger(scenario);
        Ledger ledgerSplit = ledger(scenario);
        for (long tick = 0; tick < 6; tick++) {
            List<Load> together = new ArrayList<>(run(first, tick, ledgerSplit));
            together.addAll(run(second, tick, ledgerSplit));
            assertThat(together).as("tick " + tick).containsExactlyInAnyOrderElementsOf(run(alone, tick, ledgerAlone));
        }
        assertThat(ledgerSplit.requests()).isEqualTo(ledgerAlone.requests()).isGreaterThan(0);
        assertThat(ledgerSplit.requestsByDatacentre()).isEqualTo(ledgerAlone.requestsByDatacentre());
    }
}
