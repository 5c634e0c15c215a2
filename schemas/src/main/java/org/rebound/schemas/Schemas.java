package org.rebound.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.util.ClassSecurityValidator;
import org.rebound.avro.DataCentre;
import org.rebound.avro.LoadEvent;
import org.rebound.avro.Totals;

/** The Avro contract: current schemas (the generated classes) and older versions kept in {@code schemas/history/}. */
public final class Schemas {

    /** The top-level record schemas, one per topic value type. */
    public static final List<Schema> CURRENT = List.of(
            LoadEvent.getClassSchema(),
            DataCentre.getClassSchema(),
            Totals.getClassSchema(),
            org.rebound.avro.TrainingCampaign.getClassSchema(),
            org.rebound.avro.PeriodTotals.getClassSchema(),
            org.rebound.avro.ControlEvent.getClassSchema(),
            org.rebound.avro.ScenarioDefinition.getClassSchema(),
            org.rebound.avro.Telemetry.getClassSchema());

    private static final String HISTORY = "schemas/history";
    private static final SchemaStore STORE = buildStore();

    private Schemas() {}

    /** A store holding every current and historical schema, looked up by fingerprint when decoding. */
    public static SchemaStore store() {
        return STORE;
    }

    /** Older versions of the schemas, parsed from {@code schemas/history/*.avsc} on the classpath (each file self-contained). */
    public static List<Schema> history() {
        // A fresh parser per file: an older version reuses the current type names.
        return historyFiles().stream()
                .map(text -> new Schema.Parser().parse(text))
                .toList();
    }

    /** Avro 1.12 decodes only into trusted classes; ours are generated from this contract. */
    static void trustGeneratedClasses() {
        ClassSecurityValidator.ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        if (!current.isTrusted(LoadEvent.class)) {
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                    current, type -> type.getPackageName().equals(LoadEvent.class.getPackageName())));
        }
    }

    private static SchemaStore buildStore() {
        SchemaStore.Cache cache = new SchemaStore.Cache();
        CURRENT.forEach(cache::addSchema);
        history().forEach(cache::addSchema);
        return cache;
    }

    private static List<String> historyFiles() {
        URL url = Schemas.class.getClassLoader().getResource(HISTORY);
        if (url == null) {
            return List.of();
        }
        try {
            if ("jar".equals(url.getProtocol())) {
                try (FileSystem jar = FileSystems.newFileSystem(url.toURI(), Map.of())) {
                    return read(jar.getPath(HISTORY));
                }
            }
            return read(Path.of(url.toURI()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> read(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> texts = new ArrayList<>();
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    texts.add(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return texts;
        }
    }
}
