package org.rebound.domain.scenario;

import java.time.Duration;
import java.time.Instant;

/**
 * The simulated clock. {@code speedSimulatedPerWallSecond} is simulated seconds per wall-clock
 * second, or {@link #MAX_SPEED} for "as fast as possible". {@code period} is the reporting period
 * (the whole run when the file gives none).
 */
public record Clock(Instant start, Instant end, Duration tick, double speedSimulatedPerWallSecond, Duration period) {

    public static final double MAX_SPEED = Double.POSITIVE_INFINITY;

    public boolean isMaxSpeed() {
        return speedSimulatedPerWallSecond == MAX_SPEED;
    }
}
