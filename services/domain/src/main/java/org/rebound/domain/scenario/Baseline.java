package org.rebound.domain.scenario;

import static org.rebound.domain.scenario.ProblemText.say;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The counterfactual a scenario declares under {@code baseline:} — by default the same world
 * without its efficiency gains: the timeline's changes to a kind's {@code energy_factor},
 * {@code energy_wh}, {@code model}, {@code tokens}, {@code image} or {@code video} (what sets its
 * energy per request) and to a data centre's {@code pue} are left out, everything else (growth, mix
 * shifts, grids, the seed) is kept. Run beside the scenario, it isolates the rebound that the
 * efficiency gains themselves induce (docs/scenarios.md, "baseline").
 *
 * <pre>
 * baseline:
 *   title: "The same world, without the efficiency gains"   # optional
 *   efficiency_changes: drop                                 # drop (default) or keep
 *   set: {workload.elasticity: 0}                            # optional, like --set
 * </pre>
 *
 * The baseline is a scenario in its own right: named {@code <name>-baseline}, written out as YAML
 * (so it travels on the scenarios topic like any other) and validated like a file.
 */
public final class Baseline {

    static final List<String> KEYS = List.of("title", "efficiency_changes", "set");
    /** Timeline paths that are efficiency gains (energy per request, overhead of the facility). */
    static final Pattern EFFICIENCY = Pattern.compile(
            "kinds\\.[^.]+\\.(energy_factor|energy_wh|(model|tokens|image|video)(\\.[^.]+)?)|datacentres\\.[^.]+\\.pue");

    private static final int MAX_NAME = 64;
    private static final String SUFFIX = "-baseline";

    private Baseline() {}

    /** Whether a timeline path is an efficiency change (left out of a baseline by default). */
    public static boolean isEfficiencyPath(String path) {
        return EFFICIENCY.matcher(path).matches();
    }

    /** The baseline the scenario declares, or empty when it declares none. */
    public static Optional<Scenario> of(Scenario scenario) throws ScenarioException {
        ScenarioText text = scenario.text();
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
        return derive(tree, nodes, text.fileName());
    }

    /**
     * Builds the baseline from the scenario's tree (overrides applied); problems are added to
     * {@code nodes}, at the baseline's line. Empty when there is no baseline or it has problems.
     */
    static Optional<Scenario> derive(Node tree, YamlNodes nodes, String fileName) {
        if (!(tree instanceof MappingNode top)) {
            return Optional.empty();
        }
        Node declared = value(top, "baseline");
        if (declared == null) {
            return Optional.empty();
        }
        int before = nodes.problems().size();
        YamlNodes.Fields f = nodes.fields(declared, "baseline", KEYS, Set.of());
        if (f == null) {
            return Optional.empty();
        }
        String name = scalar(value(top, "name"));
        String title = f.get("title") == null ? null : nodes.string(f.get("title"), "baseline.title");
        if (title != null && (title.isBlank() || title.contains("\n"))) {
            nodes.problem(f.get("title"), "baseline.title", say("baseline.title"));
        }
        String changes = f.get("efficiency_changes") == null
                ? "drop"
                : nodes.string(f.get("efficiency_changes"), "baseline.efficiency_changes");
        if (changes != null && !changes.equals("drop") && !changes.equals("keep")) {
            nodes.problem(
                    f.get("efficiency_changes"),
                    "baseline.efficiency_changes",
                    say("baseline.changes", "value", changes));
        }
        Node set = f.get("set");
        if (set != null && !(set instanceof MappingNode)) {
            nodes.problem(set, "baseline.set", say("baseline.set"));
        }
        if (nodes.problems().size() > before || name == null) {
            return Optional.empty();
        }

        List<NodeTuple> tuples = new ArrayList<>();
        for (NodeTuple tuple : top.getValue()) {
            String key = scalar(tuple.getKeyNode());
            if ("baseline".equals(key)) {
                continue;
            }
            Node value = tuple.getValueNode();
            if ("name".equals(key)) {
                value = plain(baselineName(name));
            } else if ("title".equals(key)) {
                value = plain(title != null ? title : scalar(value) + " (baseline)");
            } else if ("timeline".equals(key) && "drop".equals(changes)) {
                value = withoutEfficiency(value);
            }
            tuples.add(new NodeTuple(tuple.getKeyNode(), value));
        }
        Node derived =
                new MappingNode(top.getTag(), true, tuples, top.getFlowStyle(), top.getStartMark(), top.getEndMark());
        if (set instanceof MappingNode mapping) {
            for (NodeTuple entry : mapping.getValue()) {
                String path = scalar(entry.getKeyNode());
                try {
                    derived = YamlPaths.with(derived, path == null ? "" : path, entry.getValueNode());
                } catch (YamlPaths.PathException e) {
                    nodes.problem(entry.getKeyNode(), "baseline.set." + path, e.text());
                }
            }
        }
        if (nodes.problems().size() > before) {
            return Optional.empty();
        }
        String yaml = dump(derived);
        String label = fileName + " (baseline)";
        try {
            return Optional.of(ScenarioLoader.parse(yaml, label));
        } catch (ScenarioException e) {
            // the derived file's lines mean nothing to the author: point at the baseline
            for (Problem p : e.problems()) {
                nodes.problem(
                        declared,
                        "baseline" + (p.path().isEmpty() ? "" : " → " + p.path()),
                        say("baseline.invalid", "problem", p.text()));
            }
            return Optional.empty();
        }
    }

    /** Whether a scenario name is a baseline's ({@link #baselineName}): shown beside its scenario, never instead of it. */
    public static boolean isBaselineName(String scenarioName) {
        return scenarioName.endsWith(SUFFIX);
    }

    /** {@code <name>-baseline}, shortened to the 64 characters a name may have. */
    static String baselineName(String name) {
        String stem = name.length() + SUFFIX.length() > MAX_NAME ? name.substring(0, MAX_NAME - SUFFIX.length()) : name;
        return stem + SUFFIX;
    }

    /** The timeline without its efficiency changes; an entry left with nothing to set is left out. */
    private static Node withoutEfficiency(Node timeline) {
        if (!(timeline instanceof SequenceNode sequence)) {
            return timeline;
        }
        List<Node> kept = new ArrayList<>();
        for (Node entry : sequence.getValue()) {
            if (!(entry instanceof MappingNode mapping)) {
                kept.add(entry);
                continue;
            }
            Node set = value(mapping, "set");
            if (!(set instanceof MappingNode setMapping)) {
                kept.add(entry);
                continue;
            }
            List<NodeTuple> remaining = setMapping.getValue().stream()
                    .filter(t -> !isEfficiencyPath(String.valueOf(scalar(t.getKeyNode()))))
                    .toList();
            if (remaining.isEmpty()) {
                continue;
            }
            List<NodeTuple> tuples = new ArrayList<>();
            for (NodeTuple t : mapping.getValue()) {
                tuples.add(
                        "set".equals(scalar(t.getKeyNode()))
                                ? new NodeTuple(
                                        t.getKeyNode(),
                                        new MappingNode(
                                                setMapping.getTag(),
                                                true,
                                                remaining,
                                                setMapping.getFlowStyle(),
                                                setMapping.getStartMark(),
                                                setMapping.getEndMark()))
                                : t);
            }
            kept.add(new MappingNode(
                    mapping.getTag(),
                    true,
                    tuples,
                    mapping.getFlowStyle(),
                    mapping.getStartMark(),
                    mapping.getEndMark()));
        }
        return new SequenceNode(
                sequence.getTag(), true, kept, sequence.getFlowStyle(), sequence.getStartMark(), sequence.getEndMark());
    }

    private static Node value(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (key.equals(scalar(tuple.getKeyNode()))) {
                return tuple.getValueNode();
            }
        }
        return null;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }

    private static ScalarNode plain(String value) {
        return new ScalarNode(Tag.STR, value, ScalarStyle.DOUBLE_QUOTED);
    }

    private static String dump(Node tree) {
        StringWriter out = new StringWriter();
        StreamDataWriter writer = new StreamDataWriter() {
            @Override
            public void write(String str) {
                out.write(str);
            }

            @Override
            public void write(String str, int off, int len) {
                out.write(str, off, len);
            }
        };
        new Dump(DumpSettings.builder().setWidth(200).build()).dumpNode(tree, writer);
        return out.toString();
    }
}
