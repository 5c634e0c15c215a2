package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.domain.scenario.ScenarioOverride;
import org.rebound.kafka.KafkaClients;

/** Every preset of the library runs end to end (at full speed) and its aggregates match its ledger. */
@DisplayName("every preset scenario runs through the pipeline")
class PresetRunsTest {

    static Stream<Path> presets() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../../scenarios"))) {
            List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            return yaml.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    @DisplayName("runs, matches its ledger, dead-letters nothing")
    void runs(Path preset) throws Exception {
        JsonNode summary = ScenarioRun.execute(ScenarioLoader.load(preset, List.of(ScenarioOverride.parse("clock.speed=max"))),
                KafkaClients.of(SharedBroker.bootstrapServers()), ScenarioRun.Settings.defaults(), ScenarioRun.Listener.SILENT,
                System.nanoTime()).json();
        assertThat(summary.get("ledger").get("matches").asBoolean()).isTrue();
        assertThat(summary.get("dead_letters").asLong()).isZero();
        assertThat(summary.get("requests").asLong()).isPositive();
    }
}
