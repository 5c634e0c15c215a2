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
import org.rebound.report.results.PowerSeries;
import org.rebound.report.results.RunResults;

/**
 * {@code rebound.telemetry} after a real run on the in-process broker: each data centre's hourly
 * windows conserve its totals (facility energy to 1e-9 relative, requests and load events
 * exactly), one window per simulated hour, and a PUE change at half past ten shows in that
 * hour's window as an average between the two values. The summary's power series, read from the
 * same windows while the run went, conserves them too.
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

    /**
     * A finished run on the shared broker: its id, its telemetry windows and its totals by data centre, by key, and
     * its summary.
     */
    private record Ran(
            String run,
            TopicReader reader,
            Map<String, Telemetry> windows,
            Map<String, Totals> totals,
            RunResults results) {}

    private static Ran run(String yaml, String file) throws Exception {
        KafkaClients clients = KafkaClients.of(SharedBroker.bootstrapServers());
        Summary summary = ScenarioRun.execute(
                ScenarioLoader.parse(yaml, file),
                clients,
                ScenarioRun.Settings.defaults(),
                ScenarioRun.Listener.SILENT,
                System.nanoTime());
        String run = summary.json().get("run").get("id").asText();
        TopicReader reader = new TopicReader(clients);
        return new Ran(
                run,
                reader,
                reader.latestByKey(Topics.TELEMETRY, k -> k.startsWith(run + "/")),
                reader.latestByKey(Topics.TOTALS_BY_DATACENTRE, k -> k.startsWith(run + "/")),
                summary.results());
    }

    @Test
    @DisplayName(
            "sums, per data centre, to the totals: facility energy to 1e-9 relative, requests and load events exactly")
    void conservesTheTotals() throws Exception {
        Ran ran = run(SCENARIO, "telemetry.yaml");
        String run = ran.run();
        TopicReader reader = ran.reader();
        Map<String, Telemetry> windows = ran.windows();
        Map<String, Totals> totals = ran.totals();
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

    @Test
    @DisplayName("the summary's power series: one point per hour, each the hour's window, power × hours summing to"
            + " each data centre's facility energy to 1e-9 relative")
    void powerSeriesConservesTheTotals() throws Exception {
        Ran ran = run(SCENARIO, "telemetry.yaml");
        PowerSeries power = ran.results().power();

        assertThat(power.bucket()).isEqualTo("hour"); // two days
        assertThat(power.size()).isEqualTo(48);
        assertThat(power.start().get(0)).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(power.start().get(47)).isEqualTo("2025-01-02T23:00:00Z");
        assertThat(power.hours()).containsOnly(1.0);
        assertThat(power.byDatacentre()).containsOnlyKeys("paris-1", "ashburn-1");
        double all = 0;
        for (String dc : List.of("paris-1", "ashburn-1")) {
            double expected = ran.totals()
                    .get(Keys.member(ran.run(), dc))
                    .getImpacts()
                    .getFacilityEnergyKwh()
                    .getCentral();
            double series = power.facilityEnergyKwh(dc);
            assertThat(series).as(dc + " facility kWh").isCloseTo(expected, within(expected * 1e-9));
            all += series;
            PowerSeries.Datacentre columns = power.byDatacentre().get(dc);
            assertThat(columns.utilisation()).as("no fleet").isNull();
            for (int h = 0; h < 48; h++) {
                Telemetry window = ran.windows()
                        .get(Keys.window(
                                ran.run(),
                                dc,
                                Instant.parse(power.start().get(h)).toEpochMilli()));
                assertThat(columns.facilityPowerKw().get(h)).isEqualTo(window.getFacilityPowerKw());
                assertThat(columns.itPowerKw().get(h)).isEqualTo(window.getItPowerKw());
            }
        }
        double overall = ran.results().totals().facilityEnergyKwh().central();
        assertThat(all).isCloseTo(overall, within(overall * 1e-9));
    }

    /**
     * The fleet: 10 servers of 1,000 W idle and 3,000 W at full load, 1,000 text requests
     * a server-hour. 5,000 requests an hour use half of it: 10 × (1,000 + 2,000 × 0.5) = 20 kW;
     * half the demand from 03:00: 15 kW, not 10 (the idle power stays). Then 3 hours at 30,000
     * requests (3× the capacity): utilisation 1, a backlog that the build-out's servers (10 more
     * after each 2 hours above 0.8) and the quiet hours after drain; nothing lost.
     */
    static final String FLEET = """
            name: fleet-check
            title: "Ten servers"
            clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T12:00:00Z, tick: 1h}
            regions:
              FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
            datacentres:
              - id: dc-1
                region: FR
                pue: 1.2
                wue_l_per_kwh: 0.5
                embodied_g_per_kwh: 0
                share: 1
                capacity:
                  servers: 10
                  server_power_w: {idle: 1000, max: 3000}
                  requests_per_server_hour: {text: 1000}
                  build_out: {above_utilisation: 0.8, for: 2h, add_servers: 10, embodied_kg_per_server: 1500}
            kinds:
              text: {energy_wh: 0.3}
            workload: {requests_per_day: 120000, arrival: exact, mix: {text: 1}}
            timeline:
              - at: 2025-01-01T03:00:00Z
                set: {workload.requests_per_day: 60000}
              - at: 2025-01-01T06:00:00Z
                set: {workload.requests_per_day: 720000}
              - at: 2025-01-01T09:00:00Z
                set: {workload.requests_per_day: 24000}
            """;

    @Test
    @DisplayName("a fleet of 10 servers (1 kW idle, 3 kW max): 20 kW at utilisation 0.5, 15 kW at 0.25, a backlog"
            + " served late, a build-out booked; telemetry sums to the totals")
    void fleetPower() throws Exception {
        Ran ran = run(FLEET, "fleet.yaml");
        String run = ran.run();
        Map<String, Telemetry> windows = ran.windows();
        Map<String, Totals> totals = ran.totals();
        java.util.function.IntFunction<Telemetry> hour = h -> windows.get(Keys.window(
                run,
                "dc-1",
                Instant.parse("2025-01-01T00:00:00Z").plusSeconds(3600L * h).toEpochMilli()));

        assertThat(windows).hasSize(12);
        assertThat(hour.apply(0).getUtilisation()).isCloseTo(0.5, within(1e-12));
        assertThat(hour.apply(0).getItPowerKw()).isCloseTo(20, within(1e-9));
        assertThat(hour.apply(0).getFacilityPowerKw()).isCloseTo(24, within(1e-9));
        assertThat(hour.apply(0).getServersInService()).isEqualTo(10);
        assertThat(hour.apply(0).getBacklog()).isZero();
        assertThat(hour.apply(3).getUtilisation()).isCloseTo(0.25, within(1e-12));
        assertThat(hour.apply(3).getItPowerKw()).isCloseTo(15, within(1e-9));
        // 30,000 an hour against 10,000: saturated, 20,000 then 40,000 waiting; 10 more servers after 2 hours
        assertThat(hour.apply(6).getUtilisation()).isCloseTo(1, within(1e-12));
        assertThat(hour.apply(6).getItPowerKw()).isCloseTo(30, within(1e-9));
        assertThat(hour.apply(6).getBacklog()).isEqualTo(20_000);
        assertThat(hour.apply(7).getBacklog()).isEqualTo(40_000);
        assertThat(hour.apply(7).getServersInService()).isEqualTo(10);
        assertThat(hour.apply(8).getServersInService()).isEqualTo(20);
        assertThat(hour.apply(8).getBacklog()).isEqualTo(50_000);
        // quiet from 09:00 (1,000 an hour), but 2 more hours saturated (08:00, 09:00): 10 more servers for 10:00
        assertThat(hour.apply(9).getBacklog()).isEqualTo(31_000);
        assertThat(hour.apply(10).getServersInService()).isEqualTo(30);
        assertThat(hour.apply(10).getBacklog()).isEqualTo(2_000);
        assertThat(hour.apply(11).getBacklog()).isZero();
        // 3,000 served by 30 servers (30,000 an hour): utilisation 0.1, 30 × (1,000 + 200) W
        assertThat(hour.apply(11).getUtilisation()).isCloseTo(0.1, within(1e-12));
        assertThat(hour.apply(11).getItPowerKw()).isCloseTo(36, within(1e-9));
        Totals total = totals.get(Keys.member(run, "dc-1"));
        double facility = windows.values().stream()
                .mapToDouble(t -> t.getFacilityEnergyKwh().getCentral())
                .sum();
        assertThat(facility).isCloseTo(total.getImpacts().getFacilityEnergyKwh().getCentral(), within(1e-9));
        assertThat(windows.values().stream().mapToLong(Telemetry::getRequests).sum())
                .isEqualTo(total.getRequests());
        // the build-outs' 2 × 10 servers × 1,500 kg, each booked once (embodied_g_per_kwh is 0 here)
        assertThat(total.getImpacts().getEmbodiedCo2eKg().getCentral()).isCloseTo(30_000, within(1e-6));
        // the summary: the fleet's hours, and its power and utilisation hour by hour
        PowerSeries.Datacentre power = ran.results().power().byDatacentre().get("dc-1");
        assertThat(power.itPowerKw().get(0)).isCloseTo(20, within(1e-9));
        assertThat(power.itPowerKw().get(3)).isCloseTo(15, within(1e-9));
        assertThat(power.facilityPowerKw().get(0)).isCloseTo(24, within(1e-9));
        assertThat(power.utilisation()).hasSize(12);
        assertThat(power.utilisation().get(0)).isEqualTo(0.5);
        assertThat(power.utilisation().get(3)).isEqualTo(0.25);
        assertThat(power.utilisation().get(6)).isEqualTo(1.0);
        assertThat(power.utilisation().get(11)).isEqualTo(0.1);
        assertThat(ran.results().power().facilityEnergyKwh("dc-1")).isCloseTo(facility, within(facility * 1e-9));
        RunResults.Fleet fleet = ran.results().fleets().get("dc-1");
        assertThat(fleet.hours()).isEqualTo(12);
        assertThat(fleet.serversAtStart()).isEqualTo(10);
        assertThat(fleet.serversAtEnd()).isEqualTo(30);
        assertThat(fleet.backlogMax()).isEqualTo(50_000);
    }
}
