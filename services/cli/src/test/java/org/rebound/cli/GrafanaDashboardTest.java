package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.dashboard.DashboardServer;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.kafka.KafkaClients;

/**
 * The Grafana board of {@code docker compose --profile metrics up}, against a real Prometheus
 * server (the Debian {@code prometheus} package, which .ci/run installs; the test skips itself
 * without it) on loopback: it scrapes the dashboard's {@code /metrics} after a real run on the
 * in-process broker, and every PromQL expression of docker/grafana/dashboards/*.json must return
 * data. The provisioning files must point Grafana at that Prometheus and at those dashboards.
 */
@DisplayName("the Grafana board: every query returns data from a real Prometheus")
class GrafanaDashboardTest {

    private static final Path ROOT = Path.of("../..");
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    /**
     * A fleet (utilisation), an efficiency change with elastic demand (a rebound effect), two data
     * centres, one in a region with a weather (outdoor temperature) and a cooling that follows it.
     */
    private static final String SCENARIO = """
            name: grafana
            title: "Every panel has data"
            clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-03T00:00:00Z, tick: 1h, period: 1d}
            regions:
              FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
              IE:
                carbon_g_per_kwh: 290
                water_l_per_kwh: 1.8
                weather: {monthly_mean_c: [5, 5, 7, 8, 11, 14, 15, 15, 13, 10, 7, 5], daily_amplitude_c: 3}
            datacentres:
              - id: paris-1
                region: FR
                pue: 1.2
                wue_l_per_kwh: 0.5
                share: 0.5
                capacity: {servers: 10, server_power_w: {idle: 1000, max: 3000}, requests_per_server_hour: {text: 1000}}
              - id: dublin-1
                region: IE
                pue: {low: 1.1, central: 1.2, high: 1.4}
                wue_l_per_kwh: 0.3
                share: 0.5
                cooling: {above_c: 4, pue_per_c: 0.004, wue_per_c: 0.02}
            kinds:
              text: {energy_wh: {low: 0.1, central: 0.3, high: 1}}
            workload: {requests_per_day: 120000, arrival: exact, mix: {text: 1}, elasticity: 1}
            timeline:
              - at: 2025-01-02T00:00:00Z
                set: {kinds.text.energy_factor: 0.5}
            """;

    @Test
    @DisplayName("provisioned data source and dashboards; each panel's expression returns at least one series")
    void everyQueryReturnsData(@TempDir Path dir) throws Exception {
        assumeTrue(
                Files.isExecutable(PROMETHEUS),
                "no " + PROMETHEUS + " (Debian package prometheus, installed by .ci/run)");
        ObjectMapper json = new ObjectMapper();
        JsonNode datasource = yaml(ROOT.resolve("docker/grafana/provisioning/datasources/prometheus.yaml"))
                .get("datasources")
                .get(0);
        assertThat(datasource.get("type").asText()).isEqualTo("prometheus");
        assertThat(datasource.get("url").asText()).isEqualTo("http://prometheus:9090");
        JsonNode provider = yaml(ROOT.resolve("docker/grafana/provisioning/dashboards/rebound.yaml"))
                .get("providers")
                .get(0);
        assertThat(provider.get("options").get("path").asText()).isEqualTo("/var/lib/grafana/dashboards");
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        assertThat(compose)
                .contains("./docker/grafana/provisioning:/etc/grafana/provisioning:ro")
                .contains("./docker/grafana/dashboards:/var/lib/grafana/dashboards:ro");

        List<Path> boards;
        try (var files = Files.list(ROOT.resolve("docker/grafana/dashboards"))) {
            boards = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(boards).isNotEmpty();

        KafkaClients clients = KafkaClients.of(SharedBroker.bootstrapServers());
        String run = ScenarioRun.execute(
                        ScenarioLoader.parse(SCENARIO, "grafana.yaml"),
                        clients,
                        ScenarioRun.Settings.defaults(),
                        ScenarioRun.Listener.SILENT,
                        System.nanoTime())
                .json()
                .get("run")
                .get("id")
                .asText();

        try (DashboardServer dashboard = DashboardServer.start(clients, () -> run, DashboardServer.LOCALHOST, 0)) {
            int port = freePort();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global: {scrape_interval: 1s, evaluation_interval: 1s}
                    scrape_configs:
                      - job_name: rebound
                        static_configs: [{targets: ["127.0.0.1:%d"]}]
                    """.formatted(dashboard.port()));
            Process prometheus = new ProcessBuilder(
                            PROMETHEUS.toString(),
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                String api = "http://127.0.0.1:" + port + "/api/v1/query?query=";
                List<String> missing = new ArrayList<>();
                // every expression, as Grafana sends it: the run variable set to this run, the rate interval 1m
                List<String> expressions = new ArrayList<>();
                for (Path board : boards) {
                    JsonNode root = json.readTree(board.toFile());
                    assertThat(root.get("templating")
                                    .get("list")
                                    .get(0)
                                    .get("name")
                                    .asText())
                            .isEqualTo("run");
                    for (JsonNode panel : root.get("panels")) {
                        for (JsonNode target : panel.get("targets")) {
                            expressions.add(board.getFileName() + " / "
                                    + panel.get("title").asText() + " :: "
                                    + target.get("expr").asText());
                        }
                    }
                }
                assertThat(expressions).hasSizeGreaterThanOrEqualTo(8);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                do {
                    missing.clear();
                    for (String entry : expressions) {
                        String expr = entry.substring(entry.indexOf(" :: ") + 4)
                                .replace("$run", promQlRegex(run))
                                .replace("$__rate_interval", "1m");
                        JsonNode answer;
                        try {
                            answer = json.readTree(http.send(
                                            HttpRequest.newBuilder(URI.create(
                                                            api + URLEncoder.encode(expr, StandardCharsets.UTF_8)))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .body());
                        } catch (java.io.IOException notYet) {
                            missing.add(entry + " (Prometheus not answering yet)");
                            continue;
                        }
                        assertThat(answer.get("status").asText())
                                .as("%s: %s", entry, answer)
                                .isEqualTo("success");
                        if (answer.get("data").get("result").isEmpty()) {
                            missing.add(entry);
                        }
                    }
                    if (!missing.isEmpty()) {
                        Thread.sleep(1000);
                    }
                } while (!missing.isEmpty() && System.nanoTime() < deadline);
                assertThat(missing)
                        .as("expressions without data after 90 s (Prometheus log: %s)", dir.resolve("prometheus.log"))
                        .isEmpty();
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
        }
    }

    /** A literal as a PromQL regular expression inside a double-quoted string: each metacharacter escaped twice. */
    private static String promQlRegex(String literal) {
        return literal.replaceAll("([.+*?^$()\\[\\]{}|\\\\])", "\\\\\\\\$1");
    }

    /** A YAML file as a JSON tree (snakeyaml-engine, as the scenario loader reads YAML). */
    private static JsonNode yaml(Path file) throws java.io.IOException {
        Object value = new org.snakeyaml.engine.v2.api.Load(
                        org.snakeyaml.engine.v2.api.LoadSettings.builder().build())
                .loadFromString(Files.readString(file));
        return new ObjectMapper().valueToTree(value);
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
