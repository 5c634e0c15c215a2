package org.rebound.generator;

/** Holds simulated time to the wall clock at a given speed (or not at all at full speed). */
final class Pacer {
    private final long simulatedStartMs;
    private final double speed;
    private final long wallStartNanos = System.nanoTime();

    Pacer(long simulatedStartMs, double speed) {
        this.simulatedStartMs = simulatedStartMs;
        this.speed = speed;
    }

    boolean paced() {
        return !Double.isInfinite(speed);
    }

    /** Whether the wall clock has not yet reached this simulated instant. */
    boolean ahead(long simulatedMs) {
        return dueNanos(simulatedMs) > System.nanoTime();
    }

    private long dueNanos(long simulatedMs) {
        return wallStartNanos + (long) ((simulatedMs - simulatedStartMs) / speed * 1_000_000);
    }

    void waitUntil(long simulatedMs) throws InterruptedException {
        long waitNanos = dueNanos(simulatedMs) - System.nanoTime();
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }
}
