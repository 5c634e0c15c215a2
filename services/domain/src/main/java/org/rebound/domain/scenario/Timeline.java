package org.rebound.domain.scenario;

import static org.rebound.domain.scenario.ProblemText.say;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads {@code timeline:}: each change is applied to the scenario as it stands after the
 * previous ones and the result is validated exactly like the file, so a change that addresses
 * nothing, or leaves the scenario invalid (shares no longer summing to 1, a PUE below 1), is
 * reported with the line of the change.
 */
final class Timeline {

    private static final List<String> ENTRY = List.of("at", "set", "note");
    /** What defines a run rather than its state: fixed from start to end. */
    static final Set<String> FIXED =
            Set.of("name", "title", "narrative", "seed", "clock", "timeline", "training", "baseline", "room");

    private final YamlNodes y;
    private final Path source;
    private final String file;

    Timeline(YamlNodes y, Path source, String file) {
        this.y = y;
        this.source = source;
        this.file = file;
    }

    List<TimelineEvent> read(Node tree, Scenario base) {
        Node timelineNode = null;
        if (tree instanceof MappingNode root) {
            for (NodeTuple tuple : root.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals("timeline")) {
                    timelineNode = tuple.getValueNode();
                }
            }
        }
        if (timelineNode == null) {
            return List.of();
        }
        if (!(timelineNode instanceof SequenceNode sequence)) {
            y.problem(timelineNode, "timeline", say("timeline.list", "found", YamlNodes.describe(timelineNode)));
            return List.of();
        }
        List<TimelineEvent> events = new ArrayList<>();
        Node state = tree;
        Instant previous = null;
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Node entry = sequence.getValue().get(i);
            String path = "timeline[" + i + "]";
            YamlNodes.Fields f = y.fields(entry, path, ENTRY, Set.of());
            if (f == null) {
                continue;
            }
            Instant at = f.required("at") == null ? null : y.instant(f.get("at"), path + ".at");
            String note = f.get("note") == null ? "" : y.string(f.get("note"), path + ".note");
            Instant effective = at == null ? null : effectiveAt(f.get("at"), path, at, base.clock());
            if (at != null && previous != null && at.isBefore(previous)) {
                y.problem(f.get("at"), path + ".at", say("timeline.order", "at", at, "previous", previous));
            }
            previous = at == null ? previous : at;
            Node set = f.required("set");
            if (!(set instanceof MappingNode changes)) {
                if (set != null) {
                    y.problem(set, path + ".set", say("timeline.set", "found", YamlNodes.describe(set)));
                }
                continue;
            }
            Map<String, String> shown = new LinkedHashMap<>();
            boolean applied = true;
            for (NodeTuple change : changes.getValue()) {
                String key = change.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
                String here = path + ".set." + key;
                String first = key.split("\\.")[0];
                if (!key.contains(".")) {
                    y.problem(change.getKeyNode(), here, say("timeline.path", "key", key));
                    applied = false;
                    continue;
                }
                if (FIXED.contains(first)) {
                    y.problem(change.getKeyNode(), here, say("timeline.fixed", "key", first));
                    applied = false;
                    continue;
                }
                try {
                    state = YamlPaths.with(state, key, change.getValueNode());
                    shown.put(key, render(change.getValueNode()));
                } catch (YamlPaths.PathException e) {
                    y.problem(change.getKeyNode(), here, e.text());
                    applied = false;
                }
            }
            if (!applied || at == null || effective == null) {
                continue;
            }
            YamlNodes after = new YamlNodes(file);
            Scenario scenario = new ScenarioReader(after, source).scenario(state);
            int line = YamlNodes.line(entry);
            int lastLine = entry.getEndMark().map(m -> m.getLine() + 1).orElse(line);
            // A problem on a value this change wrote keeps its line; one elsewhere (a sum of shares,
            // a ceiling the new demand passes) is caused by the change: report it at the change.
            int changeLine = changes.getValue().size() == 1
                    ? YamlNodes.line(changes.getValue().get(0).getKeyNode())
                    : YamlNodes.line(changes);
            for (Problem problem : after.problems()) {
                boolean inThisEntry = problem.line() >= line && problem.line() <= lastLine;
                y.problems()
                        .add(
                                inThisEntry
                                        ? problem
                                        : new Problem(
                                                problem.file(),
                                                changeLine,
                                                problem.path(),
                                                say(
                                                        "timeline.after",
                                                        "at",
                                                        at,
                                                        "problem",
                                                        problem.text(),
                                                        "line",
                                                        problem.line())));
            }
            if (scenario != null && after.problems().isEmpty()) {
                events.add(new TimelineEvent(at, effective, shown, note, line, scenario));
            }
        }
        return events;
    }

    /** The first tick start at or after {@code at}; a change outside the clock is a problem. */
    private Instant effectiveAt(Node atNode, String path, Instant at, Clock clock) {
        if (clock == null) {
            return null;
        }
        if (at.isBefore(clock.start()) || !at.isBefore(clock.end())) {
            y.problem(atNode, path + ".at", say("clock.within", "start", clock.start(), "end", clock.end(), "at", at));
            return null;
        }
        long tickMs = clock.tick().toMillis();
        long sinceStart = Duration.between(clock.start(), at).toMillis();
        Instant effective = clock.start().plusMillis((sinceStart + tickMs - 1) / tickMs * tickMs);
        if (!effective.isBefore(clock.end())) {
            y.problem(atNode, path + ".at", say("timeline.lastTick", "at", at));
            return null;
        }
        return effective;
    }

    private static String render(Node node) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        if (node instanceof MappingNode mapping) {
            return mapping.getValue().stream()
                    .map(t -> render(t.getKeyNode()) + ": " + render(t.getValueNode()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue().stream().map(Timeline::render).collect(Collectors.joining(", ", "[", "]"));
        }
        return "?";
    }
}
