package org.rebound.domain.scenario;

import java.time.Instant;
import java.util.Map;

/**
 * A change to a running scenario, as it travels on the control topic: new values (YAML text)
 * for key paths, from a simulated instant on. {@code origin} names it in problems ("live change").
 */
public record ScenarioChange(Instant at, Map<String, String> set, String note, String origin) {

    public ScenarioChange {
        set = Map.copyOf(set);
        note = note == null ? "" : note;
    }
}
