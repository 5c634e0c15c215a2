package org.rebound.kafka;

/** Record keys: a run, and a member of a run (a data centre or a kind) joined by '/'. */
public final class Keys {

    private static final char SEPARATOR = '/';

    private Keys() {}

    public static String member(String run, String member) {
        return run + SEPARATOR + member;
    }

    /** {@code <run>/<period>}, the period zero-padded so that keys sort in time order. */
    public static String period(String run, int period) {
        return member(run, String.format("%06d", period));
    }

    /**
     * {@code <run>/<member>/<window start>}, the start as ISO-8601 UTC ({@code 2025-03-01T13:00:00Z}):
     * a data centre's telemetry window; within a member, keys of one year sort in time order.
     * The start is {@link java.time.Instant#toString}'s text, written without its formatter
     * ({@link AvroJson#iso}: the aggregator keys 210,240 windows a global-year run).
     */
    public static String window(String run, String member, long windowStartMs) {
        return run + SEPARATOR + member + SEPARATOR + AvroJson.iso(java.time.Instant.ofEpochMilli(windowStartMs));
    }
}
