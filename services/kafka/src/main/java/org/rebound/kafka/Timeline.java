package org.rebound.kafka;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A run's start-up and shutdown timeline, for measuring (docs/performance.md, "Start-up"): with
 * the environment variable {@code REBOUND_TIMELINE} set, each mark is kept with its time in
 * milliseconds since the JVM's start, and all are printed to stderr as the JVM exits. Without
 * it a mark costs one branch.
 */
public final class Timeline {

    private static final boolean ON = System.getenv("REBOUND_TIMELINE") != null;
    private static final long JVM_START_MS =
            ON ? ManagementFactory.getRuntimeMXBean().getStartTime() : 0;
    private static final ConcurrentLinkedQueue<String> MARKS = new ConcurrentLinkedQueue<>();
    private static final Set<String> ONCE = ConcurrentHashMap.newKeySet();

    static {
        if (ON) {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                mark("JVM exit (shutdown hook)");
                                MARKS.forEach(System.err::println);
                            },
                            "rebound-timeline"));
        }
    }

    private Timeline() {}

    /** Whether marks are kept. */
    public static boolean on() {
        return ON;
    }

    public static void mark(String what) {
        if (ON) {
            MARKS.add(String.format(
                    "timeline %6d ms  %-22s %s",
                    System.currentTimeMillis() - JVM_START_MS,
                    Thread.currentThread().getName(),
                    what));
        }
    }

    /** Marks only the first time this is called with {@code what}. */
    public static void once(String what) {
        if (ON && ONCE.add(what)) {
            mark(what);
        }
    }
}
