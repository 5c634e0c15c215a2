package org.rebound.schemas;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Checks an older schema version kept in {@code schemas/history/} against the current schema of
 * the same record (found by full name among the current schemas and every type nested in them):
 * <ul>
 *   <li><b>backward</b>, always: the current schema, as reader, can read records written with
 *       the old one (what the schema store relies on to decode old records);</li>
 *   <li><b>forward</b>, unless the file is listed as an accepted exception: the old schema, as
 *       reader, can read records written with the current one (a consumer that still has the
 *       old schema keeps working).</li>
 * </ul>
 * Every problem names the file.
 */
final class HistoryCompatibility {

    /** {@code <Name>-v<N>.avsc}, as schemas/history/README.md asks. */
    static final Pattern FILE_NAME = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)-v([0-9]+)\\.avsc");

    private final Map<String, Schema> current;
    private final Map<String, String> forwardExceptions;

    /**
     * @param currentSchemas the current top-level schemas; types nested in them count too
     * @param forwardExceptions file name → why a reader on that version cannot read current records
     */
    HistoryCompatibility(Collection<Schema> currentSchemas, Map<String, String> forwardExceptions) {
        this.current = new LinkedHashMap<>();
        currentSchemas.forEach(this::collectNamed);
        this.forwardExceptions = Map.copyOf(forwardExceptions);
    }

    /** The {@code .avsc} files of a history directory, sorted by name. */
    static List<Path> files(Path historyDir) throws IOException {
        try (Stream<Path> files = Files.list(historyDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".avsc"))
                    .sorted()
                    .toList();
        }
    }

    /** Everything wrong with one history file; empty when it is compatible as required. */
    List<String> problems(Path file) throws IOException {
        String name = file.getFileName().toString();
        List<String> problems = new ArrayList<>();
        Matcher matcher = FILE_NAME.matcher(name);
        if (!matcher.matches()) {
            return List.of(name + ": expected a file name <Name>-v<N>.avsc (e.g. Totals-v1.avsc)");
        }
        Schema old;
        try {
            old = new Schema.Parser().parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (AvroRuntimeException e) { // SchemaParseException, AvroTypeException (undefined name)
            return List.of(
                    name + ": not a self-contained Avro schema (write every nested type inline): " + e.getMessage());
        }
        if (!old.getName().equals(matcher.group(1))) {
            problems.add(
                    name + ": holds the schema of " + old.getFullName() + ", but its name says " + matcher.group(1));
        }
        Schema now = current.get(old.getFullName());
        if (now == null) {
            problems.add(
                    name + ": no current schema named " + old.getFullName() + " (current: " + current.keySet() + ")");
            return problems;
        }
        SchemaCompatibility.SchemaPairCompatibility backward =
                SchemaCompatibility.checkReaderWriterCompatibility(now, old);
        if (backward.getType() != SchemaCompatibilityType.COMPATIBLE) {
            problems.add(name + ": not backward compatible: the current " + old.getName()
                    + " cannot read records written with this version: " + describe(backward));
        }
        SchemaCompatibility.SchemaPairCompatibility forward =
                SchemaCompatibility.checkReaderWriterCompatibility(old, now);
        boolean excepted = forwardExceptions.containsKey(name);
        if (forward.getType() != SchemaCompatibilityType.COMPATIBLE && !excepted) {
            problems.add(name
                    + ": not forward compatible: a reader on this version cannot read records written with the current "
                    + old.getName() + ": " + describe(forward)
                    + " (give the changed fields defaults, or list the file as an accepted exception)");
        } else if (forward.getType() == SchemaCompatibilityType.COMPATIBLE && excepted) {
            problems.add(name + ": listed as not forward compatible (" + forwardExceptions.get(name)
                    + "), but it is: remove the exception");
        }
        return problems;
    }

    private static String describe(SchemaCompatibility.SchemaPairCompatibility result) {
        return result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                .collect(Collectors.joining("; "));
    }

    private void collectNamed(Schema schema) {
        switch (schema.getType()) {
            case RECORD -> {
                if (current.putIfAbsent(schema.getFullName(), schema) == null) {
                    schema.getFields().forEach(f -> collectNamed(f.schema()));
                }
            }
            case ENUM, FIXED -> current.putIfAbsent(schema.getFullName(), schema);
            case ARRAY -> collectNamed(schema.getElementType());
            case MAP -> collectNamed(schema.getValueType());
            case UNION -> schema.getTypes().forEach(this::collectNamed);
            default -> {}
        }
    }
}
