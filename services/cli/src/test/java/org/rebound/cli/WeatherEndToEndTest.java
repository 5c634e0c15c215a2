package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.Telemetry;
import org.rebound.avro.Totals;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.domain.impact.Climate;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.domain.scenario.Weather;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.Keys;
import org.rebound.kafka.TopicReader;
import org.rebound.kafka.Topics;

/**
 * Weather and cooling on a real run (the in-process broker): each hour's telemetry carries the
 * outdoor temperature of its region and the PUE and WUE its cooling gives at that temperature;
 * a heatwave set by the timeline raises both from its instant; the windows still sum to the
 * totals; a region without weather reports none.
 */
@DisplayName("weather and cooling on a real run: telemetry's temperature, PUE and WUE hour by hour")
class WeatherEndToEndTest {

    static final String SCENARIO = """
            name: weather-check
            title: "Hot afternoons"
            clock: {start: 2025-07-01T00:00:00Z, end: 2025-07-03T00:00:00Z, tick: 30m}
            regions:
              US-TX:
                weather:
                  monthly_mean_c: [11.2, 13.4, 17.1, 20.9, 24.9, 28.4, 29.9, 30.3, 27.1, 22.0, 16.1, 12.0]
                  daily_amplitude_c: 5.9
              FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
            datacentres:
              - id: austin-1
                region: US-TX
                pue: {low: 1.05, central: 1.06, high: 1.16}
                wue_l_per_kwh: 0.35
                cooling: {above_c: 27, pue_per_c: 0.004, wue_per_c: 0.02}
                share: 0.5
              - {id: paris-1, region: FR, pue: 1.1, wue_l_per_kwh: 0.5, share: 0.5}
            kinds:
              text: {energy_wh: 0.3}
            workload: {requests_per_day: 480000, arrival: exact, mix: {text: 1}}
            timeline:
              - at: 2025-07-02T00:00:00Z
                set: {regions.US-TX.weather.anomaly_c: 4}
                note: "heatwave"
            """;

    @Test
    @DisplayName(
            "every hour: outdoor_c is the hour's temperature, PUE and WUE follow it above 27 °C; the windows sum to the totals")
    void hourByHour() throws Exception {
        Scenario scenario = ScenarioLoader.parse(SCENARIO, "weather.yaml");
        KafkaClients clients = KafkaClients.of(SharedBroker.bootstrapServers());
        Summary summary = ScenarioRun.execute(
                scenario, clients, ScenarioRun.Settings.defaults(), ScenarioRun.Listener.SILENT, System.nanoTime());
        String run = summary.json().get("run").get("id").asText();
        TopicReader reader = new TopicReader(clients);
        Map<String, Telemetry> windows = reader.latestByKey(Topics.TELEMETRY, k -> k.startsWith(run + "/"));
        Map<String, Totals> totals = reader.latestByKey(Topics.TOTALS_BY_DATACENTRE, k -> k.startsWith(run + "/"));

        List<Telemetry> austin = windows.values().stream()
                .filter(t -> t.getDatacentre().equals("austin-1"))
                .toList();
        assertThat(austin).hasSize(48);
        double offset = scenario.regions().get("US-TX").utcOffsetHours(); // the preset's UTC-6
        int hot = 0;
        for (Telemetry t : austin) {
            long start = t.getStart().toEpochMilli();
            Weather weather = scenario.regions().get("US-TX").weather();
            if (!t.getStart().isBefore(Instant.parse("2025-07-02T00:00:00Z"))) {
                weather = new Weather(weather.monthlyMeanC(), 5.9, 4);
            }
            var cooling = scenario.datacentres().get(0).cooling();
            // the hour's two ticks, each sampled at its middle, averaged: what the aggregator values
            Climate.Tick first = Climate.over(weather, cooling, offset, start, 1_800_000L);
            Climate.Tick second = Climate.over(weather, cooling, offset, start + 1_800_000L, 1_800_000L);
            double excess = (first.excessC() + second.excessC()) / 2;
            assertThat(t.getOutdoorC())
                    .as(t.getStart().toString())
                    .isCloseTo((first.meanC() + second.meanC()) / 2, within(1e-9));
            assertThat(t.getPue()).as(t.getStart() + " PUE").isCloseTo(1.06 + 0.004 * excess, within(1e-9));
            assertThat(t.getWueLPerKwh()).as(t.getStart() + " WUE").isCloseTo(0.35 + 0.02 * excess, within(1e-9));
            if (excess > 0) {
                hot++;
            }
        }
        assertThat(hot).as("hours above 27 °C").isBetween(10, 40);
        // 15:00 local (21:00 UTC): the heatwave's afternoon is 4 °C warmer than the day before's
        Telemetry normal = windows.get(Keys.window(
                run, "austin-1", Instant.parse("2025-07-01T21:00:00Z").toEpochMilli()));
        Telemetry heatwave = windows.get(Keys.window(
                run, "austin-1", Instant.parse("2025-07-02T21:00:00Z").toEpochMilli()));
        assertThat(heatwave.getOutdoorC() - normal.getOutdoorC()).isCloseTo(4, within(0.1));
        assertThat(heatwave.getPue()).isGreaterThan(normal.getPue());

        double facility = austin.stream()
                .mapToDouble(t -> t.getFacilityEnergyKwh().getCentral())
                .sum();
        double expected = totals.get(Keys.member(run, "austin-1"))
                .getImpacts()
                .getFacilityEnergyKwh()
                .getCentral();
        assertThat(facility).isCloseTo(expected, within(expected * 1e-9));
        assertThat(windows.values().stream().filter(t -> t.getDatacentre().equals("paris-1")))
                .hasSize(48)
                .allSatisfy(t -> {
                    assertThat(t.getOutdoorC()).isNull();
                    assertThat(t.getPue()).isCloseTo(1.1, within(1e-12));
                });
    }
}
