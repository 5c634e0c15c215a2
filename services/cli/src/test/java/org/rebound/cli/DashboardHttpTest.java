package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.rebound.dashboard.DashboardServer;

/**
 * The live dashboard's HTTP side against a scenario running on the real broker: the page and its
 * assets (nothing from the internet), the state, server-sent events, live changes (sent, refused,
 * malformed, to a run that does not exist), the loopback-only default bind, and scenario markup
 * carried as text. The tests share one run ({@link RunningScenario}, about 24 s of wall time);
 * those that need it still going come first.
 */
@DisplayName("dashboard over HTTP: page, webjar, server-sent events, validated live changes, localhost only")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ATTRIBUTE_URL =
            Pattern.compile("\\b(?:src|href)\\s*=\\s*[\"']([^\"']*)[\"']", Pattern.CASE_INSENSITIVE);

    /** The facilitator's key of this test's dashboard. */
    private static final String KEY = "test-facilitator-key-1";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private RunningScenario running;
    private DashboardServer server;

    @BeforeAll
    void start() throws Exception {
        running = RunningScenario.start("dashboard-http");
        String run = running.run.get();
        server = DashboardServer.start(running.clients, () -> run, DashboardServer.LOCALHOST, 0, KEY);
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (running != null) {
            JsonNode summary = running.finish();
            assertThat(summary.get("ledger").get("matches").asBoolean()).isTrue();
        }
    }

    @Test
    @Order(1)
    @DisplayName(
            "/events sends the state once (the fields of /api/state), then patches that each follow the previous version while the run goes; "
                    + "a reconnection with Last-Event-ID gets only what it missed")
    void serverSentEvents() throws Exception {
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(uri("events"))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
        InputStream body = response.body();
        Thread reader = new Thread(() -> readEvents(body, events), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        LiveMirror page = new LiveMirror();
        List<JsonNode> states = new ArrayList<>();
        String[] first;
        String[] seen = null;
        try {
            first = events.poll(10, TimeUnit.SECONDS);
            assertThat(first).as("an event within 10 s of connecting").isNotNull();
            assertThat(first[0]).as("the first event's name").isEqualTo("state");
            assertThat(page.accept(first[0], first[1])).isTrue();
            states.add(page.state.deepCopy());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            // at least three updates, and until the run's request total has moved between the first and the last
            while (System.nanoTime() < deadline
                    && (states.size() < 4
                            || states.get(0).path("totals").path("requests").asLong()
                                    == states.get(states.size() - 1)
                                            .path("totals")
                                            .path("requests")
                                            .asLong())) {
                String[] event = events.poll(200, TimeUnit.MILLISECONDS);
                if (event != null) {
                    // a state again only if the runs shown changed (the run not read yet when connecting)
                    assertThat(event[0]).as("event after the first").isIn("patch", "state");
                    assertThat(page.accept(event[0], event[1]))
                            .as("patch %s applies to the version held (%s)", event[1], page.state.get("version"))
                            .isTrue();
                    assertThat(event[2])
                            .as("id of version " + page.state.get("version"))
                            .endsWith("-" + page.state.get("version").asLong());
                    states.add(page.state.deepCopy());
                    if (event[0].equals("state")) {
                        first = event;
                    }
                    if (seen == null && event[0].equals("patch")) {
                        seen = event;
                    }
                }
            }
        } finally {
            body.close();
        }
        assertThat(states).as("state and patches received in 15 s").hasSizeGreaterThanOrEqualTo(4);
        assertThat(page.patches).as("patches").isGreaterThanOrEqualTo(2);
        for (int i = 1; i < states.size(); i++) {
            assertThat(states.get(i).get("version").asLong())
                    .as("version of update " + i)
                    .isGreaterThan(states.get(i - 1).get("version").asLong());
        }
        JsonNode last = states.get(states.size() - 1);
        assertThat(last.get("run").asText()).isEqualTo(running.run.get());
        assertThat(last.get("totals").get("requests").asLong())
                .as("requests aggregated, last update against first")
                .isGreaterThan(states.get(0).path("totals").path("requests").asLong());
        // pushed while the run went on: the simulated instant of the last event is before the end
        assertThat(Instant.parse(last.get("now").asText())).isBefore(RunningScenario.END);
        // what the page holds are fields of /api/state (the tables may follow within a second; all of them:
        // followerHoldsTheState)
        List<String> eventFields = new ArrayList<>();
        last.fieldNames().forEachRemaining(eventFields::add);
        List<String> stateFields = new ArrayList<>();
        state().fieldNames().forEachRemaining(stateFields::add);
        assertThat(eventFields).isSubsetOf(stateFields).contains("run", "version", "totals", "now");

        // a browser reconnecting says the last id it had: it gets the patches after it, not the state again
        HttpResponse<InputStream> again = http.send(
                HttpRequest.newBuilder(uri("events"))
                        .header("Accept", "text/event-stream")
                        .header("Last-Event-ID", seen[2])
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        BlockingQueue<String[]> resumed = new LinkedBlockingQueue<>();
        InputStream resumedBody = again.body();
        Thread resumedReader = new Thread(() -> readEvents(resumedBody, resumed), "sse-reader-resumed");
        resumedReader.setDaemon(true);
        resumedReader.start();
        try {
            String[] next = resumed.poll(10, TimeUnit.SECONDS);
            assertThat(next).isNotNull();
            assertThat(next[0]).as("first event after Last-Event-ID " + seen[2]).isEqualTo("patch");
            assertThat(JSON.readTree(next[1]).get("base").asLong())
                    .isEqualTo(JSON.readTree(seen[1]).get("version").asLong());
        } finally {
            resumedBody.close();
        }
        // an id of another dashboard (or none): the state
        HttpResponse<InputStream> other = http.send(
                HttpRequest.newBuilder(uri("events"))
                        .header("Accept", "text/event-stream")
                        .header("Last-Event-ID", "elsewhere-3")
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        BlockingQueue<String[]> fresh = new LinkedBlockingQueue<>();
        InputStream freshBody = other.body();
        Thread freshReader = new Thread(() -> readEvents(freshBody, fresh), "sse-reader-fresh");
        freshReader.setDaemon(true);
        freshReader.start();
        try {
            String[] next = fresh.poll(10, TimeUnit.SECONDS);
            assertThat(next).isNotNull();
            assertThat(next[0]).isEqualTo("state");
        } finally {
            freshBody.close();
        }
        follower = follow();
    }

    /** A page that follows /events from the first test to the last (see {@link #followerHoldsTheState}). */
    private Follower follower;

    private record Follower(LiveMirror page, InputStream body, java.util.concurrent.atomic.AtomicInteger broken) {}

    private Follower follow() throws Exception {
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(uri("events"))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        LiveMirror page = new LiveMirror();
        java.util.concurrent.atomic.AtomicInteger broken = new java.util.concurrent.atomic.AtomicInteger();
        BlockingQueue<String[]> events = new LinkedBlockingQueue<>() {
            @Override
            public boolean add(String[] event) {
                try {
                    synchronized (page) {
                        if (!page.accept(event[0], event[1])) {
                            broken.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    broken.incrementAndGet();
                }
                return true;
            }
        };
        InputStream body = response.body();
        Thread reader = new Thread(() -> readEvents(body, events), "sse-follower");
        reader.setDaemon(true);
        reader.start();
        return new Follower(page, body, broken);
    }

    @Test
    @Order(20)
    @DisplayName(
            "a page that followed /events through the run and its live changes holds what /api/state says (within the stream's rounding)")
    void followerHoldsTheState() throws Exception {
        assertThat(follower).as("started by the first test").isNotNull();
        running.finish(); // nothing changes any more once the run is over
        JsonNode expected = null;
        List<String> differences = List.of("not compared");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!differences.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(300);
            expected = state();
            // the version may have moved on with records that changed nothing shown (no update then)
            ((com.fasterxml.jackson.databind.node.ObjectNode) expected).remove("version");
            synchronized (follower.page()) {
                JsonNode held = follower.page().state == null
                        ? null
                        : follower.page().state.deepCopy();
                if (held != null) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) held).remove("version");
                }
                differences = held == null ? List.of("no state") : LiveMirror.differences(held, expected);
            }
        }
        follower.body().close();
        assertThat(follower.broken().get())
                .as("patches that did not follow the version held")
                .isZero();
        assertThat(follower.page().patches).as("patches applied").isGreaterThan(10);
        assertThat(differences).as("held by the page vs /api/state " + expected).isEmpty();
    }

    @Test
    @Order(2)
    @DisplayName(
            "/api/state follows the run: its scenario, totals from what the run produced, one period per simulated hour at 24,000 a day")
    void stateFollowsTheRun() throws Exception {
        HttpResponse<String> response = get("api/state");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode state = awaitState(
                s -> s.path("totals").path("requests").asLong() >= 2 * RunningScenario.REQUESTS_PER_DAY / 24
                        && s.path("periods").size() >= 2,
                "two hours aggregated");
        assertThat(state.get("run").asText()).isEqualTo(running.run.get());
        assertThat(state.get("scenario").asText()).isEqualTo("dashboard-http");
        // exact arrival: 1,000 requests a simulated hour, so the total is a whole number of thousands
        long requests = state.get("totals").get("requests").asLong();
        assertThat(requests % 1000).isZero();
        JsonNode energy = state.get("totals").get("facility_energy_kwh");
        // 0.3 Wh × PUE 1.2 per request (central)
        assertThat(energy.get("central").asDouble()).isCloseTo(requests * 0.3 * 1.2 / 1000, within(1e-6));
        assertThat(energy.get("low").asDouble())
                .isLessThanOrEqualTo(energy.get("central").asDouble());
        assertThat(energy.get("high").asDouble())
                .isGreaterThanOrEqualTo(energy.get("central").asDouble());
        for (JsonNode period : state.get("periods")) {
            assertThat(period.get("requests_per_day").asDouble())
                    .as("period " + period.get("start"))
                    .isEqualTo(RunningScenario.REQUESTS_PER_DAY);
        }
        assertThat(state.get("controls").get("requests_per_day").asDouble())
                .isEqualTo(RunningScenario.REQUESTS_PER_DAY);
        assertThat(state.get("controls").get("elasticity").asDouble()).isEqualTo(0.5);
        // the waterfall's numbers: the latest decomposed period against the first, the four effects adding up to the
        // change
        JsonNode change = state.get("change");
        assertThat(change).as("change, with two periods").isNotNull();
        double sum = change.get("activity").asDouble()
                + change.get("mix").asDouble()
                + change.get("intensity").asDouble()
                + change.get("rebound").asDouble();
        double difference = change.get("to_kwh_per_day").asDouble()
                - change.get("from_kwh_per_day").asDouble();
        assertThat(sum)
                .isCloseTo(
                        difference,
                        within(1e-9
                                * Math.max(
                                        1, Math.abs(change.get("to_kwh_per_day").asDouble()))));
        assertThat(change.get("sentence").asText())
                .startsWith("From the period starting " + change.get("from").asText());
        assertThat(state.get("periods").get(0).get("under_way").asBoolean())
                .as("the first hour is over")
                .isFalse();
    }

    @Test
    @Order(3)
    @DisplayName(
            "refused with 422 (elasticity 9 above its safety limit, an unknown path): nothing reaches the run; a valid change (requests doubled) is sent, shown with its note and in the periods from its tick on")
    void liveChanges() throws Exception {
        HttpResponse<String> refused = post("""
                {"set": {"workload.elasticity": 9}, "note": "too elastic"}""");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        JsonNode problems = JSON.readTree(refused.body()).get("problems");
        assertThat(problems).isNotNull();
        assertThat(problems.size()).isGreaterThanOrEqualTo(1);
        assertThat(problems.get(0).asText())
                .contains("workload.elasticity")
                .contains("safety limit")
                .contains("at most 3");
        HttpResponse<String> unknown = post("""
                {"set": {"workload.requests_per_dya": 48000}, "note": "typo"}""");
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(422);
        assertThat(JSON.readTree(unknown.body()).get("problems").toString()).contains("requests_per_dya");

        running.awaitSimulated(RunningScenario.START.plus(Duration.ofHours(4)));
        Instant sentAfter = running.simulated.get();
        assertThat(sentAfter)
                .as("still running when the change is sent")
                .isBefore(RunningScenario.END.minus(Duration.ofHours(4)));
        long doubled = 2 * RunningScenario.REQUESTS_PER_DAY;
        HttpResponse<String> sent = post("""
                {"set": {"workload.requests_per_day": %d}, "note": "from the test"}""".formatted(doubled));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        assertThat(JSON.readTree(sent.body()).get("sent").asText()).isEqualTo(running.run.get());

        // the run itself applies it (and only it) at a tick boundary after it was sent
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (running.changes.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(running.changes).as("changes applied by the run").hasSize(1);
        assertThat(running.changes.get(0).note()).isEqualTo("from the test");
        assertThat(running.changes.get(0).set()).containsOnlyKeys("workload.requests_per_day");
        Instant effective = running.changes.get(0).effectiveAt();
        assertThat(effective).isAfterOrEqualTo(sentAfter);

        JsonNode state = awaitState(
                s -> s.path("changes").findValuesAsText("note").contains("from the test")
                        && s.path("periods").findValuesAsText("start").stream()
                                .anyMatch(start -> !Instant.parse(start).isBefore(effective)),
                "the change noted and a period from its effective instant aggregated");
        JsonNode changes = state.get("changes");
        // the control topic is ordered per run: had a refused change been sent before, it would be listed first
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).get("source").asText()).isEqualTo("LIVE");
        assertThat(changes.get(0).get("note").asText()).isEqualTo("from the test");
        assertThat(changes.get(0).get("set").get("workload.requests_per_day").asText())
                .isEqualTo(Long.toString(doubled));
        int before = 0;
        int after = 0;
        for (JsonNode period : state.get("periods")) {
            boolean isAfter = !Instant.parse(period.get("start").asText()).isBefore(effective);
            assertThat(period.get("requests_per_day").asDouble())
                    .as("requests/day of period " + period.get("start").asText())
                    .isEqualTo(isAfter ? doubled : RunningScenario.REQUESTS_PER_DAY);
            if (isAfter) {
                after++;
            } else {
                before++;
            }
        }
        assertThat(before).isGreaterThanOrEqualTo(4);
        assertThat(after).isGreaterThanOrEqualTo(1);
        assertThat(state.get("controls").get("requests_per_day").asDouble()).isEqualTo(doubled);
        assertThat(state.get("controls").get("elasticity").asDouble())
                .as("elasticity after the refused change")
                .isEqualTo(0.5);
        assertThat(running.rejected).isEmpty();
    }

    @Test
    @Order(4)
    @DisplayName("malformed or empty requests are answered 400 and send nothing; a run that does not exist is 404")
    void malformed() throws Exception {
        for (String body : List.of("not json", "{\"set\": ", "", "{}", "{\"set\": {}}", "[1, 2]")) {
            HttpResponse<String> response = post(body);
            assertThat(response.statusCode()).as("POST '" + body + "'").isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("error").asText())
                    .as("POST '" + body + "'")
                    .isNotBlank();
        }
        try (DashboardServer other = DashboardServer.start(
                running.clients, () -> "no-such-run@20000101T000000.000Z", DashboardServer.LOCALHOST, 0, KEY)) {
            HttpResponse<String> missing = http.send(
                    HttpRequest.newBuilder(URI.create(other.url() + "api/set"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + KEY)
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"set\": {\"workload.requests_per_day\": 1000}}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).as(missing.body()).isEqualTo(404);
            assertThat(JSON.readTree(missing.body()).get("error").asText()).contains("no-such-run");
        }
        // none of these reached the run: the only change is the valid one
        assertThat(state().get("changes").findValuesAsText("note")).containsExactly("from the test");
    }

    @Test
    @Order(5)
    @DisplayName(
            "the page and its own files load nothing from the internet; every asset it names is served, uPlot from its WebJar")
    void sameOriginAssets() throws Exception {
        HttpResponse<String> index = get("");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        String html = index.body();
        assertThat(html).doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://");
        List<String> urls = new ArrayList<>();
        Matcher m = ATTRIBUTE_URL.matcher(html);
        while (m.find()) {
            urls.add(m.group(1));
        }
        assertThat(urls)
                .as("src/href in the page")
                .contains("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", "/app.js", "/app.css");
        for (String url : urls) {
            assertThat(url).as("same-origin path").startsWith("/").doesNotStartWith("//");
            HttpResponse<String> asset = get(url.substring(1));
            assertThat(asset.statusCode()).as(url).isEqualTo(200);
            assertThat(asset.body()).as(url).isNotEmpty();
            if (!url.startsWith("/webjars/")) {
                // the project's own files (uPlot's banner names its home page, in a comment)
                assertThat(asset.body())
                        .as(url + " must not pull anything from the internet")
                        .doesNotContainIgnoringCase("http://")
                        .doesNotContainIgnoringCase("https://");
            }
        }
        HttpResponse<String> uplot = get("webjars/uplot/1.6.30/dist/uPlot.iife.min.js");
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.headers().firstValue("Content-Type").orElse("")).contains("javascript");
        assertThat(uplot.body())
                .startsWith("/*! https://github.com/leeoniya/uPlot (v1.6.30)")
                .contains("var uPlot");
        // the page's own scripts (app.js imports live.js) talk only to same-origin paths (a team's page puts its
        // /team/K before some of them: BASE + "/events")
        String js = get("app.js").body() + get("live.js").body();
        assertThat(js).doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://");
        Matcher calls = Pattern.compile(
                        "(?:fetch|EventSource|import)\\(\\s*(?:(?:BASE|base)\\s*\\+\\s*)?[\"'`]([^\"'`]*)")
                .matcher(js);
        List<String> called = new ArrayList<>();
        while (calls.find()) {
            called.add(calls.group(1));
        }
        assertThat(called)
                .contains("/live.js", "/events", "/api/set")
                .allSatisfy(u -> assertThat(u).startsWith("/").doesNotStartWith("//"));
    }

    @Test
    @Order(6)
    @DisplayName("binds to 127.0.0.1 by default: the URL is loopback and answers")
    void loopbackUrl() throws Exception {
        assertThat(DashboardServer.LOCALHOST).isEqualTo("127.0.0.1");
        assertThat(server.port()).isPositive();
        assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.port()), 2000);
        }
    }

    @Test
    @Order(7)
    @DisplayName("binds to 127.0.0.1 by default: connecting on the machine's other addresses is refused")
    void notReachableFromOtherAddresses() throws Exception {
        List<InetAddress> others = NetworkInterface.networkInterfaces()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress())
                .toList();
        Assumptions.assumeFalse(others.isEmpty(), "this machine has no non-loopback address to try");
        for (InetAddress other : others) {
            // refused outright (nothing listens there), not merely slow
            assertThatThrownBy(() -> {
                        try (Socket socket = new Socket()) {
                            socket.connect(new InetSocketAddress(other, server.port()), 2000);
                        }
                    })
                    .as("connect to " + other.getHostAddress() + " port " + server.port())
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    @Order(8)
    @DisplayName("markup in the scenario's title and narrative is carried as plain JSON text")
    void markupIsText() throws Exception {
        HttpResponse<String> response = get("api/state");
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode state = JSON.readTree(response.body());
        assertThat(state.get("title").asText()).isEqualTo(RunningScenario.XSS);
        assertThat(state.get("narrative").asText())
                .isEqualTo("Facilitator: " + RunningScenario.XSS + "\nsecond line\n");
    }

    private JsonNode awaitState(Predicate<JsonNode> ready, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode state = state();
        while (!ready.test(state) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            state = state();
        }
        assertThat(ready.test(state)).as(what + "; last state: " + state).isTrue();
        return state;
    }

    private JsonNode state() throws Exception {
        HttpResponse<String> response = get("api/state");
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create(server.url() + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String body) throws Exception {
        return post(body, "application/json", "Bearer " + KEY, null);
    }

    private HttpResponse<String> post(String body, String contentType, String authorization, String origin)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("api/set"))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(9)
    @DisplayName(
            "only the facilitator's page changes the run: 403 without the key, with a wrong one or from another origin "
                    + "(the cross-site text/plain post of issue 14), 415 not JSON, 413 too large, 429 above 5 changes a second; nothing sent")
    void controlsOnlyForTheFacilitator() throws Exception {
        java.util.List<String> notesBefore = state().get("changes").findValuesAsText("note");
        String change = "{\"set\": {\"workload.elasticity\": 0.9}, \"note\": \"from elsewhere\"}";
        assertThat(post(change, "text/plain", null, "http://evil.example").statusCode())
                .as("cross-site, no key")
                .isEqualTo(403);
        assertThat(post(change, "application/json", "Bearer " + KEY, "http://evil.example")
                        .statusCode())
                .as("another origin, even with the key")
                .isEqualTo(403);
        assertThat(post(change, "application/json", null, null).statusCode())
                .as("no key")
                .isEqualTo(403);
        assertThat(post(change, "application/json", "Bearer wrong-key-123456", null)
                        .statusCode())
                .as("wrong key")
                .isEqualTo(403);
        assertThat(post(change, "application/json", KEY, null).statusCode())
                .as("the key without 'Bearer '")
                .isEqualTo(403);
        assertThat(post(change, "text/plain", "Bearer " + KEY, null).statusCode())
                .as("not JSON")
                .isEqualTo(415);
        String large = "{\"set\": {\"workload.elasticity\": 0.9}, \"note\": \"" + "x".repeat(5000) + "\"}";
        assertThat(post(large, "application/json", "Bearer " + KEY, null).statusCode())
                .as("5 KB")
                .isEqualTo(413);
        String ownOrigin = "http://" + uri("").getHost() + ":" + uri("").getPort();
        HttpResponse<String> refused =
                post("{\"set\": {\"workload.elasticity\": 9}}", "application/json", "Bearer " + KEY, ownOrigin);
        assertThat(refused.statusCode())
                .as("the page's own origin with the key reaches validation")
                .isEqualTo(422);
        assertThat(state().get("changes").findValuesAsText("note"))
                .as("nothing reached the run")
                .isEqualTo(notesBefore);

        // a burst of 12 valid changes at once: 5 sent (a burst of 5), plus what refills at 5 a second meanwhile; the
        // others 429
        long burstStart = System.nanoTime();
        java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> burst =
                new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            burst.add(http.sendAsync(
                    HttpRequest.newBuilder(uri("api/set"))
                            .timeout(Duration.ofSeconds(20))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + KEY)
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"set\": {\"workload.elasticity\": 0.5}, \"note\": \"burst\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        java.util.List<Integer> statuses =
                burst.stream().map(f -> f.join().statusCode()).toList();
        double seconds = (System.nanoTime() - burstStart) / 1e9;
        assertThat(statuses).as("statuses of 12 changes sent at once").allMatch(s -> s == 200 || s == 429);
        assertThat(statuses.stream().filter(s -> s == 200).count())
                .as("sent in %.2f s", seconds)
                .isBetween(5L, 5L + (long) Math.floor(5 * seconds));
        assertThat(statuses)
                .as("statuses of 12 changes sent at once, in %.2f s", seconds)
                .contains(429);
        Thread.sleep(1_100);
        assertThat(post("{\"set\": {\"workload.elasticity\": 0.5}, \"note\": \"burst\"}")
                        .statusCode())
                .as("a second later")
                .isEqualTo(200);
    }

    @Test
    @Order(20)
    @DisplayName(
            "a room on one address: /team/K serves the page, its state and events; only team K's key (or the facilitator's) "
                    + "passes its gate, with the same 403/415/413 rules; /api/reveal is the facilitator's, limited to 5 a second, "
                    + "and every page's state carries what it hides; the room's state lists every team with its targets")
    void roomRoutes() throws Exception {
        String run = running.run.get();
        String other = "no-such-team@20000101T000000.000Z";
        String facilitator = "room-facilitator-key-1";
        try (DashboardServer room = DashboardServer.startRoom(
                running.clients,
                List.of(run, other),
                java.util.Map.of("co2e_kg", 1.0),
                DashboardServer.LOCALHOST,
                0,
                facilitator)) {
            String base = room.url();
            assertThat(room.teamPageUrl(2)).isEqualTo(base + "team/2");
            String one = room.teamUrl(1).replaceAll(".*key=", "");
            String two = room.teamUrl(2).replaceAll(".*key=", "");
            assertThat(one).isNotEqualTo(two).isNotEqualTo(facilitator).hasSizeGreaterThanOrEqualTo(20);

            String page = http.send(
                            HttpRequest.newBuilder(URI.create(base)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            HttpResponse<String> teamPage = http.send(
                    HttpRequest.newBuilder(URI.create(base + "team/2")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(teamPage.statusCode()).isEqualTo(200);
            assertThat(teamPage.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(teamPage.body()).as("the same page as /").isEqualTo(page);
            for (String missing : List.of("team/3", "team/0", "team/x", "team/3/api/state")) {
                assertThat(http.send(
                                        HttpRequest.newBuilder(URI.create(base + missing))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode())
                        .as(missing)
                        .isEqualTo(404);
            }

            // a team's state: its own run, which team it is, and the room beside it (once this new
            // server's feed has read the run and its totals from the topics: "run" is null until then)
            JsonNode state = null;
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            do {
                if (state != null) {
                    Thread.sleep(100);
                }
                state = JSON.readTree(http.send(
                                HttpRequest.newBuilder(URI.create(base + "team/1/api/state"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
            } while ((state.path("run").isNull()
                            || state.path("room")
                                            .path("teams")
                                            .path(0)
                                            .path("requests")
                                            .asLong()
                                    == 0)
                    && System.nanoTime() < until);
            assertThat(state.path("run").asText()).isEqualTo(run);
            assertThat(state.path("team").asInt()).isEqualTo(1);
            assertThat(state.path("beside")).isEmpty();
            JsonNode teams = state.path("room").path("teams");
            assertThat(teams).hasSize(2);
            assertThat(teams.get(0).path("run").asText()).isEqualTo(run);
            assertThat(teams.get(0).path("requests").asLong()).isPositive();
            assertThat(teams.get(0).has("rebound_effect")).isTrue();
            assertThat(teams.get(0).path("targets").path("co2e_kg").path("max").asDouble())
                    .isEqualTo(1.0);
            assertThat(teams.get(1).path("requests").asLong())
                    .as("a run not started")
                    .isZero();
            assertThat(teams.get(1).path("met_targets").asBoolean()).isTrue();
            JsonNode roomState = JSON.readTree(http.send(
                            HttpRequest.newBuilder(URI.create(base + "api/state"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            assertThat(roomState.path("team").asInt()).as("the room's page").isZero();
            assertThat(roomState.path("room").path("targets").toString()).isEqualTo("{\"co2e_kg\":1.0}");

            // a team's events: the state first, with the room in it
            HttpResponse<InputStream> events = http.send(
                    HttpRequest.newBuilder(URI.create(base + "team/2/events"))
                            .header("Accept", "text/event-stream")
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(events.statusCode()).isEqualTo(200);
            BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
            InputStream body = events.body();
            Thread reader = new Thread(() -> readEvents(body, received), "sse-reader-team");
            reader.setDaemon(true);
            reader.start();
            String[] first = received.poll(10, TimeUnit.SECONDS);
            body.close();
            assertThat(first).isNotNull();
            assertThat(first[0]).isEqualTo("state");
            assertThat(JSON.readTree(first[1]).path("room").path("teams")).hasSize(2);

            // team 2's gate: its key or the facilitator's; the rules of /api/set
            String change = "{\"set\": {\"workload.requests_per_day\": 1000}}";
            String setTwo = base + "team/2/api/set";
            assertThat(send(setTwo, one, change, "application/json", null).statusCode())
                    .as("team 1's key on team 2")
                    .isEqualTo(403);
            assertThat(send(setTwo, null, change, "application/json", null).statusCode())
                    .isEqualTo(403);
            assertThat(send(setTwo, two, change, "application/json", "http://evil.example")
                            .statusCode())
                    .isEqualTo(403);
            assertThat(send(setTwo, two, change, "text/plain", null).statusCode())
                    .isEqualTo(415);
            assertThat(send(setTwo, two, "{\"note\": \"" + "x".repeat(5000) + "\"}", "application/json", null)
                            .statusCode())
                    .isEqualTo(413);
            // past the gate, the change goes to run 2 (here one that does not exist: 404 naming it)
            for (String key : List.of(two, facilitator)) {
                HttpResponse<String> missing = send(setTwo, key, change, "application/json", null);
                assertThat(missing.statusCode()).as(missing.body()).isEqualTo(404);
                assertThat(missing.body()).contains(other);
            }
            // team 1's key on its own page: validated against run 1 (refused here, so nothing is sent)
            HttpResponse<String> refused = send(
                    base + "team/1/api/set", one, "{\"set\": {\"workload.elasticity\": 9}}", "application/json", null);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(send(base + "api/set", facilitator, change, "application/json", null)
                            .statusCode())
                    .as("the room's page changes no run")
                    .isEqualTo(400);

            // hide and reveal: the facilitator's only, 5 a second, carried in every page's state
            String hide = "{\"hidden\": [\"co2e\"]}";
            assertThat(send(base + "api/reveal", one, hide, "application/json", null)
                            .statusCode())
                    .isEqualTo(403);
            assertThat(send(base + "api/reveal", facilitator, hide, "text/plain", null)
                            .statusCode())
                    .isEqualTo(415);
            assertThat(send(base + "api/reveal", facilitator, "{\"hidden\": \"co2e\"}", "application/json", null)
                            .statusCode())
                    .isEqualTo(400);
            HttpResponse<String> hidden = send(base + "api/reveal", facilitator, hide, "application/json", null);
            assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(200);
            long version = JSON.readTree(hidden.body()).path("version").asLong();
            JsonNode after = JSON.readTree(http.send(
                            HttpRequest.newBuilder(URI.create(base + "team/2/api/state"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            assertThat(after.path("reveal").path("hidden").toString()).isEqualTo("[\"co2e\"]");
            assertThat(after.path("reveal").path("version").asLong()).isEqualTo(version);
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                statuses.add(send(base + "api/reveal", facilitator, "{\"hidden\": []}", "application/json", null)
                        .statusCode());
            }
            assertThat(statuses).as("8 reveals at once").contains(429).allMatch(s -> s == 200 || s == 429);
        }
    }

    private HttpResponse<String> send(String url, String key, String body, String contentType, String origin)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Parses an event stream into [name, data, id] until it is closed. */
    private static void readEvents(InputStream body, BlockingQueue<String[]> events) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = "message";
            String id = null;
            StringBuilder data = new StringBuilder();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new String[] {name, data.toString(), id});
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).stripLeading());
                }
            }
        } catch (java.io.IOException e) {
            // closed by the test
        }
    }
}
