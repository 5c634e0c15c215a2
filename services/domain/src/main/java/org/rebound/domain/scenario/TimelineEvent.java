package org.rebound.domain.scenario;

import java.time.Instant;
import java.util.Map;

/**
 * A scheduled change: the {@code set} paths (as written) take new values at {@code at}; it takes
 * effect at the first tick that starts at or after it ({@code effectiveAt}). {@code state} is the
 * whole scenario as it stands from then on (validated like the file).
 */
public record TimelineEvent(
        Instant at, Instant effectiveAt, Map<String, String> set, String note, int line, Scenario state) {}
