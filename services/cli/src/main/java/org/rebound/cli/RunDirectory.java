package org.rebound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.rebound.domain.scenario.Scenario;
import org.rebound.domain.scenario.ScenarioOverride;
import org.rebound.kafka.RunIds;
import org.rebound.kafka.TempDirs;

/**
 * {@code run --data-dir DIR}: a run kept on disk so that it survives the process. DIR holds the
 * in-process broker's data ({@code kafka/}), the aggregator's state ({@code streams/}),
 * {@code run.json} (which scenarios, under which run ids) and, once complete, {@code summary.json}.
 * Running the same command again resumes an interrupted run (the generator continues after the
 * last tick it committed; the aggregator from its committed offsets, exactly once) or prints the
 * summary of a complete one.
 */
final class RunDirectory {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int FORMAT = 1;

    private final Path dir;
    private final List<String> runs;
    private final boolean resumed;

    private RunDirectory(Path dir, List<String> runs, boolean resumed) {
        this.dir = dir;
        this.runs = runs;
        this.resumed = resumed;
    }

    /**
     * Opens DIR for these scenarios: a new run when it is empty or missing (or {@code fresh}),
     * the same run when it holds one of the same scenarios (same text, same --set values).
     */
    static RunDirectory open(Path dir, List<Scenario> scenarios, boolean fresh)
            throws InvalidInputException, IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException(Language.messages().text("datadir.file", "dir", dir));
        }
        if (fresh) {
            TempDirs.deleteRecursively(dir);
        }
        Files.createDirectories(dir);
        Path runFile = dir.resolve("run.json");
        String fingerprint = fingerprint(scenarios);
        if (Files.exists(runFile)) {
            JsonNode run;
            try {
                run = JSON.readTree(runFile.toFile());
            } catch (IOException e) {
                throw new InvalidInputException(
                        Language.messages().text("datadir.unreadable", "file", runFile, "reason", e.getMessage()));
            }
            if (!fingerprint.equals(run.path("fingerprint").asText())) {
                throw new InvalidInputException(
                        Language.messages().text("datadir.other", "dir", dir, "scenarios", run.path("scenarios")));
            }
            List<String> runs = new ArrayList<>();
            run.path("runs").forEach(r -> runs.add(r.asText()));
            return new RunDirectory(dir, List.copyOf(runs), true);
        }
        // a process killed while writing run.json leaves only this: nothing was started yet
        Files.deleteIfExists(partial(runFile));
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new InvalidInputException(Language.messages().text("datadir.notempty", "dir", dir));
            }
        }
        List<String> runs = RunIds.newRunIds(scenarios);
        ObjectNode node = JSON.createObjectNode();
        node.put("format", FORMAT);
        node.put("fingerprint", fingerprint);
        scenarios.forEach(s -> node.withArray("scenarios").add(s.name()));
        runs.forEach(r -> node.withArray("runs").add(r));
        write(runFile, node);
        return new RunDirectory(dir, List.copyOf(runs), false);
    }

    /** SHA-256 of every scenario's text and overrides, in order. */
    private static String fingerprint(List<Scenario> scenarios) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Scenario scenario : scenarios) {
                digest.update(scenario.text().yaml().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                for (ScenarioOverride override : scenario.text().overrides()) {
                    digest.update(override.toString().getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) 0);
                }
                digest.update((byte) 1);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    List<String> runs() {
        return runs;
    }

    boolean resumed() {
        return resumed;
    }

    Path kafkaDir() {
        return dir.resolve("kafka");
    }

    Path streamsDir() {
        return dir.resolve("streams");
    }

    /**
     * Forgets what the run did (the broker's log, the aggregator's state) and keeps which run it
     * is ({@code run.json}): the next start runs it from its beginning, under the same run ids.
     */
    void startOver() throws IOException {
        TempDirs.deleteRecursively(kafkaDir());
        TempDirs.deleteRecursively(streamsDir());
    }

    /** The summary of a complete run, or null. */
    JsonNode completed() throws IOException {
        Path summary = dir.resolve("summary.json");
        return Files.exists(summary) ? JSON.readTree(summary.toFile()) : null;
    }

    void complete(JsonNode summary) throws IOException {
        write(dir.resolve("summary.json"), summary);
    }

    private static Path partial(Path file) {
        return file.resolveSibling(file.getFileName() + ".partial");
    }

    /** Written whole or not at all (a kill during the write leaves the previous file). */
    private static void write(Path file, JsonNode node) throws IOException {
        Path partial = partial(file);
        JSON.writeValue(partial.toFile(), node);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
