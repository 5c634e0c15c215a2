package org.rebound.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.rebound.avro.Dimension;
import org.rebound.avro.Totals;

@DisplayName("schema evolution")
class SchemaEvolutionTest {

    /** The history directory of the source tree: a file dropped there is checked without any change here. */
    private static final Path HISTORY =
            Path.of(System.getProperty("basedir", ".")).resolve("history");

    /**
     * Versions a reader on which cannot read current records, each with the reason it was accepted.
     * Every other history file must be forward compatible too.
     */
    private static final Map<String, String> FORWARD_EXCEPTIONS = Map.of(
            "Totals-v1.avsc",
            "the Dimension enum gained REGION, TRAINING and DAY, and v1's enum has no default symbol to read them as",
            "LoadEvent-v1.avsc",
            "v2 carries every kind of a tick in requests_by_kind; its kind and requests are null, which v1's string and long cannot read"
                    + " (a v2 reader still values v1 records: the aggregator reads both)");

    @TestFactory
    @DisplayName("every version kept in schemas/history is compatible with the current schema of its record")
    Stream<DynamicTest> everyHistoryFile() throws Exception {
        List<Path> files = HistoryCompatibility.files(HISTORY);
        assertThat(files).as("schema files in " + HISTORY.toAbsolutePath()).isNotEmpty();
        // the schema store decodes with exactly these versions
        assertThat(Schemas.history()).hasSameSizeAs(files);
        assertThat(FORWARD_EXCEPTIONS.keySet())
                .allSatisfy(name -> assertThat(HISTORY.resolve(name)).exists());
        HistoryCompatibility checker = new HistoryCompatibility(Schemas.CURRENT, FORWARD_EXCEPTIONS);
        return files.stream()
                .map(file -> DynamicTest.dynamicTest(
                        file.getFileName().toString(),
                        () -> assertThat(checker.problems(file))
                                .as(file.getFileName().toString())
                                .isEmpty()));
    }

    @Test
    @DisplayName(
            "the checker names the file and the field when a current schema drops a field that has no default (not forward compatible)")
    void detectsRemovedField(@TempDir Path dir) throws Exception {
        Path old = write(
                dir,
                "Reading-v1.avsc",
                record(
                        "Reading",
                        "{\"name\": \"run\", \"type\": \"string\"}, {\"name\": \"energy_kwh\", \"type\": \"double\"}"));
        Schema current = new Schema.Parser().parse(record("Reading", "{\"name\": \"run\", \"type\": \"string\"}"));

        List<String> problems = new HistoryCompatibility(List.of(current), Map.of()).problems(old);

        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("Reading-v1.avsc: not forward compatible")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("energy_kwh");
        // accepted as an exception, it passes
        assertThat(new HistoryCompatibility(List.of(current), Map.of("Reading-v1.avsc", "test")).problems(old))
                .isEmpty();
    }

    @Test
    @DisplayName(
            "the checker names the file when a current schema adds a field without default (not backward compatible)")
    void detectsAddedFieldWithoutDefault(@TempDir Path dir) throws Exception {
        Path old = write(dir, "Reading-v1.avsc", record("Reading", "{\"name\": \"run\", \"type\": \"string\"}"));
        Schema current = new Schema.Parser()
                .parse(record(
                        "Reading",
                        "{\"name\": \"run\", \"type\": \"string\"}, {\"name\": \"water_l\", \"type\": \"double\"}"));

        List<String> problems = new HistoryCompatibility(List.of(current), Map.of()).problems(old);

        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith(
                        "Reading-v1.avsc: not backward compatible: the current Reading cannot read records written with this version")
                .contains("water_l");
        // with a default, the old records read fine
        Schema withDefault = new Schema.Parser()
                .parse(
                        record(
                                "Reading",
                                "{\"name\": \"run\", \"type\": \"string\"}, {\"name\": \"water_l\", \"type\": \"double\", \"default\": 0.0}"));
        assertThat(new HistoryCompatibility(List.of(withDefault), Map.of()).problems(old))
                .isEmpty();
    }

    @Test
    @DisplayName(
            "the checker reports a changed field type both ways, a record with no current schema, a bad file name and a stale exception")
    void detectsOtherMistakes(@TempDir Path dir) throws Exception {
        Schema current = new Schema.Parser().parse(record("Reading", "{\"name\": \"requests\", \"type\": \"string\"}"));
        HistoryCompatibility checker =
                new HistoryCompatibility(List.of(current), Map.of("Reading-v2.avsc", "accepted once"));

        assertThat(checker.problems(write(
                        dir, "Reading-v1.avsc", record("Reading", "{\"name\": \"requests\", \"type\": \"long\"}"))))
                .hasSize(2)
                .allSatisfy(p -> assertThat(p).startsWith("Reading-v1.avsc: ").contains("TYPE_MISMATCH"));
        assertThat(checker.problems(
                        write(dir, "Gone-v1.avsc", record("Gone", "{\"name\": \"requests\", \"type\": \"long\"}"))))
                .singleElement()
                .asString()
                .startsWith("Gone-v1.avsc: no current schema named org.rebound.avro.Gone");
        assertThat(checker.problems(write(
                        dir, "Reading.avsc", record("Reading", "{\"name\": \"requests\", \"type\": \"string\"}"))))
                .singleElement()
                .asString()
                .startsWith("Reading.avsc: expected a file name <Name>-v<N>.avsc");
        assertThat(checker.problems(write(
                        dir, "Reading-v2.avsc", record("Reading", "{\"name\": \"requests\", \"type\": \"string\"}"))))
                .singleElement()
                .asString()
                .startsWith("Reading-v2.avsc: listed as not forward compatible")
                .contains("remove the exception");
        assertThat(
                        checker.problems(
                                write(
                                        dir,
                                        "Reading-v3.avsc",
                                        "{\"type\": \"record\", \"name\": \"Reading\", \"fields\": [{\"name\": \"q\", \"type\": \"Quantity\"}]}")))
                .singleElement()
                .asString()
                .startsWith("Reading-v3.avsc: not a self-contained Avro schema");
    }

    @Test
    @DisplayName(
            "nested types are checked too: a history file of a record used only inside others (Quantity) finds its current schema")
    void nestedTypes(@TempDir Path dir) throws Exception {
        Path quantity = write(
                dir,
                "Quantity-v1.avsc",
                "{\"type\": \"record\", \"name\": \"Quantity\", \"namespace\": \"org.rebound.avro\", "
                        + "\"fields\": [{\"name\": \"low\", \"type\": \"double\"}, {\"name\": \"central\", \"type\": \"double\"}, {\"name\": \"high\", \"type\": \"double\"}]}");
        assertThat(new HistoryCompatibility(Schemas.CURRENT, Map.of()).problems(quantity))
                .isEmpty();
    }

    private static String record(String name, String fields) {
        return "{\"type\": \"record\", \"name\": \"" + name + "\", \"namespace\": \"org.rebound.avro\", \"fields\": ["
                + fields + "]}";
    }

    private static Path write(Path dir, String name, String text) throws java.io.IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    @DisplayName("a record written with an older schema decodes through the schema store into the current class")
    void decodesOlderWriter() throws Exception {
        Schema v1 = Schemas.history().stream()
                .filter(s -> s.getName().equals("Totals"))
                .findFirst()
                .orElseThrow();
        GenericRecord quantity = new GenericData.Record(
                v1.getField("impacts").schema().getField("it_energy_kwh").schema());
        quantity.put("low", 1.0);
        quantity.put("central", 2.0);
        quantity.put("high", 3.0);
        GenericRecord impacts = new GenericData.Record(v1.getField("impacts").schema());
        for (Schema.Field field : impacts.getSchema().getFields()) {
            impacts.put(field.name(), quantity);
        }
        GenericRecord old = new GenericData.Record(v1);
        old.put("run", "r@1");
        old.put("scenario", "s");
        old.put("dimension", new GenericData.EnumSymbol(v1.getField("dimension").schema(), "KIND"));
        old.put("member", "text");
        old.put("requests", 5L);
        old.put("load_events", 1L);
        old.put("impacts", impacts);
        old.put("first_event", 0L);
        old.put("last_event", 60_000L);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old, bytes);

        AvroCodec<Totals> codec = AvroCodec.of(Totals.class, Totals.getEncoder(), Totals::createDecoder);
        Totals decoded = codec.decode(bytes.toByteArray());
        assertThat(decoded.getDimension()).isEqualTo(Dimension.KIND);
        assertThat(decoded.getRequests()).isEqualTo(5);
        assertThat(decoded.getImpacts().getWaterL().getHigh()).isEqualTo(3.0);
        assertThat(decoded.getLastEvent()).isEqualTo(Instant.ofEpochMilli(60_000));
    }

    @Test
    @DisplayName("bytes that are not single-object Avro are refused with a typed error")
    void refusesGarbage() {
        AvroCodec<Totals> codec = AvroCodec.of(Totals.class, Totals.getEncoder(), Totals::createDecoder);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> codec.decode(new byte[] {1, 2, 3}))
                .isInstanceOf(MalformedRecordException.class);
    }
}
