package org.rebound.domain.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A data centre's {@code capacity}: read, and refused where it is wrong, with the line and the path. */
@DisplayName("scenario: a data centre's fleet (capacity)")
class CapacityTest {

    static final String BASE = """
            name: fleet
            title: "A fleet"
            clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-02T00:00:00Z, tick: 1h}
            regions:
              FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
            datacentres:
              - id: dc-1
                region: FR
                pue: 1.2
                wue_l_per_kwh: 0.5
                share: 1
                capacity:
                  servers: 200
                  server_power_w: {idle: 1200, max: 6800}
                  requests_per_server_hour: {chat: 9000}
                  build_out: {above_utilisation: 0.8, for: 7d, add_servers: 50, embodied_kg_per_server: 6000}
            kinds:
              chat: {energy_wh: 0.3}
              picture: {energy_wh: 3}
            workload: {requests_per_day: 1000, mix: {chat: 0.5, picture: 0.5}}
            """;

    private static List<String> problems(String yaml) {
        try {
            ScenarioLoader.parse(yaml, "s.yaml");
        } catch (ScenarioException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("expected the scenario to be rejected");
    }

    @Test
    @DisplayName("reads servers, power curve, declared and derived rates, and the build-out")
    void reads() throws Exception {
        Scenario s = ScenarioLoader.parse(BASE, "s.yaml");
        Capacity c = s.datacentres().get(0).capacity();
        assertThat(c.servers()).isEqualTo(200);
        assertThat(c.idleW()).isEqualTo(1200);
        assertThat(c.maxW()).isEqualTo(6800);
        assertThat(c.rate(s.kinds().get("chat"))).isEqualTo(9000);
        assertThat(c.rate(s.kinds().get("picture"))).as("6,800 Wh / 3 Wh").isEqualTo(6800 / 3.0);
        assertThat(c.buildOut()).isEqualTo(new Capacity.BuildOut(0.8, Duration.ofDays(7), 50, 6000));
        assertThat(c.serverPowerW(0.5)).isEqualTo(4000);
    }

    @Test
    @DisplayName("a data centre without capacity keeps the per-request model (no fleet)")
    void optional() throws Exception {
        String without = BASE.substring(0, BASE.indexOf("    capacity:")) + BASE.substring(BASE.indexOf("kinds:"));
        assertThat(ScenarioLoader.parse(without, "s.yaml").datacentres().get(0).capacity())
                .isNull();
    }

    @Test
    @DisplayName("every wrong value is located: servers, powers, a rate, an unknown kind, the build-out's values")
    void refusals() {
        String bad = BASE.replace("servers: 200", "servers: 0")
                .replace("{idle: 1200, max: 6800}", "{idle: 1200, max: 1000}")
                .replace("{chat: 9000}", "{chat: -1, film: 3}")
                .replace("above_utilisation: 0.8", "above_utilisation: 1.5")
                .replace("add_servers: 50", "add_servers: 0")
                .replace("embodied_kg_per_server: 6000", "embodied_kg_per_server: -1");
        assertThat(problems(bad))
                .containsExactly(
                        "s.yaml:13: datacentres.dc-1.capacity.servers: expected a whole number of servers >= 1, found 0",
                        "s.yaml:14: datacentres.dc-1.capacity.server_power_w.max: expected a server's maximum power"
                                + " in W above its idle power (1200.0 W), found 1000.0",
                        "s.yaml:15: datacentres.dc-1.capacity.requests_per_server_hour.chat: expected requests per"
                                + " server-hour > 0 (at full utilisation), found -1.0",
                        "s.yaml:15: datacentres.dc-1.capacity.requests_per_server_hour.film: expected a kind defined"
                                + " under 'kinds' (chat, picture), found 'film'",
                        "s.yaml:16: datacentres.dc-1.capacity.build_out.above_utilisation: expected a utilisation in"
                                + " (0, 1], found 1.5",
                        "s.yaml:16: datacentres.dc-1.capacity.build_out.add_servers: expected a whole number of"
                                + " servers >= 1, found 0",
                        "s.yaml:16: datacentres.dc-1.capacity.build_out.embodied_kg_per_server: expected kgCO2e per"
                                + " server >= 0, found -1.0");
        assertThat(problems(BASE.replace("server_power_w: {idle: 1200, max: 6800}", "server_power_w: {idle: 1200}")))
                .containsExactly("s.yaml:14: datacentres.dc-1.capacity.server_power_w: missing required key 'max'");
    }

    @Test
    @DisplayName("a change may set the servers (and any other value of the fleet) like any other value")
    void changeable() throws Exception {
        Scenario s = ScenarioLoader.parse(BASE, "s.yaml");
        Scenario after = ScenarioLoader.stateAfter(
                s.text(),
                List.of(new ScenarioChange(
                        s.clock().start(), java.util.Map.of("datacentres.dc-1.capacity.servers", "300"), null, "test")),
                true);
        assertThat(after.datacentres().get(0).capacity().servers()).isEqualTo(300);
    }
}
