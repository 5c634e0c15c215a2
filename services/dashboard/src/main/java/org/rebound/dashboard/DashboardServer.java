package org.rebound.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.rebound.domain.scenario.Problem;
import org.rebound.domain.scenario.ScenarioException;
import org.rebound.kafka.KafkaClients;
import org.rebound.kafka.LiveChanges;
import org.rebound.kafka.NoSuchRunException;

/**
 * The live dashboard: one page (served from the jar, charts from a WebJar, nothing from the
 * internet), its state pushed by server-sent events within a quarter of a second of the
 * aggregates, and live changes from its sliders, validated here before they are sent.
 * Binds to 127.0.0.1 unless told otherwise.
 */
public final class DashboardServer implements AutoCloseable {

    public static final String LOCALHOST = "127.0.0.1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PUSH_EVERY_MS = 250;

    private final Javalin app;
    private final DashboardFeed feed;
    private final LiveChanges live;
    private final ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rebound-dashboard-push");
        t.setDaemon(true);
        return t;
    });
    private final LiveViewers viewers;
    private final String host;
    private final String controlKey;

    private DashboardServer(
            Javalin app, DashboardFeed feed, LiveChanges live, LiveViewers viewers, String host, String controlKey) {
        this.app = app;
        this.feed = feed;
        this.live = live;
        this.viewers = viewers;
        this.host = host;
        this.controlKey = controlKey;
    }

    /**
     * @param run the run to show; null: the most recently started run on the cluster
     * @param port 0 for any free port
     */
    public static DashboardServer start(KafkaClients kafka, Supplier<String> run, String host, int port) {
        return start(kafka, run, host, port, null);
    }

    /** @param controlKey the facilitator's key; null: a fresh random one */
    public static DashboardServer start(
            KafkaClients kafka, Supplier<String> run, String host, int port, String controlKey) {
        return startFor(
                kafka,
                () -> {
                    String chosen = run.get();
                    return chosen == null ? List.of() : List.of(chosen);
                },
                host,
                port,
                controlKey);
    }

    public static DashboardServer startFor(KafkaClients kafka, Supplier<List<String>> runs, String host, int port) {
        return startFor(kafka, runs, host, port, null);
    }

    /**
     * @param runs the runs to show: the first, with the others beside it; empty: the most
     *             recently started runs on the cluster (those started together, e.g. a scenario
     *             and its baseline)
     */
    public static DashboardServer startFor(
            KafkaClients kafka, Supplier<List<String>> runs, String host, int port, String controlKey) {
        String key = controlKey == null ? ControlGate.freshKey() : controlKey;
        ControlGate gate = new ControlGate(key);
        DashboardFeed feed = new DashboardFeed(kafka);
        Supplier<List<String>> shown = () -> {
            List<String> chosen = runs.get();
            return chosen.isEmpty() ? feed.latestRuns() : chosen;
        };
        LiveChanges live = new LiveChanges(kafka);
        LiveViewers viewers = new LiveViewers();
        Javalin app = Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            // threads started for a burst of requests (a room connecting at once) stop after 5 s idle, not 60
            org.eclipse.jetty.util.thread.QueuedThreadPool threads =
                    new org.eclipse.jetty.util.thread.QueuedThreadPool(200, 8, 5_000);
            threads.setName("rebound-dashboard-http");
            // all of them at once (Jetty's default stops one per idle period: 30 threads took minutes)
            threads.setMaxEvictCount(64);
            config.jetty.threadPool = threads;
            config.staticFiles.add("/dashboard", Location.CLASSPATH);
            config.staticFiles.enableWebjars();
            config.routes.get(
                    "/metrics",
                    ctx -> ctx.contentType(MetricsExport.contentType()).result(MetricsExport.scrape(feed)));
            config.routes.get("/api/state", ctx -> json(ctx, feed.snapshot(shown.get())));
            config.routes.get("/messages.json", DashboardText::serve);
            config.routes.post("/api/set", ctx -> {
                java.util.Optional<ControlGate.Refusal> refused = gate.check(
                        ctx.header("Origin"),
                        ctx.header("Host"),
                        ctx.header("Authorization"),
                        ctx.header("Content-Type"),
                        ctx.bodyAsBytes().length);
                if (refused.isPresent()) {
                    ctx.status(refused.get().status());
                    json(ctx, JSON.createObjectNode().put("error", refused.get().error()));
                    return;
                }
                set(ctx, live, feed, first(shown.get()), gate);
            });
            // server-sent events, written without a thread per viewer (LiveViewers)
            config.routes.get("/events", viewers::open);
        });
        app.start();
        DashboardServer server = new DashboardServer(app, feed, live, viewers, host, key);
        long[] pushed = {-1};
        List<List<String>> pushedRuns = new java.util.ArrayList<>(List.of(List.of()));
        PushFailures failures = new PushFailures();
        server.pusher.scheduleAtFixedRate(
                () -> {
                    try {
                        // at most one update per period, built once for every viewer, none when nothing changed
                        long version = feed.version();
                        List<String> showing = shown.get();
                        if (version == pushed[0] && showing.equals(pushedRuns.get(0))) {
                            viewers.keepAlive();
                            return;
                        }
                        long began = System.nanoTime();
                        ObjectNode state = feed.snapshot(showing);
                        long built = state.get("version").asLong();
                        long snapshotted = System.nanoTime();
                        if (viewers.publish(built, LiveWire.encode(state))) {
                            pushed[0] = built;
                        } // else a series held back: built again at the next tick
                        server.timings.add(snapshotted - began, System.nanoTime() - snapshotted);
                        pushedRuns.set(0, showing);
                        failures.succeeded();
                    } catch (RuntimeException e) {
                        // a failed push must not stop the next ones (a scheduled task that throws is never run again)
                        failures.failed(e);
                    }
                },
                0,
                PUSH_EVERY_MS,
                TimeUnit.MILLISECONDS);
        return server;
    }

    /**
     * The push loop runs every 250 ms: a failure is logged once per distinct cause (its type and
     * message), with the stack trace at debug level only, and its end once; the page keeps serving
     * the last state it had.
     */
    static final class PushFailures {
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DashboardServer.class);
        private final Set<String> logged = new java.util.HashSet<>();
        private boolean failing;

        void failed(RuntimeException e) {
            failing = true;
            String cause = e.getClass().getName() + ": " + e.getMessage();
            if (logged.add(cause)) {
                LOG.warn("dashboard update failed, the page keeps its last state ({}); logged once per cause", cause);
                LOG.debug("dashboard update failure", e);
            }
        }

        void succeeded() {
            if (failing) {
                failing = false;
                LOG.warn("dashboard updates again");
            }
        }

        /** Distinct causes logged so far (for tests). */
        int distinctCauses() {
            return logged.size();
        }
    }

    private static String first(List<String> runs) {
        return runs.isEmpty() ? null : runs.get(0);
    }

    /**
     * POST /api/set {"set": {"key.path": value, ...}, "note": "..."} from the facilitator's page
     * ({@link ControlGate}: 403, 415, 413 first): 200 sent, 400 malformed, 422 refused, 429 too many
     * a second (nothing sent).
     */
    private static void set(Context ctx, LiveChanges live, DashboardFeed feed, String run, ControlGate gate)
            throws Exception {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (Exception e) {
            ctx.status(400);
            json(ctx, JSON.createObjectNode().put("error", "expected a JSON body {\"set\": {\"key.path\": value}}"));
            return;
        }
        Map<String, String> changes = new LinkedHashMap<>();
        body.path("set")
                .fields()
                .forEachRemaining(e -> changes.put(
                        e.getKey(),
                        e.getValue().isTextual()
                                ? e.getValue().asText()
                                : e.getValue().toString()));
        if (changes.isEmpty() || run == null) {
            ctx.status(400);
            json(ctx, JSON.createObjectNode().put("error", run == null ? "no run to change yet" : "nothing to set"));
            return;
        }
        try {
            // the feed follows the scenarios topic already: reading it again for each change costs a consumer
            org.rebound.avro.ScenarioDefinition target = feed.definition(run);
            if (target == null) {
                target = live.definition(run);
            }
            LiveChanges.validate(target, changes, body.path("note").asText(""));
            java.util.Optional<ControlGate.Refusal> tooMany = gate.admit();
            if (tooMany.isPresent()) {
                ctx.status(tooMany.get().status());
                json(ctx, JSON.createObjectNode().put("error", tooMany.get().error()));
                return;
            }
            LiveChanges.Sent sent =
                    live.publish(target, changes, body.path("note").asText(""));
            json(ctx, JSON.createObjectNode().put("sent", sent.run()));
        } catch (ScenarioException e) {
            ctx.status(422);
            ObjectNode refused = JSON.createObjectNode();
            var problems = refused.putArray("problems");
            for (Problem p : e.problems()) {
                problems.add(p.toString());
            }
            json(ctx, refused);
        } catch (NoSuchRunException e) {
            ctx.status(404);
            json(ctx, JSON.createObjectNode().put("error", e.getMessage()));
        }
    }

    private static void json(Context ctx, JsonNode node) {
        ctx.contentType("application/json").result(node.toString());
    }

    /** The read-only page: anyone who has it sees the run, no control. */
    public String url() {
        return "http://" + host + ":" + app.port() + "/";
    }

    /** The facilitator's page: the same, with the sliders (its address carries the key). */
    public String facilitatorUrl() {
        return url() + "?key=" + controlKey;
    }

    /** How long the updates took to build: for tests and measurements. */
    static final class Timings {
        private long count;
        private long snapshotNanos;
        private long publishNanos;
        private long maxNanos;

        synchronized void add(long snapshot, long publish) {
            count++;
            snapshotNanos += snapshot;
            publishNanos += publish;
            maxNanos = Math.max(maxNanos, snapshot + publish);
        }

        @Override
        public synchronized String toString() {
            return String.format(
                    java.util.Locale.ROOT,
                    "%d updates built: state %.1f ms, encoding, diff and queueing %.1f ms on average, %.0f ms at most",
                    count,
                    count == 0 ? 0 : snapshotNanos / 1e6 / count,
                    count == 0 ? 0 : publishNanos / 1e6 / count,
                    maxNanos / 1e6);
        }
    }

    private final Timings timings = new Timings();

    /** How long building the updates took so far (one line). */
    public String updateTimings() {
        return timings + "; " + viewers.framesBuilt() + " events, " + viewers.bytesBuilt() + " bytes";
    }

    /** Viewers connected to {@code /events} now. */
    public int viewers() {
        return viewers.size();
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() throws InterruptedException {
        pusher.shutdownNow();
        viewers.close();
        app.stop();
        live.close();
        feed.close();
    }
}
