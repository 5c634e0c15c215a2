package org.rebound.domain.scenario;

import static org.rebound.domain.scenario.ProblemText.say;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Replays changes (e.g. from the control topic) on a scenario file: the scenario as it stands
 * after a list of {@link ScenarioChange}s, each validated like a timeline change and, when live,
 * also against the {@link SafetyLimits}. Reached through {@link ScenarioLoader#stateAfter}.
 */
final class ScenarioReplay {

    private ScenarioReplay() {}

    /**
     * The scenario as it stands after {@code changes} (in order, e.g. from the control topic),
     * ignoring the file's own timeline; each change is validated like a timeline change, and
     * changes whose origin is live also against the {@link SafetyLimits}.
     *
     * @throws ScenarioException naming the change's origin and path when a change cannot apply
     */
    static Scenario stateAfter(ScenarioText text, List<ScenarioChange> changes, boolean live) throws ScenarioException {
        Scenario base = ScenarioLoader.parse(text.yaml(), text.fileName(), text.overrides());
        if (changes.isEmpty()) {
            return base;
        }
        Node tree;
        try {
            tree = new Compose(ScenarioLoader.settings(text.fileName()))
                    .composeString(text.yaml())
                    .orElseThrow();
        } catch (YamlEngineException e) {
            throw new IllegalStateException("a scenario that parsed once no longer parses", e);
        }
        YamlNodes nodes = new YamlNodes(text.fileName());
        tree = Overrides.apply(tree, text.overrides(), nodes);
        Scenario state = base;
        for (ScenarioChange change : changes) {
            List<Problem> problems = new ArrayList<>();
            if (change.at().isBefore(base.clock().start())
                    || !change.at().isBefore(base.clock().end())) {
                problems.add(new Problem(
                        change.origin(),
                        0,
                        "",
                        say(
                                "clock.within",
                                "start",
                                base.clock().start(),
                                "end",
                                base.clock().end(),
                                "at",
                                change.at())));
            }
            for (Map.Entry<String, String> set : new java.util.TreeMap<>(change.set()).entrySet()) {
                String path = set.getKey();
                if (!path.contains(".") || Timeline.FIXED.contains(path.split("\\.")[0])) {
                    problems.add(new Problem(change.origin(), 0, path, say("live.fixed", "path", path)));
                    continue;
                }
                Optional<Node> value;
                try {
                    value = new Compose(ScenarioLoader.settings(change.origin())).composeString(set.getValue());
                } catch (YamlEngineException e) {
                    value = Optional.empty();
                }
                if (value.isEmpty()) {
                    problems.add(new Problem(change.origin(), 0, path, say("yaml.value", "value", set.getValue())));
                    continue;
                }
                try {
                    tree = YamlPaths.with(tree, path, value.get());
                } catch (YamlPaths.PathException e) {
                    problems.add(new Problem(change.origin(), 0, path, e.text()));
                }
            }
            if (problems.isEmpty()) {
                YamlNodes after = new YamlNodes(change.origin());
                after.rejectCustomTags(tree);
                Scenario next = new ScenarioReader(after, base.source()).scenario(tree);
                // the file's lines mean nothing for a change that came from elsewhere
                after.problems().forEach(p -> problems.add(new Problem(change.origin(), 0, p.path(), p.text())));
                if (problems.isEmpty() && live) {
                    problems.addAll(SafetyLimits.check(next, change.origin()));
                }
                state = problems.isEmpty() ? next : state;
            }
            if (!problems.isEmpty()) {
                throw new ScenarioException(problems);
            }
        }
        return state.withText(text);
    }
}
