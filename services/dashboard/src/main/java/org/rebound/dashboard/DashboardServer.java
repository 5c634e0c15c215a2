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
    /** The room's page (or the run's, outside a room) first, then each team's. */
    private final List<Scope> scopes;

    private final String host;
    private final String controlKey;
    private final Reveal reveal;

    private DashboardServer(
            Javalin app,
            DashboardFeed feed,
            LiveChanges live,
            List<Scope> scopes,
            String host,
            String controlKey,
            Reveal reveal) {
        this.app = app;
        this.feed = feed;
        this.live = live;
        this.scopes = scopes;
        this.host = host;
        this.controlKey = controlKey;
        this.reveal = reveal;
    }

    /**
     * One page's viewers and what they are shown: the room's page ({@code /}), or team K's
     * ({@code /team/K}: its own run, which its key, or the facilitator's, may change).
     */
    static final class Scope {
        /** 0: the room's page (or the run's page outside a room); K: team K's. */
        final int team;

        final Supplier<List<String>> shown;
        final ControlGate gate;
        /** Team K's key (null for the room's page: the facilitator's key opens it). */
        final String key;

        final LiveViewers viewers = new LiveViewers();
        long pushed = -1;
        List<String> pushedRuns = List.of();

        Scope(int team, Supplier<List<String>> shown, ControlGate gate, String key) {
            this.team = team;
            this.shown = shown;
            this.gate = gate;
            this.key = key;
        }
    }

    /**
     * Predict, then reveal, shared: the figures the facilitator hides ({@code POST /api/reveal}),
     * carried in every page's state as {@code "reveal": {"version": V, "hidden": [...]}}, so that
     * the room's page and the teams' pages follow the facilitator's.
     */
    static final class Reveal {
        /** What may be hidden: the four big numbers and the rebound reading. */
        static final List<String> FIGURES = List.of("requests", "energy", "co2e", "water", "reading");

        private final java.util.TreeSet<String> hidden = new java.util.TreeSet<>();
        private long version;

        synchronized long set(java.util.Collection<String> figures) {
            hidden.clear();
            hidden.addAll(figures);
            return ++version;
        }

        synchronized ObjectNode json() {
            ObjectNode node = JSON.createObjectNode().put("version", version);
            var list = node.putArray("hidden");
            hidden.forEach(list::add);
            return node;
        }
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
        return start(kafka, runs, host, port, controlKey, null);
    }

    /**
     * A workshop's pages on one address: {@code /} the room's page (every team side by side,
     * read-only; with the facilitator's key, {@code ?key=}, it may hide and reveal figures), and
     * {@code /team/K} team K's page (read-only; with team K's key, or the facilitator's, its
     * sliders change run K only). Each team's key is a fresh random one.
     *
     * @param runs the teams' runs, team 1 first
     * @param targets the ceilings each team should keep under (quantity to maximum; may be empty)
     * @param controlKey the facilitator's key; null: a fresh random one
     */
    public static DashboardServer startRoom(
            KafkaClients kafka,
            List<String> runs,
            Map<String, Double> targets,
            String host,
            int port,
            String controlKey) {
        return start(kafka, () -> List.copyOf(runs), host, port, controlKey, new RoomBoard(runs, targets));
    }

    private static DashboardServer start(
            KafkaClients kafka, Supplier<List<String>> runs, String host, int port, String controlKey, RoomBoard room) {
        String key = controlKey == null ? ControlGate.freshKey() : controlKey;
        DashboardFeed feed = new DashboardFeed(kafka);
        List<Scope> scopes = new java.util.ArrayList<>();
        scopes.add(new Scope(
                0,
                () -> {
                    List<String> chosen = runs.get();
                    return chosen.isEmpty() ? feed.latestRuns() : chosen;
                },
                new ControlGate(key),
                null));
        if (room != null) {
            for (int k = 1; k <= room.runs().size(); k++) {
                String own = room.runs().get(k - 1);
                String teamKey = ControlGate.freshKey();
                scopes.add(new Scope(k, () -> List.of(own), new ControlGate(teamKey, key), teamKey));
            }
        }
        Reveal reveal = new Reveal();
        LiveChanges live = new LiveChanges(kafka);
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
            config.routes.get("/messages.json", DashboardText::serve);
            Scope roomScope = scopes.get(0);
            config.routes.get("/api/state", ctx -> json(ctx, state(feed, roomScope, room, reveal)));
            config.routes.post("/api/set", ctx -> {
                if (refused(ctx, roomScope.gate)) {
                    return;
                }
                if (room != null) {
                    ctx.status(400);
                    json(
                            ctx,
                            JSON.createObjectNode()
                                    .put("error", "in a room a change goes to one team: POST /team/K/api/set"));
                    return;
                }
                set(ctx, live, feed, first(roomScope.shown.get()), roomScope.gate);
            });
            config.routes.post("/api/reveal", ctx -> {
                if (!refused(ctx, roomScope.gate)) {
                    reveal(ctx, reveal, feed, roomScope.gate);
                }
            });
            // server-sent events, written without a thread per viewer (LiveViewers)
            config.routes.get("/events", roomScope.viewers::open);
            // a team's page: the same page, its state and its changes under /team/K
            config.routes.get("/team/{team}", ctx -> {
                if (team(ctx, scopes) != null) {
                    page(ctx);
                }
            });
            config.routes.get("/team/{team}/events", ctx -> {
                Scope scope = team(ctx, scopes);
                if (scope != null) {
                    scope.viewers.open(ctx);
                }
            });
            config.routes.get("/team/{team}/api/state", ctx -> {
                Scope scope = team(ctx, scopes);
                if (scope != null) {
                    json(ctx, state(feed, scope, room, reveal));
                }
            });
            config.routes.post("/team/{team}/api/set", ctx -> {
                Scope scope = team(ctx, scopes);
                if (scope != null && !refused(ctx, scope.gate)) {
                    set(ctx, live, feed, first(scope.shown.get()), scope.gate);
                }
            });
        });
        app.start();
        DashboardServer server = new DashboardServer(app, feed, live, List.copyOf(scopes), host, key, reveal);
        PushFailures failures = new PushFailures();
        server.pusher.scheduleAtFixedRate(
                () -> {
                    try {
                        // at most one update per period and page, built once for all its viewers, none when nothing
                        // changed
                        long version = feed.version();
                        for (Scope scope : server.scopes) {
                            List<String> showing = scope.shown.get();
                            if (version == scope.pushed && showing.equals(scope.pushedRuns)) {
                                scope.viewers.keepAlive();
                                continue;
                            }
                            long began = System.nanoTime();
                            ObjectNode state = state(feed, scope, showing, room, reveal);
                            long built = state.get("version").asLong();
                            long snapshotted = System.nanoTime();
                            if (scope.viewers.publish(built, LiveWire.encode(state))) {
                                scope.pushed = built;
                            } // else a series held back: built again at the next tick
                            if (scope.team == 0) {
                                server.timings.add(snapshotted - began, System.nanoTime() - snapshotted);
                            }
                            scope.pushedRuns = showing;
                        }
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

    private static ObjectNode state(DashboardFeed feed, Scope scope, RoomBoard room, Reveal reveal) {
        return state(feed, scope, scope.shown.get(), room, reveal);
    }

    /**
     * A page's state: its runs ({@link RunView#snapshot(DashboardFeed, List)}), the figures hidden and, in a
     * room, every team side by side ({@code room}) and which team the page is ({@code team}, 0 for
     * the room's page).
     */
    private static ObjectNode state(
            DashboardFeed feed, Scope scope, List<String> showing, RoomBoard room, Reveal reveal) {
        ObjectNode state = RunView.snapshot(feed, showing);
        state.set("reveal", reveal.json());
        if (room != null) {
            state.put("team", scope.team);
            state.set("room", room.json(feed));
        }
        return state;
    }

    /** The scope of /team/K, or null (answered 404) when there is no team K. */
    private static Scope team(Context ctx, List<Scope> scopes) {
        String k = ctx.pathParam("team");
        if (k.matches("[1-9][0-9]?")) {
            int team = Integer.parseInt(k);
            if (team < scopes.size()) {
                return scopes.get(team);
            }
        }
        ctx.status(404);
        json(ctx, JSON.createObjectNode().put("error", "no team " + k + " here"));
        return null;
    }

    /** The dashboard's page (index.html), as served at /. */
    private static void page(Context ctx) throws java.io.IOException {
        try (java.io.InputStream in = DashboardServer.class.getResourceAsStream("/dashboard/index.html")) {
            ctx.contentType("text/html; charset=utf-8").result(in.readAllBytes());
        }
    }

    /** {@link ControlGate#check}: answers the refusal and says true when the request is refused. */
    private static boolean refused(Context ctx, ControlGate gate) {
        java.util.Optional<ControlGate.Refusal> refused = gate.check(
                ctx.header("Origin"),
                ctx.header("Host"),
                ctx.header("Authorization"),
                ctx.header("Content-Type"),
                ctx.bodyAsBytes().length);
        if (refused.isPresent()) {
            ctx.status(refused.get().status());
            json(ctx, JSON.createObjectNode().put("error", refused.get().error()));
            return true;
        }
        return false;
    }

    /**
     * POST /api/reveal {"hidden": ["energy", "reading"]} from the facilitator's page (after
     * {@link ControlGate#check}): the figures hidden from now on on every page; 200 with
     * {"version", "hidden"}, 400 malformed, 422 a figure that does not exist, 429 too many a second.
     */
    private static void reveal(Context ctx, Reveal reveal, DashboardFeed feed, ControlGate gate) {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (Exception e) {
            body = null;
        }
        if (body == null || !body.path("hidden").isArray()) {
            ctx.status(400);
            json(ctx, JSON.createObjectNode().put("error", "expected a JSON body {\"hidden\": [\"energy\", ...]}"));
            return;
        }
        List<String> figures = new java.util.ArrayList<>();
        for (JsonNode figure : body.path("hidden")) {
            if (!figure.isTextual() || !Reveal.FIGURES.contains(figure.asText())) {
                ctx.status(422);
                json(
                        ctx,
                        JSON.createObjectNode()
                                .put(
                                        "error",
                                        "expected figures among " + String.join(", ", Reveal.FIGURES) + ", found "
                                                + figure));
                return;
            }
            figures.add(figure.asText());
        }
        java.util.Optional<ControlGate.Refusal> tooMany = gate.admit();
        if (tooMany.isPresent()) {
            ctx.status(tooMany.get().status());
            json(ctx, JSON.createObjectNode().put("error", tooMany.get().error()));
            return;
        }
        reveal.set(figures);
        feed.touch(); // every page pushed again with it
        json(ctx, reveal.json());
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

    /** Team K's page in a room, read-only (its address without a key). */
    public String teamPageUrl(int team) {
        scope(team);
        return url() + "team/" + team;
    }

    /** Team K's page in a room with its sliders: its address carries team K's own key. */
    public String teamUrl(int team) {
        return teamPageUrl(team) + "?key=" + scope(team).key;
    }

    private Scope scope(int team) {
        if (team < 1 || team >= scopes.size()) {
            throw new IllegalArgumentException("no team " + team);
        }
        return scopes.get(team);
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
        LiveViewers viewers = scopes.get(0).viewers;
        return timings + "; " + viewers.framesBuilt() + " events, " + viewers.bytesBuilt() + " bytes";
    }

    /** Viewers connected to {@code /events} now (and to the teams' pages' in a room). */
    public int viewers() {
        return scopes.stream().mapToInt(scope -> scope.viewers.size()).sum();
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() throws InterruptedException {
        pusher.shutdownNow();
        for (Scope scope : scopes) {
            scope.viewers.close();
        }
        app.stop();
        live.close();
        feed.close();
    }
}
