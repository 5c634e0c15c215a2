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
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.Keys;
import org.rebound.kafka.TopicReader;
import org.rebound.kafka.Topics;

/**
 * {@code rebound.telemetry} after a real run on the in-process broker: each data centre's hourly
 * windows conserve its totals (facility energy to 1e-9 relative, requests and load events
 * exactly), one window per simulated hour, and a PUE change at half past ten shows in that
 * hour's window as an average between the two values.
 */
@DisplayName("telemetry of a real run, against the totals by data centre")
class TelemetryEndToEndTest {

    static final String SCENARIO = """
            name: telemetry
            title: "Telemetry conservation"
            clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-03T00:00:00Z, tick: 15m}
            regions:
              FR: {carbon_g_per_kwh: {low: 40, central: 56, high: 80}, water_l_per_kwh: 3.67}
              US-VA: {carbon_g_per_kwh: {low: 322, central: 380, high: 411}, water_l_per_kwh: 3.13}
            datacentres:
              - {id: paris-1, region: FR, pue: {low: 1.08, central: 1.1, high: 1.2}, wue_l_per_kwh: 0.55, embodied_g_per_kwh: 90, share: 0.4}
              - {id: ashburn-1, region: US-VA, pue: 1.2, wue_l_per_kwh: 0.5, embodied_g_per_kwh: 90, share: 0.6}
            kinds:
              text: {energy_wh: {low: 0.04, central: 0.25, high: 4}}
              video: {energy_wh: {low: 19, central: 100, high: 944}}
            workload:
              requests_per_day: 480000
              mix: {text: 0.9, video: 0.1}
            timeline:
              - at: 2025-01-01T10:30:00Z
                set: {datacentres.ashburn-1.pue: 1.1}
                note: "ashburn-1 improves its cooling at half past ten"
            """;

    @Test
    @DisplayName(
            "sums, per data centre, to the totals: facility energy to 1e-9 relative, requests and load events exactly")
    void conservesTheTotals() throws Exception {
        KafkaClients clients = KafkaClients.of(SharedBroker.bootstrapServers());
        Summary summary = ScenarioRun.execute(
                ScenarioLoader.parse(SCENARIO, "telemetry.yaml"),
                clients,
                ScenarioRun.Settings.defaults(),
                ScenarioRun.Listener.SILENT,
                System.nanoTime());
        String run = summary.json().get("run").get("id").asText();
        TopicReader reader = new TopicReader(clients);
        Map<String, Telemetry> windows = reader.latestByKey(Topics.TELEMETRY, k -> k.startsWith(run + "/"));
        Map<String, Totals> totals = reader.latestByKey(Topics.TOTALS_BY_DATACENTRE, k -> k.startsWith(run + "/"));
        Map<String, Telemetry> mirrored = reader.latestByKey(Topics.TELEMETRY_JSON, k -> k.startsWith(run + "/"));

        assertThat(totals).hasSize(2);
        for (String dc : List.of("paris-1", "ashburn-1")) {
            List<Telemetry> ofDc = windows.values().stream()
                    .filter(t -> t.getDatacentre().equals(dc))
                    .toList();
            // two days of simulated hours, each with load
            assertThat(ofDc).as(dc).hasSize(48);
            Totals total = totals.get(Keys.member(run, dc));
            double facility = ofDc.stream()
                    .mapToDouble(t -> t.getFacilityEnergyKwh().getCentral())
                    .sum();
            double expected = total.getImpacts().getFacilityEnergyKwh().getCentral();
            assertThat(facility).as(dc + " facility kWh").isCloseTo(expected, within(expected * 1e-9));
            assertThat(ofDc.stream().mapToLong(Telemetry::getRequests).sum())
                    .as(dc + " requests")
                    .isEqualTo(total.getRequests());
            assertThat(ofDc.stream().mapToLong(Telemetry::getLoadEvents).sum())
                    .as(dc + " load events")
                    .isEqualTo(total.getLoadEvents());
            for (Telemetry t : ofDc) {
                assertThat(Keys.window(run, dc, t.getStart().toEpochMilli()))
                        .isEqualTo(Keys.member(run, dc) + "/" + t.getStart());
                assertThat(t.getEnd()).isEqualTo(t.getStart().plusSeconds(3600));
                assertThat(t.getFacilityPowerKw())
                        .isCloseTo(t.getFacilityEnergyKwh().getCentral(), within(1e-9));
                assertThat(t.getFacilityEnergyKwh().getP5()).isNotNull();
                assertThat(t.getWorlds()).isNull();
            }
        }
        Telemetry before = windows.get(Keys.window(
                run, "ashburn-1", Instant.parse("2025-01-01T09:00:00Z").toEpochMilli()));
        Telemetry during = windows.get(Keys.window(
                run, "ashburn-1", Instant.parse("2025-01-01T10:00:00Z").toEpochMilli()));
        Telemetry after = windows.get(Keys.window(
                run, "ashburn-1", Instant.parse("2025-01-01T11:00:00Z").toEpochMilli()));
        assertThat(before.getPue()).isCloseTo(1.2, within(1e-12));
        assertThat(during.getPue()).isStrictlyBetween(1.1, 1.2);
        assertThat(after.getPue()).isCloseTo(1.1, within(1e-12));
        assertThat(mirrored).isEqualTo(windows);
    }
}
