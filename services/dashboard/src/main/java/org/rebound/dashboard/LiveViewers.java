package org.rebound.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The viewers of {@code /events} and what they are sent. Each update is built and serialized
 * once ({@link #publish}) and the same bytes are queued to every viewer; a viewer is written to
 * with the servlet container's non-blocking output (no thread of its own, none blocked by a slow
 * one), and is forgotten as soon as a write to it fails, the container reports an error, or it
 * falls more than {@value #MAX_BACKLOG_BYTES} bytes behind (its browser reconnects and gets the
 * state again).
 *
 * <p>On connecting a viewer gets the whole state ({@code event: state}), then {@code event: patch}
 * (see {@link LiveWire}). Every event carries {@code id: EPOCH-VERSION}: a browser that reconnects
 * sends it back as {@code Last-Event-ID} and gets only the patches it missed if they are among the
 * last {@value #RECENT} (the state otherwise, or if the dashboard was restarted: another epoch).
 */
final class LiveViewers implements AutoCloseable {

    static final int MAX_BACKLOG_BYTES = 8 << 20;
    static final int RECENT = 64;
    /** A comment sent when nothing else was for this long, so that a viewer gone is noticed (and proxies keep it). */
    static final long KEEP_ALIVE_NANOS = 10_000_000_000L;

    static final long SERIES_EVERY_NANOS = 1_000_000_000L;
    /** How often the slow series ({@link LiveWire#SLOW}: the power chart) go at most. */
    static final long SLOW_EVERY_NANOS = 5_000_000_000L;

    private static final byte[] RETRY = "retry: 1000\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMENT = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    /** One event already serialized: the state of {@code version}, or a patch from {@code base}. */
    private record Frame(long base, long version, byte[] bytes) {}

    private final String epoch = Long.toString(System.nanoTime() & 0xFFFFFFL, 36)
            + Long.toString(new java.security.SecureRandom().nextInt(1 << 20), 36);
    private final Set<Viewer> viewers = ConcurrentHashMap.newKeySet();
    /** Ends the responses of viewers gone: not on a thread that may hold a lock of ours, and no thread each. */
    private final java.util.concurrent.ExecutorService ending =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "rebound-dashboard-viewers");
                t.setDaemon(true);
                return t;
            });

    /** System.nanoTime, or a test's clock. */
    private final java.util.function.LongSupplier clock;

    LiveViewers() {
        this(System::nanoTime);
    }

    /** With {@code clock} for the series' windows (nanoseconds, as {@link System#nanoTime}). */
    LiveViewers(java.util.function.LongSupplier clock) {
        this.clock = clock;
    }

    private final Deque<Frame> recent = new ArrayDeque<>();
    private ObjectNode latest;
    private long latestVersion = -1;
    private byte[] latestState;
    private long lastSentNanos = System.nanoTime();
    private long seriesSentNanos;
    private long slowSentNanos;
    private volatile long framesBuilt;
    private volatile long bytesBuilt;

    /**
     * The state of {@code version} (as {@link LiveWire#encode encoded}): sent to every viewer as a
     * patch of the previous one, or whole when the runs shown changed. Nothing is sent when
     * nothing shown changed. The charts' series and the tables ({@link LiveWire#SERIES}) go at most
     * once every {@value #SERIES_EVERY_NANOS} ns: while a day or a point of a chart is still being
     * summed it is redrawn at each update, and the totals and the changes need not wait for it. One caller at a time (the push
     * thread).
     *
     * @return false when a change of the series was held back (to be published again soon)
     */
    synchronized boolean publish(long feedVersion, ObjectNode wire) {
        // each event its own version, even when the series held back go out with no new record
        long version = Math.max(feedVersion, latestVersion + 1);
        Frame frame;
        boolean complete = true;
        if (LiveWire.patchable(latest, wire)) {
            long now = clock.getAsLong();
            boolean seriesDue = now - seriesSentNanos >= SERIES_EVERY_NANOS;
            // The slow series are series too: they are due only when the series are, and their
            // window is not spent by an update that held them back with the other series (the
            // two windows, reset on different updates, could miss each other for many seconds).
            boolean slowDue = seriesDue && now - slowSentNanos >= SLOW_EVERY_NANOS;
            if (!seriesDue) {
                complete = !LiveWire.keepSeries(latest, wire);
            } else if (!slowDue) {
                complete = !LiveWire.keep(latest, wire, LiveWire.SLOW);
            }
            if (seriesDue) {
                seriesSentNanos = now;
            }
            if (slowDue) {
                slowSentNanos = now;
            }
            ObjectNode patch = LiveWire.diff(latest, wire);
            if (patch.isEmpty()) {
                return complete;
            }
            ObjectNode event = patch.objectNode().put("version", version).put("base", latestVersion);
            event.setAll(patch);
            frame = new Frame(latestVersion, version, LiveWire.event(id(version), "patch", event));
        } else {
            seriesSentNanos = clock.getAsLong();
            slowSentNanos = seriesSentNanos;
            frame = new Frame(-1, version, stateBytes(version, wire));
        }
        latest = wire;
        latestVersion = version;
        latestState = null;
        recent.addLast(frame);
        while (recent.size() > RECENT) {
            recent.removeFirst();
        }
        framesBuilt++;
        bytesBuilt += frame.bytes().length;
        send(frame.bytes());
        return complete;
    }

    /** The power chart as last sent (tests). */
    synchronized com.fasterxml.jackson.databind.JsonNode latestPower() {
        return latest == null ? null : latest.get("power");
    }

    /** The totals as last sent (tests). */
    synchronized com.fasterxml.jackson.databind.JsonNode latestTotals() {
        return latest == null ? null : latest.get("totals");
    }

    /** A comment to every viewer if nothing was sent for a while (a closed connection shows on writing). */
    synchronized void keepAlive() {
        if (System.nanoTime() - lastSentNanos > KEEP_ALIVE_NANOS) {
            send(COMMENT);
        }
    }

    private void send(byte[] bytes) {
        lastSentNanos = System.nanoTime();
        for (Viewer viewer : viewers) {
            viewer.offer(bytes);
        }
    }

    private String id(long version) {
        return epoch + "-" + version;
    }

    private byte[] stateBytes(long version, ObjectNode wire) {
        ObjectNode state = wire.deepCopy();
        state.put("version", version);
        return LiveWire.event(id(version), "state", state);
    }

    /** GET /events: the response stays open, written to from the push thread and the container's callbacks. */
    void open(Context ctx) {
        String lastEventId = ctx.header("Last-Event-ID");
        var res = ctx.res();
        res.setStatus(200);
        res.setCharacterEncoding("UTF-8");
        res.setContentType("text/event-stream");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        ctx.future(() -> {
            // Javalin has started the request's asynchronous mode: it ends when `done` completes
            AsyncContext async = ctx.req().getAsyncContext();
            async.setTimeout(0);
            Viewer viewer;
            try {
                viewer = new Viewer(async, res.getOutputStream());
            } catch (IOException e) {
                return CompletableFuture.completedFuture(null);
            }
            async.addListener(viewer);
            synchronized (this) {
                viewer.offer(RETRY);
                for (byte[] frame : catchUp(lastEventId)) {
                    viewer.offer(frame);
                }
                viewers.add(viewer);
            }
            viewer.listen();
            return viewer.done;
        });
    }

    /** What a viewer (re)connecting after {@code lastEventId} needs: the patches it missed, or the state. */
    private List<byte[]> catchUp(String lastEventId) {
        if (latest == null) {
            return List.of(); // nothing yet: the first state will come as an update
        }
        String prefix = epoch + "-";
        if (lastEventId != null && lastEventId.startsWith(prefix)) {
            try {
                long had = Long.parseLong(lastEventId.substring(prefix.length()));
                if (had == latestVersion) {
                    return List.of();
                }
                List<byte[]> missed = new ArrayList<>();
                boolean found = false;
                for (Frame frame : recent) {
                    found |= frame.base() == had;
                    if (found) {
                        missed.add(frame.bytes());
                    }
                }
                if (found) {
                    return missed;
                }
            } catch (NumberFormatException e) {
                // not one of ours: the state
            }
        }
        if (latestState == null) {
            latestState = stateBytes(latestVersion, latest);
        }
        return List.of(latestState);
    }

    int size() {
        return viewers.size();
    }

    /** Events built so far and their bytes (each sent to every viewer then connected). */
    long framesBuilt() {
        return framesBuilt;
    }

    long bytesBuilt() {
        return bytesBuilt;
    }

    @Override
    public void close() {
        for (Viewer viewer : viewers) {
            viewer.close();
        }
        ending.shutdown();
        try {
            ending.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One open response: a queue of shared frames, written when the container says it can take more. */
    private final class Viewer implements WriteListener, AsyncListener {
        /** Never completed: Javalin keeps the request asynchronous until the container or we end it. */
        final CompletableFuture<Void> done = new CompletableFuture<>();

        private final AsyncContext async;
        private final ServletOutputStream out;
        private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        private long queued;
        private boolean listening;
        private boolean unflushed;
        private boolean closed;

        Viewer(AsyncContext async, ServletOutputStream out) {
            this.async = async;
            this.out = out;
        }

        void listen() {
            try {
                out.setWriteListener(this); // the container calls onWritePossible when it can be written to
            } catch (RuntimeException e) {
                close();
            }
        }

        synchronized void offer(byte[] frame) {
            if (closed) {
                return;
            }
            if (queued + frame.length > MAX_BACKLOG_BYTES) {
                close(); // too far behind: its browser reconnects and gets the state
                return;
            }
            queue.addLast(frame);
            queued += frame.length;
            if (listening) {
                drain();
            }
        }

        @Override
        public synchronized void onWritePossible() {
            listening = true;
            drain();
        }

        /** Writes while the container can take it without blocking; it calls back when it can take more. */
        private void drain() {
            try {
                while (!closed && out.isReady()) {
                    byte[] frame = queue.pollFirst();
                    if (frame == null) {
                        if (!unflushed) {
                            return;
                        }
                        unflushed = false;
                        out.flush();
                        continue;
                    }
                    queued -= frame.length;
                    out.write(frame);
                    unflushed = true;
                }
            } catch (IOException | RuntimeException e) {
                close();
            }
        }

        @Override
        public void onError(Throwable t) {
            close();
        }

        void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                queue.clear();
                queued = 0;
            }
            viewers.remove(this);
            // The response is ended here, not by completing `done` for Javalin to end it: the container
            // may have ended and recycled it already (a viewer gone), and Javalin resuming a recycled
            // request loops on its own error handling. Not on this thread, which may hold our locks.
            try {
                ending.execute(() -> {
                    try {
                        async.complete();
                    } catch (IllegalStateException e) {
                        // ended already
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the dashboard is closing: Jetty ends every response
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            close();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            close();
        }

        @Override
        public void onError(AsyncEvent event) {
            close();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {}
    }
}
