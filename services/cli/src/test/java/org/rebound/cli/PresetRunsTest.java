package org.rebound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rebound.broker.testing.SharedBroker;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioException;
import org.rebound.domain.scenario.ScenarioLoader;
import org.rebound.domain.scenario.ScenarioOverride;
import org.rebound.kafka.KafkaClients;

/**
 * Every preset of the library runs end to end (at full speed) and its aggregates match its ledger.
 * A preset too heavy for the suite runs at a reduced horizon (the same file, fewer ticks, see
 * {@link #REDUCED}); every preset, as run here, stays within {@link #MAX_CELLS} load events.
 */
@DisplayName("every preset scenario runs through the pipeline")
class PresetRunsTest {

    /**
     * Overrides that shorten the presets too heavy to run whole in the suite. global-year is 10 million
     * load events (24 data centres × 4 kinds × 105,120 five-minute ticks): here one day of hourly ticks.
     */
    static final Map<String, List<String>> REDUCED =
            Map.of("global-year.yaml", List.of("clock.end=2025-01-02T00:00:00Z", "clock.tick=1h", "clock.period=6h"));

    /** Data centre × kind × tick cells (at most one load event each) a preset may cost the suite. */
    static final long MAX_CELLS = 50_000;

    static Stream<Path> presets() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../../scenarios"))) {
            List<Path> yaml =
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            return yaml.stream();
        }
    }

    /** The preset as the suite runs it: at full speed, shortened if it is listed in {@link #REDUCED}. */
    static Scenario asRunHere(Path preset) throws ScenarioException {
        List<ScenarioOverride> overrides = new ArrayList<>();
        overrides.add(ScenarioOverride.parse("clock.speed=max"));
        for (String override : REDUCED.getOrDefault(preset.getFileName().toString(), List.of())) {
            overrides.add(ScenarioOverride.parse(override));
        }
        return ScenarioLoader.load(preset, overrides);
    }

    static long cells(Scenario scenario) {
        Duration run =
                Duration.between(scenario.clock().start(), scenario.clock().end());
        long ticks = (run.toMillis() + scenario.clock().tick().toMillis() - 1)
                / scenario.clock().tick().toMillis();
        return (long) scenario.datacentres().size() * scenario.kinds().size() * ticks;
    }

    /** Summaries of the runs of this class, so that a story check reuses the preset's run. */
    private static final Map<Path, JsonNode> SUMMARIES = new ConcurrentHashMap<>();

    static synchronized JsonNode summaryOf(Path preset) throws Exception {
        Path key = preset.toAbsolutePath().normalize();
        JsonNode summary = SUMMARIES.get(key);
        if (summary == null) {
            summary = ScenarioRun.execute(
                            asRunHere(preset),
                            KafkaClients.of(SharedBroker.bootstrapServers()),
                            ScenarioRun.Settings.defaults(),
                            ScenarioRun.Listener.SILENT,
                            System.nanoTime())
                    .json();
            SUMMARIES.put(key, summary);
        }
        return summary;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    @DisplayName("runs, matches its ledger, dead-letters nothing")
    void runs(Path preset) throws Exception {
        Scenario scenario = asRunHere(preset);
        JsonNode summary = summaryOf(preset);
        assertThat(summary.get("ledger").get("matches").asBoolean()).isTrue();
        assertThat(summary.get("dead_letters").asLong()).isZero();
        assertThat(summary.get("requests").asLong()).isPositive();
        assertThat(summary.get("load_events").asLong()).isLessThanOrEqualTo(cells(scenario));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    @DisplayName("costs the suite at most MAX_CELLS load events (list a heavier preset in REDUCED)")
    void withinTheSuiteBudget(Path preset) throws ScenarioException {
        assertThat(cells(asRunHere(preset)))
                .as("data centre × kind × tick cells of %s as run here", preset)
                .isLessThanOrEqualTo(MAX_CELLS);
    }

    @Test
    @DisplayName(
            "global-year, one day of it: every data centre, grid and kind is in the aggregates, ≈2.5 billion requests")
    void globalYearDay() throws Exception {
        Path preset = Path.of("../../scenarios/global-year.yaml");
        Scenario scenario = asRunHere(preset);
        JsonNode summary = summaryOf(preset);

        assertThat(summary.get("ledger").get("matches").asBoolean()).isTrue();
        assertThat(summary.get("dead_letters").asLong()).isZero();
        assertThat(summary.get("by_datacentre").size()).isGreaterThanOrEqualTo(20);
        assertThat(summary.get("by_region").size()).isGreaterThanOrEqualTo(10);
        List<String> kinds = new ArrayList<>();
        summary.get("by_kind").fieldNames().forEachRemaining(kinds::add);
        assertThat(kinds).containsExactlyInAnyOrder("text", "reasoning", "image", "video");
        // every cell expects hundreds of requests or more: one load event per data centre × kind × tick
        assertThat(summary.get("load_events").asLong()).isEqualTo(cells(scenario));
        // day 1 of a demand that doubles in a year: 2.5e9 × 2^(≈0.5 / 365.25) ≈ 2.502e9, Poisson noise ≈ 5e4
        assertThat(summary.get("requests").asDouble()).isBetween(2.50e9, 2.505e9);
        assertThat(summary.get("periods").size()).isEqualTo(4);
    }
}
