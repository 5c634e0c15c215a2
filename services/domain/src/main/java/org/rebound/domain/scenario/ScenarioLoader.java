package org.rebound.domain.scenario;

import static org.rebound.domain.scenario.ProblemText.say;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.rebound.domain.Range;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Loads and strictly validates a scenario file (format v1, docs/scenarios.md). YAML is parsed
 * safely: nodes only (no object construction, no type tags), a bounded document size and a
 * bounded number of aliases. Every problem of a file is reported at once.
 */
public final class ScenarioLoader {

    /** Largest scenario file accepted, in characters. */
    static final int MAX_CODE_POINTS = 3 * 1024 * 1024;
    /** Aliases of collections allowed: enough for shared ranges, too few for a "billion laughs". */
    static final int MAX_ALIASES = 50;

    private static final ProblemText TOO_LARGE = say("file.tooLarge", "mib", MAX_CODE_POINTS / (1024 * 1024));

    /**
     * Default embodied CO₂e per kWh of IT energy when a data centre gives none: 90 g/kWh (45–180),
     * impact-data.md §3 "embodied per IT kWh" (D: 7.0 t per 8×H100 server over 3 years at 60 % use).
     */
    public static final Range DEFAULT_EMBODIED_G_PER_KWH = new Range(45, 90, 180);

    private ScenarioLoader() {}

    public static Scenario load(Path file) throws ScenarioException {
        return load(file, List.of());
    }

    /** Loads a file with {@code --set} overrides applied before validation. */
    public static Scenario load(Path file, List<ScenarioOverride> overrides) throws ScenarioException {
        String name = file.toString();
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw fail(name, say("file.directory"));
            }
            if (Files.size(file) > MAX_CODE_POINTS) {
                throw fail(name, TOO_LARGE);
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw fail(name, say("file.absent", "directory", Path.of("").toAbsolutePath()));
        } catch (CharacterCodingException e) {
            throw fail(name, say("file.notUtf8"));
        } catch (IOException e) {
            throw fail(name, say("file.unreadable", "reason", e.getMessage()));
        }
        return parse(text, name, file, overrides);
    }

    public static Scenario parse(String yaml, String fileName) throws ScenarioException {
        return parse(yaml, fileName, Path.of(fileName), List.of());
    }

    public static Scenario parse(String yaml, String fileName, List<ScenarioOverride> overrides)
            throws ScenarioException {
        return parse(yaml, fileName, Path.of(fileName), overrides);
    }

    static LoadSettings settings(String label) {
        return LoadSettings.builder()
                .setLabel(label)
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowRecursiveKeys(false)
                .setCodePointLimit(MAX_CODE_POINTS)
                .setUseMarks(true)
                .build();
    }

    private static Scenario parse(String yaml, String fileName, Path source, List<ScenarioOverride> overrides)
            throws ScenarioException {
        // the parser would refuse it too, but only after reading up to the limit (seconds)
        if (yaml.length() > MAX_CODE_POINTS && yaml.codePointCount(0, yaml.length()) > MAX_CODE_POINTS) {
            throw fail(fileName, TOO_LARGE);
        }
        Optional<Node> root;
        try {
            root = new Compose(settings(fileName)).composeString(yaml);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark()
                    .or(e::getContextMark)
                    .map(Mark::getLine)
                    .map(l -> l + 1)
                    .orElse(0);
            String what = e.getProblem() == null ? e.getContext() : e.getProblem();
            throw new ScenarioException(List.of(new Problem(fileName, line, "", say("yaml.invalid", "reason", what))));
        } catch (YamlEngineException e) {
            throw new ScenarioException(
                    List.of(new Problem(fileName, 0, "", say("yaml.unusable", "reason", e.getMessage()))));
        }
        if (root.isEmpty()) {
            throw fail(fileName, say("file.empty"));
        }
        YamlNodes nodes = new YamlNodes(fileName);
        nodes.rejectCustomTags(root.get());
        Node tree = Overrides.apply(root.get(), overrides, nodes);
        if (!nodes.problems().isEmpty()) {
            throw new ScenarioException(nodes.problems());
        }
        Scenario scenario = new ScenarioReader(nodes, source).scenario(tree);
        if (!nodes.problems().isEmpty()) {
            throw new ScenarioException(nodes.problems());
        }
        List<TimelineEvent> timeline = new Timeline(nodes, source, fileName).read(tree, scenario);
        if (!nodes.problems().isEmpty()) {
            throw new ScenarioException(nodes.problems());
        }
        Baseline.derive(tree, nodes, fileName);
        if (!nodes.problems().isEmpty()) {
            throw new ScenarioException(nodes.problems());
        }
        return scenario.withTimeline(timeline).withText(new ScenarioText(yaml, fileName, overrides));
    }

    /**
     * The scenario as it stands after {@code changes} (in order, e.g. from the control topic),
     * ignoring the file's own timeline; each change is validated like a timeline change, and
     * changes whose origin is live also against the {@link SafetyLimits}.
     *
     * @throws ScenarioException naming the change's origin and path when a change cannot apply
     */
    public static Scenario stateAfter(ScenarioText text, List<ScenarioChange> changes, boolean live)
            throws ScenarioException {
        return ScenarioReplay.stateAfter(text, changes, live);
    }

    private static ScenarioException fail(String file, ProblemText message) {
        return new ScenarioException(List.of(new Problem(file, 0, "", message)));
    }
}
