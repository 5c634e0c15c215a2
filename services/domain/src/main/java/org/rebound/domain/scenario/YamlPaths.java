package org.rebound.domain.scenario;

import static org.rebound.domain.scenario.ProblemText.say;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Key paths into a scenario's YAML tree ({@code workload.requests_per_day},
 * {@code datacentres.paris-1.pue}, {@code regions.FR.carbon_g_per_kwh}): the addresses used by
 * {@code --set}, by the timeline and by live control events. Updates are persistent: they return
 * a new tree and leave the old one intact, so every state of a timeline can be validated.
 */
final class YamlPaths {

    private YamlPaths() {}

    /** Why a path cannot be applied. */
    static final class PathException extends Exception {
        private final transient ProblemText text;

        PathException(ProblemText text) {
            super(text.render(org.rebound.domain.text.Lang.EN));
            this.text = text;
        }

        /** Why, in every language. */
        ProblemText text() {
            return text;
        }
    }

    /**
     * A copy of {@code root} where {@code path} holds {@code value}. The last key may be new (the
     * validation that follows says whether it is allowed there); every key before it must exist.
     */
    static Node with(Node root, String path, Node value) throws PathException {
        String[] keys = path.split("\\.", -1);
        for (String key : keys) {
            if (key.isEmpty()) {
                throw new PathException(say("path.empty", "path", path));
            }
        }
        return with(root, keys, 0, value, "");
    }

    private static Node with(Node node, String[] keys, int index, Node value, String prefix) throws PathException {
        String key = keys[index];
        String here = prefix.isEmpty() ? key : prefix + "." + key;
        boolean last = index == keys.length - 1;
        if (node instanceof MappingNode mapping) {
            List<NodeTuple> tuples = new ArrayList<>(mapping.getValue());
            for (int i = 0; i < tuples.size(); i++) {
                NodeTuple tuple = tuples.get(i);
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    Node replaced = last ? value : with(tuple.getValueNode(), keys, index + 1, value, here);
                    tuples.set(i, new NodeTuple(tuple.getKeyNode(), replaced));
                    return new MappingNode(
                            mapping.getTag(),
                            true,
                            tuples,
                            mapping.getFlowStyle(),
                            mapping.getStartMark(),
                            mapping.getEndMark());
                }
            }
            if (last) {
                ScalarNode newKey =
                        new ScalarNode(Tag.STR, true, key, ScalarStyle.PLAIN, value.getStartMark(), value.getEndMark());
                tuples.add(new NodeTuple(newKey, value));
                return new MappingNode(
                        mapping.getTag(), true, tuples, FlowStyle.BLOCK, mapping.getStartMark(), mapping.getEndMark());
            }
            throw new PathException(
                    prefix.isEmpty()
                            ? say("path.nothing", "here", here)
                            : say("path.nothing.keys", "here", here, "prefix", prefix, "keys", keysOf(mapping)));
        }
        if (node instanceof SequenceNode sequence) {
            List<Node> items = new ArrayList<>(sequence.getValue());
            for (int i = 0; i < items.size(); i++) {
                if (idOf(items.get(i)).filter(key::equals).isPresent()) {
                    if (last) {
                        throw new PathException(say("path.item", "here", here));
                    }
                    items.set(i, with(items.get(i), keys, index + 1, value, here));
                    return new SequenceNode(
                            sequence.getTag(),
                            true,
                            items,
                            sequence.getFlowStyle(),
                            sequence.getStartMark(),
                            sequence.getEndMark());
                }
            }
            List<String> ids = items.stream()
                    .map(YamlPaths::idOf)
                    .flatMap(Optional::stream)
                    .toList();
            throw new PathException(say("path.ids", "here", here, "prefix", prefix, "ids", ids));
        }
        throw new PathException(say("path.single", "here", here, "prefix", prefix));
    }

    /** The {@code id} of a list item, which addresses it in paths. */
    static Optional<String> idOf(Node item) {
        if (item instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k
                        && k.getValue().equals("id")
                        && tuple.getValueNode() instanceof ScalarNode v) {
                    return Optional.of(v.getValue());
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> keysOf(MappingNode mapping) {
        return mapping.getValue().stream()
                .map(NodeTuple::getKeyNode)
                .filter(ScalarNode.class::isInstance)
                .map(k -> ((ScalarNode) k).getValue())
                .toList();
    }
}
