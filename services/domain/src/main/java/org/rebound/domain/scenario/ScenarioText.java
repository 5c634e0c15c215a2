package org.rebound.domain.scenario;

import java.util.List;

/** What a scenario was read from: the file's text, its name and the --set overrides applied to it. */
public record ScenarioText(String yaml, String fileName, List<ScenarioOverride> overrides) {

    public ScenarioText {
        overrides = List.copyOf(overrides);
    }
}
