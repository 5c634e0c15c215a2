package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.dashboard.DashboardServer;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.kafka.KafkaClients;

/** The dashboard's Prometheus endpoint against the totals of a finished run on the real broker. */
@DisplayName("/metrics: the aggregates in the Prometheus text format")
class MetricsEndpointTest {

    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)\\{([^}]*)} (\\S+)$");

    @Test
    @DisplayName(
            "counters per data centre and per kind equal the run's summary; units in the names; labels scenario, run, datacentre, region, kind, estimate")
    void scrape() throws Exception {
        String bootstrap = SharedBroker.bootstrapServers();
        KafkaClients clients = KafkaClients.of(bootstrap);
        String yaml = ReboundEndToEndTest.halving(1).replace("name: halving", "name: metrics");
        JsonNode summary = ScenarioRun.execute(
                        ScenarioLoader.parse(yaml, "metrics.yaml"),
                        clients,
                        ScenarioRun.Settings.defaults(),
                        ScenarioRun.Listener.SILENT,
                        System.nanoTime())
                .json();
        String run = summary.get("run").get("id").asText();
        double energy = summary.get("by_datacentre")
                .get("paris-1")
                .get("facility_energy_kwh")
                .get("central")
                .asDouble();
        long requests = summary.get("requests").asLong();

        try (DashboardServer server = DashboardServer.start(clients, () -> run, DashboardServer.LOCALHOST, 0)) {
            HttpClient http = HttpClient.newHttpClient();
            Map<String, Double> samples = Map.of();
            String body = "";
            String type = "";
            long deadline = System.nanoTime() + 30_000_000_000L;
            String powerKey =
                    "rebound_datacentre_power_kw{datacentre=paris-1,region=FR,run=" + run + ",scenario=metrics}";
            String energyKey = "rebound_facility_energy_kwh_total{datacentre=paris-1,estimate=central,region=FR,run="
                    + run + ",scenario=metrics}";
            while (System.nanoTime() < deadline) {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(server.url() + "metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                body = response.body();
                type = response.headers().firstValue("Content-Type").orElse("");
                samples = parse(body);
                Double seen = samples.get(energyKey);
                if (seen != null
                        && Math.abs(seen - energy) <= 1e-9 * energy
                        && samples.containsKey("rebound_period_rebound_effect_ratio{run=" + run + ",scenario=metrics}")
                        && samples.containsKey(powerKey)
                        && Math.abs(samples.get(powerKey) - 3.6) <= 1e-9) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(type).startsWith("text/plain").contains("version=0.0.4");
            assertThat(samples.get(energyKey)).isCloseTo(energy, within(1e-9 * energy));
            assertThat(samples.get(
                            "rebound_requests_total{datacentre=paris-1,region=FR,run=" + run + ",scenario=metrics}"))
                    .isEqualTo((double) requests);
            assertThat(samples.get("rebound_kind_requests_total{kind=text,run=" + run + ",scenario=metrics}"))
                    .isEqualTo((double) requests);
            double low = samples.get(energyKey.replace("estimate=central", "estimate=low"));
            double high = samples.get(energyKey.replace("estimate=central", "estimate=high"));
            assertThat(low).isLessThanOrEqualTo(energy);
            assertThat(high).isGreaterThanOrEqualTo(energy);
            assertThat(samples.get("rebound_period_rebound_effect_ratio{run=" + run + ",scenario=metrics}"))
                    .isCloseTo(
                            summary.get("periods").get(1).get("rebound_effect").asDouble(), within(1e-9));
            assertThat(samples.get("rebound_datacentre_pue_ratio{datacentre=paris-1,region=FR,run=" + run
                            + ",scenario=metrics}"))
                    .isEqualTo(1.2);
            // the last simulated hour (rebound.telemetry), once the run has passed its end: on day 2 the
            // halved energy per request doubles demand (elasticity 1), 20,000 requests × 0.3 Wh × 0.5 = 3 kWh
            // of IT energy in the hour, × PUE 1.2 = 3.6 kWh: 3 kW and 3.6 kW on average
            assertThat(samples.get(powerKey)).isCloseTo(3.6, within(1e-9));
            assertThat(samples.get(powerKey.replace("_power_kw", "_it_power_kw")))
                    .isCloseTo(3.0, within(1e-9));
            // no fleet (capacity) in this run: no utilisation sample of its data centres (other runs on the
            // shared broker may have one)
            assertThat(body)
                    .contains("# TYPE rebound_datacentre_power_kw gauge")
                    .doesNotContainPattern(
                            "rebound_datacentre_utilisation_ratio\\{[^}]*run=\"" + java.util.regex.Pattern.quote(run));
            assertThat(body)
                    .contains(
                            "# TYPE rebound_facility_energy_kwh_total counter",
                            "# TYPE rebound_kind_co2e_kg_total counter",
                            "# TYPE rebound_water_l_total counter",
                            "# TYPE rebound_grid_carbon_g_per_kwh gauge");
        }
    }

    /** name{k=v,...} -> value, label values unquoted, labels in the order written (the writer sorts them). */
    private static Map<String, Double> parse(String body) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : body.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches()) {
                samples.put(m.group(1) + "{" + m.group(2).replace("\"", "") + "}", Double.parseDouble(m.group(3)));
            }
        }
        return samples;
    }
}
