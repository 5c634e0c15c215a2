package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Totals;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.dashboard.DashboardServer;
import org.rebound.domain.scenario.Baseline;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.kafka.KafkaClients;

/**
 * The dashboard under a room's load, on loopback: {@value #VIEWERS} read-only viewers on
 * {@code /events} (plain sockets, all read by one thread of this test) and {@value #CHANGES_PER_SECOND}
 * accepted changes a second to {@code POST /api/set}, while jevons-paradox runs with its baseline
 * (the whole five years paced to last the test). Latency: from just before a change is posted to
 * the moment a viewer has read the update that lists it. Bytes: everything a viewer reads
 * (headers included) over the time it is connected. Heap (used, after a full GC), threads of
 * the JVM without this test's own threads and its class histogram: before the viewers connect,
 * while they are, after they left. No leak: once they left, no viewer's objects are reachable
 * and the page's server holds what it held before them. {@code -Drebound.loadtest.seconds=60}
 * for the full minute (default 20).
 */
@DisplayName("dashboard under load: 40 viewers on /events, 5 accepted changes a second")
class DashboardLoadTest {

    static final int VIEWERS = 40;
    static final int CHANGES_PER_SECOND = 5;
    static final int SECONDS = Integer.getInteger("rebound.loadtest.seconds", 20);
    /** Bytes a second a viewer may receive on average (docs/dashboard.md). */
    static final double BUDGET_BYTES_PER_SECOND = 20_000;
    /** What the page's server objects may weigh more once the viewers left (its pools and caches are bounded). */
    static final long SERVER_GROWTH_BYTES = 1 << 20;
    /**
     * What the whole heap may hold more once the viewers left: it also holds the run, which grows
     * while it goes on (58 MB in 20 s without any viewer, docs/dashboard.md); a viewer kept with
     * its queue would add megabytes each.
     */
    static final long HEAP_GROWTH_MB = 128;

    private static final String KEY = "load-test-facilitator-key";
    private static final Pattern NOTE = Pattern.compile("\"load (\\d+)\"");

    @Test
    @DisplayName(
            "update latency p99 ≤ 1 s, each viewer within 20 KB/s, every change seen by every viewer, nothing of theirs kept and threads back near their level once they left")
    void room() throws Exception {
        Scenario jevons = ScenarioLoader.load(Path.of("../../scenarios/jevons-paradox.yaml"));
        List<Scenario> scenarios = new ArrayList<>(List.of(jevons));
        Baseline.of(jevons).ifPresent(scenarios::add);
        assertThat(scenarios).as("jevons-paradox and its baseline").hasSize(2);
        double span =
                Duration.between(jevons.clock().start(), jevons.clock().end()).toSeconds();
        // the five years last the test and a little more: the run is still going when the viewers leave
        double speed = span / (SECONDS + 15);
        String bootstrap = SharedBroker.bootstrapServers();
        KafkaClients clients = KafkaClients.of(bootstrap);
        String[] runs = new String[scenarios.size()];
        List<ScenarioRun.Listener> listeners = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            int index = i;
            listeners.add(new ScenarioRun.Listener() {
                @Override
                public void started(String run, Scenario scenario) {
                    runs[index] = run;
                }

                @Override
                public void progress(
                        java.time.Instant until, long requests, long loadEvents, Totals aggregated, PeriodTotals p) {}
            });
        }
        CompletableFuture<List<Summary>> running = CompletableFuture.supplyAsync(() -> {
            try {
                return ScenarioRun.executeAll(
                        scenarios,
                        clients,
                        ScenarioRun.Settings.defaults().withSpeed(speed),
                        listeners,
                        System.nanoTime());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        ScheduledExecutorService poster = Executors.newScheduledThreadPool(2, r -> new Thread(r, "load-poster"));
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4, r -> new Thread(r, "load-http")))
                .build();
        try (DashboardServer server = DashboardServer.startFor(
                clients,
                () -> Arrays.stream(runs).filter(java.util.Objects::nonNull).toList(),
                DashboardServer.LOCALHOST,
                0,
                KEY)) {
            // the run under way: its first totals on the page
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline
                    && !(runs[1] != null
                            && get(http, server.url() + "api/state").contains("\"totals\""))) {
                Thread.sleep(200);
            }
            assertThat(get(http, server.url() + "api/state")).as("first totals").contains("\"totals\"");
            Resources before = Resources.now(true);

            Viewers viewers = new Viewers(server.port(), VIEWERS);
            viewers.start();
            long started = System.nanoTime();
            long[] sentNanos = new long[SECONDS * CHANGES_PER_SECOND];
            long[] answeredNanos = new long[sentNanos.length];
            AtomicReferenceArray<Integer> statuses = new AtomicReferenceArray<>(sentNanos.length);
            AtomicInteger next = new AtomicInteger();
            var posting = poster.scheduleAtFixedRate(
                    () -> {
                        int n = next.getAndIncrement();
                        if (n >= sentNanos.length) {
                            return;
                        }
                        // alternately 1.15 (the file's) and 1.1: every change valid, each one a new event
                        String body = "{\"set\": {\"workload.elasticity\": " + (n % 2 == 0 ? "1.1" : "1.15")
                                + "}, \"note\": \"load " + n + "\"}";
                        sentNanos[n] = System.nanoTime();
                        http.sendAsync(
                                        HttpRequest.newBuilder(URI.create(server.url() + "api/set"))
                                                .timeout(Duration.ofSeconds(20))
                                                .header("Content-Type", "application/json")
                                                .header("Authorization", "Bearer " + KEY)
                                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .whenComplete((r, e) -> {
                                    answeredNanos[n] = System.nanoTime();
                                    statuses.set(n, r == null ? -1 : r.statusCode());
                                });
                    },
                    0,
                    1000 / CHANGES_PER_SECOND,
                    TimeUnit.MILLISECONDS);
            Thread.sleep(TimeUnit.SECONDS.toMillis(SECONDS) / 2);
            Resources during = Resources.now(false);
            int viewersDuring = server.viewers();
            Thread.sleep(TimeUnit.SECONDS.toMillis(SECONDS) - TimeUnit.SECONDS.toMillis(SECONDS) / 2);
            posting.cancel(false);
            // what was sent last may still be on its way
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && !viewers.sawAll(sentNanos.length, statuses)) {
                Thread.sleep(100);
            }
            double connectedSeconds = (System.nanoTime() - started) / 1e9;
            viewers.close();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && server.viewers() > 0) {
                Thread.sleep(50);
            }
            int viewersAfter = server.viewers();
            // threads started for the burst stop after a few idle seconds: wait for it (at most 30 s)
            long left = System.nanoTime();
            Resources after = Resources.now(true);
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && after.threads > before.threads + 5) {
                Thread.sleep(1000);
                after = Resources.now(true);
            }
            double settledSeconds = (System.nanoTime() - left) / 1e9;

            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < statuses.length(); i++) {
                codes.add(statuses.get(i));
            }
            List<Double> latencies = new ArrayList<>();
            List<Double> fromAnswer = new ArrayList<>();
            List<Double> answers = new ArrayList<>();
            for (int n = 0; n < sentNanos.length; n++) {
                answers.add((answeredNanos[n] - sentNanos[n]) / 1e6);
            }
            answers.sort(null);
            int missing = 0;
            for (int v = 0; v < VIEWERS; v++) {
                for (int n = 0; n < sentNanos.length; n++) {
                    if (codes.get(n) == null || codes.get(n) != 200) {
                        continue; // refused (429): nothing to see
                    }
                    Long seen = viewers.seen.get(v).get(n);
                    if (seen == null) {
                        missing++;
                    } else {
                        latencies.add((seen - sentNanos[n]) / 1e6);
                        fromAnswer.add((seen - answeredNanos[n]) / 1e6);
                    }
                }
            }
            latencies.sort(null);
            fromAnswer.sort(null);
            Map<Integer, Long> byStatus = new java.util.TreeMap<>();
            codes.forEach(c -> byStatus.merge(c == null ? 0 : c, 1L, Long::sum));
            double median = latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() / 2);
            double p99 = latencies.isEmpty() ? Double.NaN : latencies.get((int) Math.ceil(0.99 * latencies.size()) - 1);
            double max = latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1);
            long[] bytes = viewers.bytes.stream().mapToLong(AtomicInteger::get).toArray();
            double meanBytesPerSecond = Arrays.stream(bytes).average().orElse(0) / connectedSeconds;
            double maxBytesPerSecond = Arrays.stream(bytes).max().orElse(0) / connectedSeconds;
            String figures = String.format(
                    java.util.Locale.ROOT,
                    "load test (%d s, %d viewers, %d changes/s, speed %.0f simulated s/s): changes accepted %d of %d %s;"
                            + " POST answered in median %.0f ms, p99 %.0f ms;"
                            + " latency from posting: median %.0f ms, p99 %.0f ms, max %.0f ms over %d (viewer, change) pairs, %d never seen;"
                            + " from the answer: median %.0f ms, p99 %.0f ms;"
                            + " per viewer %.1f KB/s mean, %.1f KB/s max (first state %d bytes, %d updates);"
                            + " heap used %d MB before, %d MB during, %d MB after;"
                            + " threads %d before, %d during, %d after (%.0f s after the viewers left);"
                            + " viewers connected during %d, after %d",
                    SECONDS,
                    VIEWERS,
                    CHANGES_PER_SECOND,
                    speed,
                    codes.stream().filter(c -> c != null && c == 200).count(),
                    codes.size(),
                    byStatus,
                    percentile(answers, 0.5),
                    percentile(answers, 0.99),
                    median,
                    p99,
                    max,
                    latencies.size(),
                    missing,
                    percentile(fromAnswer, 0.5),
                    percentile(fromAnswer, 0.99),
                    meanBytesPerSecond / 1000,
                    maxBytesPerSecond / 1000,
                    viewers.firstState.get(),
                    viewers.events.get() / VIEWERS,
                    before.heapMb,
                    during.heapMb,
                    after.heapMb,
                    before.threads,
                    during.threads,
                    after.threads,
                    settledSeconds,
                    viewersDuring,
                    viewersAfter);
            figures += "; " + server.updateTimings() + "; threads more during " + before.more(during) + ", after "
                    + before.more(after);
            figures += "; " + before.objects(during, after);
            System.out.println(figures);

            // ControlGate takes a burst of 5 then 5 a second: changes posted evenly at 5 a second pass unless the
            // server stalls for a second and then admits those that waited all at once (a loaded machine)
            assertThat(codes.stream().filter(c -> c != null && c == 200).count())
                    .as("changes accepted, " + figures)
                    .isGreaterThanOrEqualTo(Math.round(0.97 * codes.size()));
            assertThat(codes).as("statuses, " + figures).allMatch(c -> c != null && (c == 200 || c == 429));
            assertThat(viewers.protocolErrors).as("viewers' protocol errors").isEmpty();
            assertThat(missing)
                    .as("(viewer, change) pairs never seen, " + figures)
                    .isZero();
            assertThat(p99).as("p99 latency (ms), " + figures).isLessThanOrEqualTo(1000);
            assertThat(maxBytesPerSecond)
                    .as("bytes a second of the busiest viewer, " + figures)
                    .isLessThanOrEqualTo(BUDGET_BYTES_PER_SECOND);
            assertThat(viewersDuring).as("viewers connected halfway").isEqualTo(VIEWERS);
            assertThat(viewersAfter).as("viewers still held once all left").isZero();
            assertThat(during.threads)
                    .as("threads while %d viewers are connected: no thread per viewer, %s", VIEWERS, figures)
                    // Jetty's pool grows with concurrent requests (connections, POSTs): up to about 16 here;
                    // a thread per viewer would add 40
                    .isLessThanOrEqualTo(before.threads + VIEWERS / 2);
            assertThat(after.threads).as("threads after, " + figures).isLessThanOrEqualTo(before.threads + 5);
            // what the viewers leave behind: once they left, none of their objects is reachable, and
            // the page's server holds what it held before them (its buffer pools and caches are bounded)
            for (String perViewer : Resources.PER_VIEWER) {
                assertThat(during.instances(perViewer))
                        .as("%s while %d viewers are connected, %s", perViewer, VIEWERS, figures)
                        .isGreaterThanOrEqualTo(VIEWERS);
                assertThat(after.instances(perViewer))
                        // the test's HTTP client may keep its connections for the POSTs open (at most 4 threads)
                        .as("%s still reachable after the viewers left, %s", perViewer, figures)
                        .isLessThanOrEqualTo(before.instances(perViewer) + 4);
            }
            assertThat(after.serverBytes())
                    .as("bytes of the page's server objects after, " + figures)
                    .isLessThanOrEqualTo(before.serverBytes() + SERVER_GROWTH_BYTES);
            assertThat(after.heapMb)
                    .as("heap used after, " + figures)
                    .isLessThanOrEqualTo(before.heapMb + HEAP_GROWTH_MB);
        } finally {
            poster.shutdownNow();
            running.get(180, TimeUnit.SECONDS);
        }
    }

    private static double percentile(List<Double> sorted, double share) {
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.ceil(share * sorted.size()) - 1);
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /**
     * Heap used (MB; after a full GC if asked), threads of the JVM (this test's own left out) and
     * its class histogram: instances and bytes by class, of the live objects after a full GC if
     * asked, of all objects in the heap otherwise (no pause while the viewers are connected).
     */
    private record Resources(
            long heapMb, int threads, java.util.SortedMap<String, Integer> names, Map<String, ClassCount> classes) {
        /** Objects per connection: what a viewer that is not let go keeps reachable. */
        static final List<String> PER_VIEWER =
                List.of("org.rebound.dashboard.LiveViewers$Viewer", "org.eclipse.jetty.server.internal.HttpConnection");
        /** The packages of the page's server: its own, Javalin, Jetty and the servlet API. */
        static final List<String> SERVER_PACKAGES =
                List.of("org.rebound.dashboard.", "io.javalin.", "org.eclipse.jetty.", "jakarta.servlet.");

        /** Threads by name (digits dropped) that {@code other} has more of. */
        String more(Resources other) {
            java.util.SortedMap<String, Integer> diff = new java.util.TreeMap<>();
            other.names.forEach((name, n) -> {
                int extra = n - names.getOrDefault(name, 0);
                if (extra != 0) {
                    diff.put(name, extra);
                }
            });
            return diff.toString();
        }

        long instances(String className) {
            return classes.getOrDefault(className, ClassCount.NONE).instances();
        }

        /** Bytes of the objects (their own, not what they refer to) of the page's server. */
        long serverBytes() {
            return classes.entrySet().stream()
                    .filter(e -> SERVER_PACKAGES.stream().anyMatch(e.getKey()::startsWith))
                    .mapToLong(e -> e.getValue().bytes())
                    .sum();
        }

        /** For the report: the per-viewer objects before, during and after, the server's bytes, what grew most. */
        String objects(Resources during, Resources after) {
            StringBuilder text = new StringBuilder();
            for (String name : PER_VIEWER) {
                text.append(String.format(
                        java.util.Locale.ROOT,
                        "%s %d before, %d during, %d after; ",
                        name,
                        instances(name),
                        during.instances(name),
                        after.instances(name)));
            }
            return text
                    + String.format(
                            java.util.Locale.ROOT,
                            "the page's server objects %d KB before, %d KB after; grown most from before to after: %s",
                            serverBytes() >> 10,
                            after.serverBytes() >> 10,
                            grown(after, 8));
        }

        /** The classes whose bytes grew most from this to {@code other}: "class +instances +KB". */
        private String grown(Resources other, int count) {
            return other.classes.entrySet().stream()
                    .map(e -> Map.entry(
                            e.getKey(), e.getValue().minus(classes.getOrDefault(e.getKey(), ClassCount.NONE))))
                    .sorted((a, b) ->
                            Long.compare(b.getValue().bytes(), a.getValue().bytes()))
                    .limit(count)
                    .map(e -> String.format(
                            java.util.Locale.ROOT,
                            "%s %+d %+d KB",
                            e.getKey(),
                            e.getValue().instances(),
                            e.getValue().bytes() >> 10))
                    .toList()
                    .toString();
        }

        static Resources now(boolean collect) throws Exception {
            if (collect) {
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    Thread.sleep(200);
                }
            }
            // jcmd's GC.class_histogram, in this JVM: a full GC first unless "-all" (every object, dead or alive)
            String histogram = (String) ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "gcClassHistogram",
                            new Object[] {collect ? new String[0] : new String[] {"-all"}},
                            new String[] {String[].class.getName()});
            Map<String, ClassCount> classes = new java.util.HashMap<>();
            // "   1:        123456      7890123  [B (java.base@17.0.13)"
            Matcher row = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)")
                    .matcher(histogram);
            while (row.find()) {
                classes.merge(
                        row.group(3),
                        new ClassCount(Long.parseLong(row.group(1)), Long.parseLong(row.group(2))),
                        ClassCount::plus);
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
            var threads = ManagementFactory.getThreadMXBean();
            int count = 0;
            java.util.SortedMap<String, Integer> names = new java.util.TreeMap<>();
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null
                        && !info.getThreadName().startsWith("load-")
                        && !info.getThreadName().startsWith("HttpClient")) {
                    count++;
                    names.merge(info.getThreadName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
                }
            }
            return new Resources(heap, count, names, classes);
        }
    }

    /** A line of the class histogram: live (or all) instances of a class and their own bytes. */
    private record ClassCount(long instances, long bytes) {
        static final ClassCount NONE = new ClassCount(0, 0);

        ClassCount plus(ClassCount other) {
            return new ClassCount(instances + other.instances, bytes + other.bytes);
        }

        ClassCount minus(ClassCount other) {
            return new ClassCount(instances - other.instances, bytes - other.bytes);
        }
    }

    /**
     * Read-only viewers: HTTP/1.0 GET /events on plain sockets (no chunked encoding to undo), all
     * read by one thread; for each, the bytes read, and when each change's note first appeared.
     */
    private static final class Viewers implements AutoCloseable {
        final List<AtomicInteger> bytes = new ArrayList<>();
        final List<Map<Integer, Long>> seen = new ArrayList<>();
        final AtomicInteger firstState = new AtomicInteger();
        final AtomicInteger events = new AtomicInteger();
        final List<String> protocolErrors = new CopyOnWriteArrayList<>();
        private final Selector selector;
        private final List<SocketChannel> channels = new ArrayList<>();
        private final List<ByteArrayOutputStream> pending = new ArrayList<>();
        /** The first viewer also keeps the page's state, to check every patch follows the version held. */
        private final LiveMirror mirror = new LiveMirror();

        private final Thread reader;
        private volatile boolean closing;

        Viewers(int port, int count) throws IOException {
            selector = Selector.open();
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                channel.write(ByteBuffer.wrap(
                        ("GET /events HTTP/1.0\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII)));
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, i);
                channels.add(channel);
                bytes.add(new AtomicInteger());
                seen.add(new ConcurrentHashMap<>());
                pending.add(new ByteArrayOutputStream());
            }
            reader = new Thread(this::read, "load-viewers");
            reader.setDaemon(true);
        }

        void start() {
            reader.start();
        }

        private void read() {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            try {
                while (!closing) {
                    selector.select(100);
                    for (SelectionKey key : selector.selectedKeys()) {
                        int viewer = (Integer) key.attachment();
                        buffer.clear();
                        int read = ((SocketChannel) key.channel()).read(buffer);
                        if (read < 0) {
                            key.cancel();
                            protocolErrors.add("viewer " + viewer + " closed by the server");
                            continue;
                        }
                        long now = System.nanoTime();
                        bytes.get(viewer).addAndGet(read);
                        pending.get(viewer).write(buffer.array(), 0, read);
                        consume(viewer, now);
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException | RuntimeException e) {
                if (!closing) {
                    protocolErrors.add(e.toString());
                }
            }
        }

        /** Every complete event read so far by the viewer. */
        private void consume(int viewer, long now) {
            byte[] all = pending.get(viewer).toByteArray();
            int start = 0;
            for (int end = indexOf(all, start); end >= 0; end = indexOf(all, start)) {
                String event = new String(all, start, end - start, StandardCharsets.UTF_8);
                start = end + 2;
                event(viewer, event, now);
            }
            pending.get(viewer).reset();
            pending.get(viewer).write(all, start, all.length - start);
        }

        private static int indexOf(byte[] all, int from) {
            for (int i = from; i + 1 < all.length; i++) {
                if (all[i] == '\n' && all[i + 1] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private void event(int viewer, String event, long now) {
            String name = null;
            String data = null;
            for (String line : event.split("\n")) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            if (name == null || data == null) {
                return; // the HTTP headers, retry:, a comment
            }
            events.incrementAndGet();
            if (name.equals("state")) {
                firstState.compareAndSet(0, data.length());
            }
            Matcher m = NOTE.matcher(data);
            while (m.find()) {
                seen.get(viewer).putIfAbsent(Integer.parseInt(m.group(1)), now);
            }
            if (viewer == 0) {
                try {
                    if (!mirror.accept(name, data)) {
                        protocolErrors.add("patch not following version " + mirror.state.get("version") + ": "
                                + data.substring(0, Math.min(200, data.length())));
                    }
                } catch (Exception e) {
                    protocolErrors.add(e.toString());
                }
            }
        }

        boolean sawAll(int changes, AtomicReferenceArray<Integer> statuses) {
            for (int n = 0; n < changes; n++) {
                if (statuses.get(n) == null) {
                    return false;
                }
                for (Map<Integer, Long> s : seen) {
                    if (!s.containsKey(n)) {
                        return false;
                    }
                }
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            closing = true;
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (SocketChannel channel : channels) {
                channel.close();
            }
            selector.close();
        }
    }
}
