package org.rebound.domain.scenario;

import static org.rebound.domain.scenario.ProblemText.say;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.rebound.domain.Range;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads a composed YAML node tree for people: every typed read records a {@link Problem}
 * (file, line, key path, expected versus found) instead of throwing, so one pass reports every
 * mistake of a file. Reads return null (or NaN) when the value is unusable.
 */
final class YamlNodes {

    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(3);
    private static final org.apache.commons.text.similarity.JaroWinklerSimilarity SIMILARITY =
            new org.apache.commons.text.similarity.JaroWinklerSimilarity();
    /**
     * Numbers as YAML 1.2 writes them (plus '_' digit separators). Java's own parser would also
     * take NaN, Infinity, hexadecimal and 1.2f, which no scenario means and which would slip past
     * range checks (every comparison with NaN is false).
     */
    private static final Pattern NUMBER =
            Pattern.compile("[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?");

    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9][0-9_]*");

    private final String file;
    private final List<Problem> problems = new ArrayList<>();

    YamlNodes(String file) {
        this.file = file;
    }

    List<Problem> problems() {
        return problems;
    }

    void problem(Node node, String path, ProblemText message) {
        problems.add(new Problem(file, line(node), path, message));
    }

    static int line(Node node) {
        return node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    /** A mapping's keys, checked against the keys allowed there. */
    final class Fields {
        private final MappingNode node;
        private final String path;
        private final Map<String, Node> values = new LinkedHashMap<>();

        private Fields(MappingNode node, String path) {
            this.node = node;
            this.path = path;
        }

        Node node() {
            return node;
        }

        /** The value of an optional key, or null. */
        Node get(String key) {
            return values.get(key);
        }

        /** The value of a required key; records a problem (at the mapping's line) when absent. */
        Node required(String key) {
            Node value = values.get(key);
            if (value == null) {
                problem(node, path, say("key.missing", "key", key));
            }
            return value;
        }

        String path(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        Map<String, Node> entries() {
            return values;
        }
    }

    /**
     * Reads a mapping whose keys must be among {@code allowed}; unknown keys are problems with a
     * "did you mean" hint, and keys in {@code notYet} say they are not supported by this version.
     */
    Fields fields(Node node, String path, List<String> allowed, Set<String> notYet) {
        if (!(node instanceof MappingNode mapping)) {
            problem(node, path, say("mapping.expected", "found", describe(node)));
            return null;
        }
        Fields fields = new Fields(mapping, path);
        // snakeyaml-engine checks duplicate keys only when it constructs objects, never when it
        // composes nodes: without this, a repeated key would silently replace the first one.
        Map<String, Node> seen = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = keyOf(tuple.getKeyNode(), path);
            if (key == null) {
                continue;
            }
            Node first = seen.putIfAbsent(key, tuple.getKeyNode());
            if (first != null) {
                problem(tuple.getKeyNode(), fields.path(key), say("key.again", "key", key, "line", line(first)));
                continue;
            }
            if (allowed == null || allowed.contains(key)) {
                fields.values.put(key, tuple.getValueNode());
            } else if (notYet.contains(key)) {
                problem(tuple.getKeyNode(), fields.path(key), say("key.notyet", "key", key));
            } else {
                problem(
                        tuple.getKeyNode(),
                        fields.path(key),
                        say(
                                "key.unknown",
                                "key",
                                key,
                                "suggestion",
                                suggestion(key, allowed),
                                "allowed",
                                String.join(", ", allowed)));
            }
        }
        return fields;
    }

    /** A mapping with free keys (region codes, kind names). */
    Fields entries(Node node, String path) {
        return fields(node, path, null, Set.of());
    }

    private String keyOf(Node keyNode, String path) {
        if (keyNode instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        problem(keyNode, path, say("key.plain", "found", describe(keyNode)));
        return null;
    }

    /** " (did you mean 'x'?)" for the closest of {@code allowed}, or "" when none is close. */
    static ProblemText didYouMean(String key, java.util.Collection<String> allowed) {
        return suggestion(key, List.copyOf(allowed));
    }

    private static ProblemText suggestion(String key, List<String> allowed) {
        return allowed.stream()
                .filter(candidate -> DISTANCE.apply(key, candidate) >= 0)
                // fewest edits first; among equals the most similar (a swap of two letters, "noet" for "note",
                // counts two edits, as many as an unrelated short key)
                .min(Comparator.<String>comparingInt(candidate -> DISTANCE.apply(key, candidate))
                        .thenComparing(candidate -> -SIMILARITY.apply(key, candidate)))
                .map(candidate -> say("suggestion", "candidate", candidate))
                .orElse(ProblemText.literal(""));
    }

    /** The keys a mapping declares, in file order; null when the node is not a mapping. */
    static Set<String> keys(Node node) {
        if (!(node instanceof MappingNode mapping)) {
            return null;
        }
        Set<String> keys = new LinkedHashSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key) {
                keys.add(key.getValue());
            }
        }
        return keys;
    }

    String string(Node node, String path) {
        if (node instanceof ScalarNode scalar && !isNull(scalar)) {
            return scalar.getValue();
        }
        problem(node, path, say("text.expected", "found", describe(node)));
        return null;
    }

    /**
     * A finite number in YAML notation (56, -0.03, 1.0e6, 2e6, 1_000_000); a quoted number is
     * refused (it is text in YAML). Never NaN unless a problem was recorded, so callers may treat
     * NaN as "already reported".
     */
    double number(Node node, String path) {
        if (node instanceof ScalarNode scalar
                && scalar.getScalarStyle() == ScalarStyle.PLAIN
                && isNumber(scalar.getValue())) {
            return Double.parseDouble(scalar.getValue().replace("_", ""));
        }
        problem(node, path, say("number.expected", "found", describe(node)));
        return Double.NaN;
    }

    private static boolean isNumber(String text) {
        return NUMBER.matcher(text).matches() && Double.isFinite(Double.parseDouble(text.replace("_", "")));
    }

    Long integer(Node node, String path) {
        if (node instanceof ScalarNode scalar
                && scalar.getScalarStyle() == ScalarStyle.PLAIN
                && INTEGER.matcher(scalar.getValue()).matches()) {
            try {
                return Long.parseLong(scalar.getValue().replace("_", ""));
            } catch (NumberFormatException e) {
                // too large for a long: reported below
            }
        }
        problem(node, path, say("integer.expected", "found", describe(node)));
        return null;
    }

    /** A number, or {low, central, high} with low <= central <= high. */
    Range range(Node node, String path) {
        if (node instanceof MappingNode) {
            Fields f = fields(node, path, List.of("low", "central", "high"), Set.of());
            if (f == null) {
                return null;
            }
            Node lowNode = f.required("low");
            Node centralNode = f.required("central");
            Node highNode = f.required("high");
            if (lowNode == null || centralNode == null || highNode == null) {
                return null;
            }
            double low = number(lowNode, f.path("low"));
            double central = number(centralNode, f.path("central"));
            double high = number(highNode, f.path("high"));
            if (Double.isNaN(low) || Double.isNaN(central) || Double.isNaN(high)) {
                return null;
            }
            if (!(low <= central && central <= high)) {
                problem(node, path, say("range.order", "low", low, "central", central, "high", high));
                return null;
            }
            return new Range(low, central, high);
        }
        double value = number(node, path);
        return Double.isNaN(value) ? null : Range.of(value);
    }

    Instant instant(Node node, String path) {
        String text = node instanceof ScalarNode scalar ? scalar.getValue() : null;
        if (text != null) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                // fall through
            }
        }
        problem(node, path, say("instant.expected", "found", describe(node)));
        return null;
    }

    Duration duration(Node node, String path) {
        String text = node instanceof ScalarNode scalar ? scalar.getValue() : null;
        try {
            return Durations.parseDuration(text);
        } catch (IllegalArgumentException e) {
            problem(node, path, say("duration.expected", "found", describe(node)));
            return null;
        }
    }

    /** A named profile, or exactly {@code size} numbers with mean 1.0. */
    double[] profile(Node node, String path, int size, Map<String, double[]> named) {
        List<String> names = named.keySet().stream().sorted().toList();
        String shownNames = String.join(" | ", names);
        if (node instanceof ScalarNode scalar && named.containsKey(scalar.getValue())) {
            return named.get(scalar.getValue()).clone();
        }
        if (node instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            if (items.size() != size) {
                problem(node, path, say("profile.count", "names", shownNames, "size", size, "count", items.size()));
                return null;
            }
            double[] values = new double[size];
            for (int i = 0; i < size; i++) {
                values[i] = number(items.get(i), path + "[" + i + "]");
                if (Double.isNaN(values[i])) {
                    return null;
                }
                if (values[i] < 0) {
                    problem(items.get(i), path + "[" + i + "]", say("profile.negative", "found", values[i]));
                    return null;
                }
            }
            double mean = Profiles.mean(values);
            if (Math.abs(mean - 1.0) > 1e-3) {
                problem(node, path, say("profile.mean", "size", size, "mean", ProblemText.number(mean)));
                return null;
            }
            return values;
        }
        problem(node, path, say("profile.expected", "names", shownNames, "size", size, "found", describe(node)));
        return null;
    }

    static boolean isNull(ScalarNode scalar) {
        return scalar.getScalarStyle() == ScalarStyle.PLAIN
                && (scalar.getValue().isEmpty()
                        || scalar.getValue().equals("null")
                        || scalar.getValue().equals("~"));
    }

    /** How a person would name what they wrote. */
    static ProblemText describe(Node node) {
        if (node == null) {
            return say("describe.nothing");
        }
        if (node instanceof MappingNode) {
            return say("describe.mapping");
        }
        if (node instanceof SequenceNode) {
            return say("describe.list");
        }
        ScalarNode scalar = (ScalarNode) node;
        if (isNull(scalar)) {
            return say("describe.empty");
        }
        String value = scalar.getValue();
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        if (scalar.getScalarStyle() != ScalarStyle.PLAIN) {
            return say("describe.text", "value", shown);
        }
        return say(isNumber(value) ? "describe.number" : "describe.plain", "value", shown);
    }

    private static final Set<Tag> DATA_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ);

    /** Tags other than plain data (e.g. !!java.lang.Runtime, !custom) are refused: a scenario is data only. */
    void rejectCustomTags(Node root) {
        rejectCustomTags(root, "", java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    private void rejectCustomTags(Node node, String path, Set<Node> seen) {
        if (!seen.add(node)) {
            return; // an alias of a node already checked: never expand aliases
        }
        if (!DATA_TAGS.contains(node.getTag())) {
            String tag = node.getTag().getValue();
            problem(
                    node,
                    path,
                    say(
                            "tag.refused",
                            "tag",
                            tag.startsWith(Tag.PREFIX) ? "!!" + tag.substring(Tag.PREFIX.length()) : tag));
        }
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
                rejectCustomTags(tuple.getKeyNode(), path, seen);
                rejectCustomTags(tuple.getValueNode(), path.isEmpty() ? key : path + "." + key, seen);
            }
        } else if (node instanceof SequenceNode sequence) {
            for (int i = 0; i < sequence.getValue().size(); i++) {
                rejectCustomTags(sequence.getValue().get(i), path + "[" + i + "]", seen);
            }
        }
    }
}
