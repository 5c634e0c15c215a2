package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.ScenarioDefinition;
import org.rebound.kafka.LiveChanges;

@DisplayName("the latest run: the greatest started_at, whatever the ids")
class LatestRunTest {

    private static ScenarioDefinition definition(String run, String scenario, long startedAtMs) {
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        return new ScenarioDefinition(
                run,
                scenario,
                "s.yaml",
                "name: " + scenario,
                List.of(),
                start,
                start.plusSeconds(86_400),
                Instant.ofEpochMilli(startedAtMs));
    }

    @Test
    @DisplayName("ids without '@' and ids whose text would sort otherwise: started_at decides")
    void byStartedAt() {
        List<ScenarioDefinition> runs = List.of(
                definition("zzz@20991231T000000.000Z", "quickstart", 1_000),
                definition("ops-test", "quickstart", 3_000),
                definition("live3", "quickstart", 2_000));
        assertThat(runs.stream().min(LiveChanges.LATEST_FIRST).orElseThrow().getRun())
                .isEqualTo("ops-test");
    }

    @Test
    @DisplayName("runs started together: the scenario before its baseline")
    void scenarioBeforeBaseline() {
        List<ScenarioDefinition> runs = List.of(
                definition("a-baseline-run", "jevons-paradox-baseline", 5_000),
                definition("z-run", "jevons-paradox", 5_000),
                definition("older", "quickstart", 4_000));
        assertThat(runs.stream()
                        .sorted(LiveChanges.LATEST_FIRST)
                        .map(ScenarioDefinition::getRun)
                        .toList())
                .containsExactly("z-run", "a-baseline-run", "older");
    }
}
