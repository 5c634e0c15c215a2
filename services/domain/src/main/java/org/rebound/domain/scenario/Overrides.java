package org.rebound.domain.scenario;

import static org.rebound.domain.scenario.ProblemText.say;

import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Applies the {@code --set path=value} overrides of a run to a scenario tree before it is read:
 * each value is parsed as YAML with the loader's safe settings and put at its path; problems name
 * "--set" and the path.
 */
final class Overrides {

    private Overrides() {}

    /** Applies {@code --set} overrides to the tree; problems name "--set" and the path. */
    static Node apply(Node root, List<ScenarioOverride> overrides, YamlNodes nodes) {
        Node tree = root;
        for (ScenarioOverride override : overrides) {
            Optional<Node> value;
            try {
                value = new Compose(ScenarioLoader.settings("--set " + override.path()))
                        .composeString(override.value());
            } catch (YamlEngineException e) {
                nodes.problems()
                        .add(new Problem("--set", 0, override.path(), say("yaml.value", "value", override.value())));
                continue;
            }
            if (value.isEmpty()) {
                nodes.problems().add(new Problem("--set", 0, override.path(), say("set.nothing")));
                continue;
            }
            nodes.rejectCustomTags(value.get());
            try {
                tree = YamlPaths.with(tree, override.path(), value.get());
            } catch (YamlPaths.PathException e) {
                nodes.problems().add(new Problem("--set", 0, override.path(), e.text()));
            }
        }
        return tree;
    }
}
