package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.rebound.avro.Totals;
import org.rebound.broker.testing.OwnBroker;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.Keys;
import org.rebound.kafka.TopicReader;
import org.rebound.kafka.Topics;

/**
 * The services flow of docs/operations.md with run ids an operator chooses (no '@' in them):
 * two `rebound aggregate` processes, `rebound dashboard --bootstrap`, two `rebound generate
 * --run ID --instance i/2` processes, and `rebound set` with and without `--run`. Every service is
 * a real JVM on the real broker, and every line they log is read.
 */
@DisplayName("services flow with a chosen run id: dashboard, set with and without --run, live changes")
class ServicesFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String SCENARIO = """
            name: ops
            title: "Four data centres, two generator instances"
            seed: 11
            clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-03T00:00:00Z, tick: 10m, speed: max, period: 1d}
            regions:
              FR: {carbon_g_per_kwh: 56, water_l_per_kwh: 3.67}
              US-VA: {carbon_g_per_kwh: 323, water_l_per_kwh: 3.1}
            datacentres:
              - {id: paris-1, region: FR, pue: 1.2, wue_l_per_kwh: 0.5, share: 0.3}
              - {id: paris-2, region: FR, pue: 1.3, wue_l_per_kwh: 0.5, share: 0.2}
              - {id: ashburn-1, region: US-VA, pue: 1.1, wue_l_per_kwh: 1.0, share: 0.4}
              - {id: ashburn-2, region: US-VA, pue: 1.4, wue_l_per_kwh: 1.0, share: 0.1}
            kinds:
              text: {energy_wh: 0.3}
              image: {energy_wh: 3}
            workload: {requests_per_day: 2.0e6, arrival: poisson, mix: {text: 0.9, image: 0.1}}
            """;

    @TempDir
    Path dir;

    private final List<Process> services = new ArrayList<>();
    private final Map<String, Path> logs = new java.util.LinkedHashMap<>();

    /** A broker of its own: its aggregate processes' new consumer group reads the topics from the beginning. */
    @RegisterExtension
    final OwnBroker broker = new OwnBroker();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process service : services) {
            service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process service(String name, String... args) throws Exception {
        return service(name, List.of(args));
    }

    private Process service(String name, List<String> args) throws Exception {
        Path log = dir.resolve(name + ".log");
        logs.put(name, log);
        Process process = ReboundProcess.start(log, args);
        services.add(process);
        return process;
    }

    /** `rebound set`, in this JVM: exit code, standard output, standard error. */
    private static String[] set(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("set"));
        all.addAll(List.of(args));
        int code = Rebound.execute(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    private List<Process> generators(Path scenario, String bootstrap, String run, String speed) throws Exception {
        List<Process> generators = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            generators.add(service(
                    "generate-" + run + "-" + i,
                    "generate",
                    scenario.toString(),
                    "--bootstrap",
                    bootstrap,
                    "--run",
                    run,
                    "--instance",
                    i + "/2",
                    "--speed",
                    speed));
        }
        return generators;
    }

    private void awaitExit(List<Process> processes) throws Exception {
        for (Process p : processes) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS))
                    .as("generator finished")
                    .isTrue();
            if (p.exitValue() != 0) {
                StringBuilder all = new StringBuilder();
                for (Map.Entry<String, Path> log : logs.entrySet()) {
                    all.append("--- ").append(log.getKey()).append('\n').append(Files.readString(log.getValue()));
                }
                assertThat(p.exitValue())
                        .as("generator exit code; the services' logs:\n" + all)
                        .isZero();
            }
        }
    }

    /** The run's overall totals once they count {@code atLeast} load events (every record of the run summed). */
    private static Totals awaitTotals(TopicReader reader, String run, long atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Totals overall = null;
        while (System.nanoTime() < deadline) {
            reader.awaitStable(List.of(Topics.TOTALS.name()), java.time.Duration.ofSeconds(30));
            overall = reader.latestByKey(Topics.TOTALS, run::equals).get(run);
            if (overall != null && overall.getLoadEvents() >= atLeast) {
                return overall;
            }
            Thread.sleep(300);
        }
        return overall;
    }

    private static JsonNode awaitState(String dashboard, Predicate<JsonNode> until) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode state = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(dashboard + "api/state")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            state = JSON.readTree(response.body());
            if (until.test(state)) {
                return state;
            }
            Thread.sleep(250);
        }
        return state;
    }

    private String awaitDashboardUrl() throws Exception {
        Pattern url = Pattern.compile("dashboard: (http://\\S+/)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = url.matcher(Files.readString(logs.get("dashboard")));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the dashboard printed no address: " + Files.readString(logs.get("dashboard")));
    }

    @Test
    @DisplayName(
            "ids without '@': totals of one process, the dashboard follows the latest run, set applies live and says when nothing took it")
    void servicesFlow() throws Exception {
        String bootstrap = broker.bootstrapServers();
        KafkaClients clients = KafkaClients.of(bootstrap);
        TopicReader reader = new TopicReader(clients);
        JsonNode alone = ScenarioRun.execute(
                        ScenarioLoader.parse(SCENARIO, "ops.yaml"),
                        clients,
                        ScenarioRun.Settings.defaults(),
                        ScenarioRun.Listener.SILENT,
                        System.nanoTime())
                .json();
        long expected = alone.get("requests").asLong();
        Path scenario = Files.writeString(dir.resolve("ops.yaml"), SCENARIO);
        String suffix = Long.toString(System.nanoTime());
        String applicationId = "rebound-aggregator-flow-" + suffix;

        for (int i = 0; i < 2; i++) {
            service("aggregate-" + i, ReboundProcess.aggregate(bootstrap, applicationId, dir.resolve("state-" + i)));
        }
        service("dashboard", "dashboard", "--bootstrap", bootstrap);
        String dashboard = awaitDashboardUrl();

        // 1. run A, at full speed: the totals of one process
        String runA = "ops-test-" + suffix;
        awaitExit(generators(scenario, bootstrap, runA, "max"));
        long loadEvents = alone.get("load_events").asLong();
        Totals a = awaitTotals(reader, runA, loadEvents);
        assertThat(a.getRequests())
                .as("requests of two instances and two aggregators")
                .isEqualTo(expected);
        assertThat(a.getLoadEvents()).isEqualTo(alone.get("load_events").asLong());
        Map<String, Totals> byDatacentre =
                reader.latestByKey(Topics.TOTALS_BY_DATACENTRE, k -> k.startsWith(Keys.member(runA, "")));
        assertThat(byDatacentre).hasSize(4);
        byDatacentre
                .values()
                .forEach(t -> assertThat(t.getRequests())
                        .as(t.getMember())
                        .isEqualTo(alone.get("by_datacentre")
                                .get(t.getMember())
                                .get("requests")
                                .asLong()));

        // the dashboard (no --run) serves the latest run, whatever its id
        JsonNode state = awaitState(
                dashboard,
                s -> runA.equals(s.path("run").asText())
                        && s.path("totals").path("requests").asLong() == expected);
        assertThat(state.path("run").asText()).isEqualTo(runA);
        assertThat(state.path("totals").path("requests").asLong()).isEqualTo(expected);

        // set without --run picks run A; it has ended, so no generator applies the change: said, exit 1
        String[] ended = set("--bootstrap", bootstrap, "--wait", "1", "workload.requests_per_day=3e6");
        assertThat(ended[1]).contains("sent to run " + runA);
        assertThat(ended[2]).contains("not applied within 1 s").contains(runA).doesNotContain("Exception");
        assertThat(ended[0]).isEqualTo("1");

        // 2. run B, paced (two simulated days in about 16 s): live changes with and without --run
        String runB = "ops-live." + suffix;
        List<Process> generatorsB = generators(scenario, bootstrap, runB, "3h/s");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (reader.latestByKey(Topics.SCENARIOS, runB::equals).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        String[] named =
                set("--bootstrap", bootstrap, "--run", runB, "workload.requests_per_day=4e6", "--note", "doubled");
        assertThat(named[0]).as(named[2]).isEqualTo("0");
        assertThat(named[1])
                .contains("sent to run " + runB)
                .contains("applied by the run's generator at simulated 2025-01-0");
        String[] latest = set("--bootstrap", bootstrap, "kinds.text.energy_factor=0.5", "--note", "cheaper text");
        assertThat(latest[0]).as(latest[2]).isEqualTo("0");
        assertThat(latest[1])
                .as("set without --run: the latest run")
                .contains("sent to run " + runB)
                .contains("applied");
        awaitExit(generatorsB);
        for (int i = 0; i < 2; i++) {
            String log = Files.readString(logs.get("generate-" + runB + "-" + i));
            assertThat(log)
                    .as("instance " + i + " applied both changes")
                    .contains("doubled")
                    .contains("cheaper text");
        }
        // the same clock, data centres and kinds as run A: as many load events, whatever the demand
        Totals b = awaitTotals(reader, runB, loadEvents);
        assertThat(b.getLoadEvents()).as("every load event of run B summed").isEqualTo(loadEvents);
        assertThat(b.getRequests())
                .as("demand doubled part of the way: more requests than the unchanged run")
                .isGreaterThan(expected + expected / 10);
        JsonNode stateB = awaitState(
                dashboard,
                s -> runB.equals(s.path("run").asText())
                        && s.path("totals").path("requests").asLong() == b.getRequests());
        assertThat(stateB.path("run").asText())
                .as("the dashboard moved to the latest run")
                .isEqualTo(runB);
        assertThat(stateB.path("totals").path("requests").asLong()).isEqualTo(b.getRequests());

        // an id that is not a run id: exit 2 with a sentence, nothing parsed
        String[] bad = set("--bootstrap", bootstrap, "--run", "ops test/1", "workload.requests_per_day=4e6");
        assertThat(bad[0]).isEqualTo("2");
        assertThat(bad[2]).contains("--run: expected a run id of").contains("'ops test/1'");

        // nothing in any service's log but what a user should read
        Thread.sleep(1_000); // the dashboard's push loop has run a few more times
        for (Map.Entry<String, Path> log : logs.entrySet()) {
            String text = Files.readString(log.getValue());
            assertThat(text)
                    .as(log.getKey() + " log")
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ")
                    .doesNotContain("WARN")
                    .doesNotContain("ERROR");
        }
    }
}
