package org.rebound.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.FleetTick;
import org.rebound.avro.LoadEvent;
import org.rebound.domain.Range;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.kafka.AvroMapping;

/** A fleet's tick valued: its servers' power over the tick, shared among kinds by server-hours. */
@DisplayName("valuing a fleet's tick")
class FleetValuationTest {

    private static final String SCENARIO = """
            name: fleet
            title: "Ten servers"
            clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-02T00:00:00Z, tick: 1h}
            regions:
              FR: {carbon_g_per_kwh: 50, water_l_per_kwh: 2}
            datacentres:
              - id: dc-1
                region: FR
                pue: 1.5
                wue_l_per_kwh: 0.5
                embodied_g_per_kwh: 0
                share: 1
                capacity:
                  servers: 10
                  server_power_w: {idle: 1000, max: 3000}
                  requests_per_server_hour: {text: 1000}
                  build_out: {above_utilisation: 0.8, for: 1d, add_servers: 5, embodied_kg_per_server: 2000}
            kinds:
              text: {energy_wh: 0.3}
              image: {energy_wh: 3}
            workload: {requests_per_day: 1000, mix: {text: 0.5, image: 0.5}}
            """;

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final long HOUR = 3_600_000L;

    private static DatacentreState state() throws Exception {
        Scenario scenario = ScenarioLoader.parse(SCENARIO, "fleet.yaml");
        var dc = scenario.datacentres().get(0);
        return DatacentreState.of(AvroMapping.dataCentre("r@1", scenario, dc, START, dc.pue()), 0, new WorldCells());
    }

    private static LoadEvent event(Map<String, Long> requests, Map<String, Double> serverHours, long added) {
        return new LoadEvent(
                "r@1",
                "fleet",
                "dc-1",
                START,
                HOUR,
                requests,
                null,
                null,
                new FleetTick(10L, serverHours, 0.0, added),
                List.of());
    }

    private static double itKwh(ValuedTick tick) {
        return java.util.stream.IntStream.range(0, tick.kinds().length)
                .mapToDouble(i -> tick.impactsOf(i).itEnergyKwh().central())
                .sum();
    }

    @Test
    @DisplayName("10 servers of 1 kW idle, 3 kW max: 20 kWh in an hour at utilisation 0.5, 15 kWh at 0.25, 10 kWh idle")
    void power() throws Exception {
        DatacentreState state = state();
        ValuedTick half = Valuation.value(event(Map.of("text", 5000L), Map.of("text", 5.0), 0), state);
        assertThat(itKwh(half)).isEqualTo(20.0);
        assertThat(half.impactsOf(0).facilityEnergyKwh()).isEqualTo(Range.of(30.0));
        ValuedTick quarter = Valuation.value(event(Map.of("text", 2500L), Map.of("text", 2.5), 0), state);
        assertThat(itKwh(quarter)).isEqualTo(15.0);
        // no request at all: the idle power, shared evenly between the data centre's kinds, no load event counted
        ValuedTick idle = Valuation.value(event(Map.of(), Map.of(), 0), state);
        assertThat(idle.kinds()).containsExactly("image", "text");
        assertThat(idle.requests()).containsExactly(0, 0);
        assertThat(itKwh(idle)).isEqualTo(10.0);
    }

    @Test
    @DisplayName("each kind gets the share of the energy and of the build-out of its server-hours, the backlog's too")
    void shares() throws Exception {
        // 2 server-hours of text, 6 of images (4 of them from requests that waited): 0.8 utilisation, 26 kWh
        ValuedTick tick = Valuation.value(event(Map.of("text", 2000L), Map.of("text", 2.0, "image", 6.0), 5), state());
        assertThat(tick.kinds()).containsExactly("text", "image");
        assertThat(tick.requests()).containsExactly(2000, 0);
        assertThat(tick.impactsOf(0).itEnergyKwh().central()).isCloseTo(26 * 0.25, within(1e-12));
        assertThat(tick.impactsOf(1).itEnergyKwh().central()).isCloseTo(26 * 0.75, within(1e-12));
        // 5 servers × 2,000 kg built at the end of the tick, shared the same way
        assertThat(tick.impactsOf(0).embodiedCo2eKg().central()).isCloseTo(2500, within(1e-9));
        assertThat(tick.impactsOf(1).embodiedCo2eKg().central()).isCloseTo(7500, within(1e-9));
        assertThat(tick.impactsOf(1).co2eKg().central()).isCloseTo(7500 + 26 * 0.75 * 1.5 * 0.05, within(1e-9));
    }

    @Test
    @DisplayName("refuses more server-hours than the servers have, and a fleet's tick at a data centre without one")
    void refusals() throws Exception {
        DatacentreState state = state();
        assertThatThrownBy(() -> Valuation.value(event(Map.of("text", 20_000L), Map.of("text", 20.0), 0), state))
                .isInstanceOf(InvalidLoadEventException.class)
                .hasMessageContaining("utilisation <= 1");
        assertThatThrownBy(() -> Valuation.value(
                        new LoadEvent(
                                "r@1", "fleet", "dc-1", START, HOUR, Map.of("text", 5L), null, null, null, List.of()),
                        state))
                .isInstanceOf(InvalidLoadEventException.class)
                .hasMessageContaining("without a fleet");
    }
}
