package org.rebound.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.LoadEvent;
import org.rebound.domain.impact.Climate;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.kafka.AvroMapping;

/** A tick valued in hot weather: the cooling's extra PUE and WUE at the tick's own instant. */
@DisplayName("valuing a tick with weather and cooling")
class CoolingValuationTest {

    /** Every month 30 °C on average, ±6 °C in the day; cooling answers above 25 °C. */
    private static final String SCENARIO = """
            name: hot
            title: "Hot"
            clock: {start: 2025-07-01T00:00:00Z, end: 2025-07-03T00:00:00Z, tick: 1h}
            regions:
              US-TX:
                carbon_g_per_kwh: 400
                water_l_per_kwh: 3
                utc_offset_hours: -6
                weather: {monthly_mean_c: [30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30], daily_amplitude_c: 6%s}
            datacentres:
              - id: dc-1
                region: US-TX
                pue: {low: 1.05, central: 1.1, high: 1.2}
                wue_l_per_kwh: 0.4
                embodied_g_per_kwh: 0
                share: 1
                %s
            kinds:
              text: {energy_wh: 1}
            workload: {requests_per_day: 1000, mix: {text: 1}}
            """;

    private static final String COOLING = "cooling: {above_c: 25, pue_per_c: 0.01, wue_per_c: 0.1}";
    private static final long HOUR = 3_600_000L;

    private static DatacentreState state(String anomaly, String cooling) throws Exception {
        Scenario scenario = ScenarioLoader.parse(SCENARIO.formatted(anomaly, cooling), "hot.yaml");
        var dc = scenario.datacentres().get(0);
        return DatacentreState.of(
                AvroMapping.dataCentre("r@1", scenario, dc, scenario.clock().start(), dc.pue()), 0, new WorldCells());
    }

    private static ValuedTick value(DatacentreState state, String tickStart, long tickMillis) {
        LoadEvent event = new LoadEvent(
                "r@1",
                "hot",
                "dc-1",
                Instant.parse(tickStart),
                tickMillis,
                Map.of("text", 1000L),
                null,
                null,
                null,
                List.of());
        return Valuation.value(event, state);
    }

    @Test
    @DisplayName(
            "at 15:00 local (36 °C) each degree above 25 adds 0.01 to PUE and 0.1 L/kWh to WUE; at 03:00 (24 °C) nothing")
    void hourByHour() throws Exception {
        DatacentreState state = state("", COOLING);
        // 1000 requests × 1 Wh = 1 kWh of IT energy; 15:00–16:00 local = 21:00–22:00 UTC, sampled at 15:30
        ValuedTick afternoon = value(state, "2025-07-01T21:00:00Z", HOUR);
        double t = 30 + 6 * Math.cos(2 * Math.PI * 0.5 / 24);
        assertThat(afternoon.outdoorC()).isCloseTo(t, within(1e-9));
        assertThat(afternoon.impactsOf(0).itEnergyKwh().central()).isEqualTo(1.0);
        assertThat(afternoon.impactsOf(0).facilityEnergyKwh().central())
                .isCloseTo(1.1 + 0.01 * (t - 25), within(1e-12));
        assertThat(afternoon.impactsOf(0).facilityEnergyKwh().low()).isCloseTo(1.05 + 0.01 * (t - 25), within(1e-12));
        assertThat(afternoon.impactsOf(0).onsiteWaterL().central()).isCloseTo(0.4 + 0.1 * (t - 25), within(1e-12));
        assertThat(afternoon.pue()).isCloseTo(1.1 + 0.01 * (t - 25), within(1e-12));
        ValuedTick night = value(state, "2025-07-01T09:00:00Z", HOUR);
        assertThat(night.outdoorC()).isLessThan(25);
        assertThat(night.impactsOf(0).facilityEnergyKwh().central()).isEqualTo(1.1);
        assertThat(night.impactsOf(0).onsiteWaterL().central()).isCloseTo(0.4, within(1e-12));
    }

    @Test
    @DisplayName(
            "a daily tick averages the hours' excess (not the excess of the day's mean); the counterfactual has the same weather")
    void dailyTick() throws Exception {
        DatacentreState state = state("", COOLING);
        long day = 24 * HOUR;
        ValuedTick tick = value(state, "2025-07-01T06:00:00Z", day);
        Climate.Tick climate = Climate.over(
                state.weather(),
                state.cooling(),
                -6,
                Instant.parse("2025-07-01T06:00:00Z").toEpochMilli(),
                day);
        assertThat(climate.excessC()).isGreaterThan(30 - 25);
        assertThat(tick.outdoorC()).isCloseTo(30, within(1e-9));
        assertThat(tick.impactsOf(0).facilityEnergyKwh().central())
                .isCloseTo(1.1 + 0.01 * climate.excessC(), within(1e-12));
        // counterfactual facility kWh (no efficiency change): the same PUE, weather included
        assertThat(tick.counterfactual()[1]).isCloseTo(1.1 + 0.01 * climate.excessC(), within(1e-12));
    }

    @Test
    @DisplayName(
            "a heatwave's anomaly raises every hour; weather without cooling reports the temperature and changes nothing")
    void anomalyAndWeatherOnly() throws Exception {
        ValuedTick normal = value(state("", COOLING), "2025-07-01T21:00:00Z", HOUR);
        ValuedTick heatwave = value(state(", anomaly_c: 4", COOLING), "2025-07-01T21:00:00Z", HOUR);
        assertThat(heatwave.outdoorC() - normal.outdoorC()).isCloseTo(4, within(1e-9));
        assertThat(heatwave.impactsOf(0).facilityEnergyKwh().central()
                        - normal.impactsOf(0).facilityEnergyKwh().central())
                .isCloseTo(0.04, within(1e-12));
        assertThat(heatwave.impactsOf(0).onsiteWaterL().central()
                        - normal.impactsOf(0).onsiteWaterL().central())
                .isCloseTo(0.4, within(1e-12));
        ValuedTick weatherOnly = value(state("", ""), "2025-07-01T21:00:00Z", HOUR);
        assertThat(weatherOnly.outdoorC()).isCloseTo(normal.outdoorC(), within(1e-12));
        assertThat(weatherOnly.impactsOf(0).facilityEnergyKwh().central()).isEqualTo(1.1);
    }
}
