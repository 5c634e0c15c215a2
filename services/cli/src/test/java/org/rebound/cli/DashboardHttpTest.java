package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Totals;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.cli.dashboard.DashboardServer;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.kafka.KafkaClients;

/** The dashboard's HTTP side while a scenario runs on the real broker. */
@DisplayName("dashboard over HTTP: page, webjar, server-sent events, validated live changes, localhost only")
class DashboardHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> get(DashboardServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(DashboardServer server, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + "api/set")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("same-origin page and charts, SSE pushes growing state, refused changes never reach the run, a valid one does")
    void whileRunning() throws Exception {
        KafkaClients clients = KafkaClients.of(SharedBroker.bootstrapServers());
        Scenario scenario = ScenarioLoader.parse(DashboardBrowserTest.SCENARIO.replace("name: browser", "name: http"), "http.yaml");
        AtomicReference<String> run = new AtomicReference<>();
        try (DashboardServer server = DashboardServer.start(clients, run::get, DashboardServer.LOCALHOST, 0)) {
            CompletableFuture<Summary> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return ScenarioRun.execute(scenario, clients, ScenarioRun.Settings.defaults(), new ScenarioRun.Listener() {
                        @Override
                        public void started(String id, Scenario s) {
                            run.set(id);
                        }

                        @Override
                        public void progress(Instant until, long requests, long events, Totals aggregated, PeriodTotals period) {
                        }
                    }, System.nanoTime());
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });

            // the page and its scripts: everything same-origin, the chart library from the WebJar
            HttpResponse<String> page = get(server, "");
            assertThat(page.statusCode()).isEqualTo(200);
            Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
            List<String> references = new ArrayList<>();
            while (refs.find()) {
                references.add(refs.group(1));
            }
            assertThat(references).isNotEmpty().allSatisfy(r -> assertThat(r).startsWith("/"));
            assertThat(references).contains("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", "/app.js");
            for (String reference : references) {
                HttpResponse<String> resource = get(server, reference.substring(1));
                assertThat(resource.statusCode()).as(reference).isEqualTo(200);
                assertThat(resource.body()).as(reference).doesNotContain("https://cdn", "http://cdn");
            }
            assertThat(get(server, "webjars/uplot/1.6.30/dist/uPlot.iife.min.js").headers().firstValue("Content-Type").orElse(""))
                    .contains("javascript");

            // server-sent events: state events with growing versions and totals
            List<JsonNode> events = new ArrayList<>();
            HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(server.url() + "events")).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while (events.size() < 3 && (line = reader.readLine()) != null) {
                    if (line.startsWith("data: ")) {
                        JsonNode state = JSON.readTree(line.substring(6));
                        if (state.path("totals").has("requests")) {
                            events.add(state);
                        }
                    }
                }
            }
            assertThat(events).hasSize(3);
            assertThat(events.get(2).get("version").asLong()).isGreaterThan(events.get(0).get("version").asLong());
            assertThat(events.get(2).get("totals").get("requests").asLong()).isGreaterThan(events.get(0).get("totals").get("requests").asLong());
            assertThat(events.get(0).get("title").asText()).isEqualTo("Sliders <script>window.__xss = 1</script> in class");

            // refused on the server: above a safety limit (422), malformed (400); nothing sent
            HttpResponse<String> refused = post(server, "{\"set\": {\"workload.elasticity\": 9}, \"note\": \"too much\"}");
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(JSON.readTree(refused.body()).get("problems").toString()).contains("workload.elasticity").contains("3");
            HttpResponse<String> unknown = post(server, "{\"set\": {\"workload.requests_per_dya\": 9}}");
            assertThat(unknown.statusCode()).isEqualTo(422);
            assertThat(post(server, "not json").statusCode()).isEqualTo(400);
            assertThat(post(server, "{\"set\": {}}").statusCode()).isEqualTo(400);

            // a valid change is sent, shows in the timeline with its note, and reaches the aggregates
            HttpResponse<String> sent = post(server, "{\"set\": {\"workload.requests_per_day\": 960000}, \"note\": \"from the test\"}");
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
            JsonNode state = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                state = JSON.readTree(get(server, "api/state").body());
                JsonNode periods = state.get("periods");
                if (periods.size() > 0 && periods.get(periods.size() - 1).get("requests_per_day").asDouble() > 3.5 * 240000) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(state.get("changes").findValuesAsText("note")).contains("from the test").doesNotContain("too much");
            JsonNode periods = state.get("periods");
            assertThat(periods.get(periods.size() - 1).get("requests_per_day").asDouble()).isGreaterThan(3.5 * 240000);
            assertThat(running.get(120, TimeUnit.SECONDS).ledgerMatches()).isTrue();
            // the run's own summary (read back from the topics at the end) has it too
            JsonNode summaryPeriods = running.get().json().get("periods");
            assertThat(summaryPeriods.get(summaryPeriods.size() - 1).get("requests_per_day").asDouble()).isGreaterThan(3.5 * 240000);
        }
    }

    @Test
    @DisplayName("binds to 127.0.0.1 by default: unreachable on the machine's other addresses")
    void localhostOnly() throws Exception {
        try (DashboardServer server = DashboardServer.start(KafkaClients.of(SharedBroker.bootstrapServers()), () -> null, DashboardServer.LOCALHOST, 0)) {
            assertThat(server.url()).startsWith("http://127.0.0.1:");
            try (Socket local = new Socket("127.0.0.1", server.port())) {
                assertThat(local.isConnected()).isTrue();
            }
            List<InetAddress> others = NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress()).toList();
            for (InetAddress other : others) {
                assertThat(reachable(other, server.port())).as(other.toString()).isFalse();
            }
        }
    }

    private static boolean reachable(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new java.net.InetSocketAddress(address, port), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
