package org.rebound.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The push thread's throttles (LiveViewers.publish): the series at most once a second, the power
 * chart at most once every five seconds; what is held back must still go out once its window
 * has passed, whatever the phase of the two windows.
 */
@DisplayName("the page's throttles hold series back, never for good")
class LiveViewersThrottleTest {

    private static final long PUSH_EVERY = TimeUnit.MILLISECONDS.toNanos(250);

    private static ObjectNode wire(long requests, int powerPoints, int dailyPoints) {
        ObjectNode wire = JsonNodeFactory.instance.objectNode();
        wire.put("run", "r");
        wire.putObject("totals").put("requests", requests);
        if (dailyPoints > 0) {
            var daily = wire.putArray("daily");
            for (int i = 0; i < dailyPoints; i++) {
                daily.add(i);
            }
        }
        if (powerPoints > 0) {
            var x = wire.putObject("power").putArray("x");
            for (int i = 0; i < powerPoints; i++) {
                x.add(i * 3600L);
            }
        }
        return wire;
    }

    /**
     * Like the push thread: publishes every 250 ms; while a publish reports something held back,
     * the same state is published again at the next tick. Returns after how many ticks the power
     * chart of {@code last} went out (-1: not within {@code ticks}).
     */
    private static int ticksUntilPowerSent(
            LiveViewers viewers, AtomicLong clock, java.util.Random building, ObjectNode last, int ticks) {
        long start = clock.get();
        for (int tick = 1; tick <= ticks; tick++) {
            clock.set(start + tick * PUSH_EVERY + buildTime(building));
            viewers.publish(100 + tick, last.deepCopy());
            if (viewers.latestPower() != null && viewers.latestPower().equals(last.get("power"))) {
                return tick;
            }
        }
        return -1;
    }

    /** The time a state takes to build before it is published: 0 to 30 ms (the push thread ticks on a fixed rate). */
    private static long buildTime(java.util.Random building) {
        return (long) (building.nextDouble() * 30_000_000L);
    }

    @Test
    @DisplayName(
            "a power chart held back goes out within the slow window plus a series window, at any phase of the two")
    void heldBackPowerGoesOut() {
        // The push thread's ticks are 250 ms apart, but each publish reads the clock after building its
        // state: the two windows drift against each other. 200 runs of different build times.
        for (int seed = 0; seed < 200; seed++) {
            java.util.Random building = new java.util.Random(seed);
            AtomicLong clock = new AtomicLong(1_000_000_000_000L);
            long start = clock.get();
            LiveViewers viewers = new LiveViewers(clock::get);
            viewers.publish(1, wire(1, 0, 1)); // the first state: whole
            // ten seconds of updates, the series changing at every one
            int updates = 40;
            for (int tick = 1; tick <= updates; tick++) {
                clock.set(start + tick * PUSH_EVERY + buildTime(building));
                viewers.publish(1 + tick, wire(10 + tick, 0, 2 + tick));
            }
            // the power chart appears, then nothing else changes (a run over)
            clock.set(start + updates * PUSH_EVERY);
            ObjectNode last = wire(1_000, 48, 2 + updates);
            int ticks = ticksUntilPowerSent(viewers, clock, building, last, 200);
            assertThat(ticks)
                    .as("build times of seed " + seed + ": ticks of 250 ms until the power chart was sent")
                    .isBetween(
                            1,
                            (int) ((LiveViewers.SLOW_EVERY_NANOS + LiveViewers.SERIES_EVERY_NANOS) / PUSH_EVERY) + 1);
        }
    }

    @Test
    @DisplayName("the power chart is held back inside its window, and the totals are not")
    void powerHeldInsideItsWindow() {
        AtomicLong clock = new AtomicLong(1_000_000_000_000L);
        LiveViewers viewers = new LiveViewers(clock::get);
        viewers.publish(1, wire(1, 1, 1));
        clock.addAndGet(TimeUnit.SECONDS.toNanos(2)); // the series' window has passed, the power's not
        boolean complete = viewers.publish(2, wire(2, 2, 2));
        assertThat(complete).as("something held back").isFalse();
        assertThat(viewers.latestPower().get("x").size())
                .as("power points sent")
                .isEqualTo(1);
        assertThat(viewers.latestTotals().get("requests").asLong()).isEqualTo(2);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(4)); // 6 s after the first: due
        assertThat(viewers.publish(3, wire(2, 2, 2))).isTrue();
        assertThat(viewers.latestPower().get("x").size()).isEqualTo(2);
    }
}
