package org.rebound.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * Avro records as plain JSON, for clients that cannot read Avro ({@code kcat}, {@code jq}, a
 * browser): one object per record with the Avro field names in schema order; a nullable union
 * as its value or {@code null} (not Avro's own JSON encoding, which writes {@code {"double": 1.0}});
 * an enum as its symbol; a map as an object; {@code timestamp-millis} as an ISO-8601 UTC string
 * ({@code "2025-03-01T00:00:00Z"}, milliseconds shown only when not zero). Numbers are written
 * with the shortest text that reads back to the same double, so a reader gets exactly the
 * numbers of the Avro record.
 *
 * <p>Only the types Rebound's schemas use are supported: records, enums, arrays, maps, unions of
 * null and one type, strings, booleans and numbers. Reading back is lenient where it costs
 * nothing: a missing field takes its schema default, an unknown field is ignored, an instant may
 * also be given as epoch milliseconds. Reading into the generated classes needs them trusted by
 * Avro's {@code ClassSecurityValidator}, as for binary decoding: creating any {@code AvroCodec}
 * does it ({@link Topics} creates them all).
 */
public final class AvroJson {

    /** Reads the mirrors, and writes the strings {@link Out} leaves to Jackson (numbers never go through it). */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {}

    /**
     * The record as compact UTF-8 JSON (see the class comment for the mapping), written by a
     * writer made once per schema ({@link Writer}) into each thread's buffer ({@link Out}). Until
     * issue 16 it was Jackson's text of a tree built for each record, then Jackson's generator
     * driven by these writers; the bytes are the same (AvroJsonTest builds that tree to compare).
     * A telemetry window's mirror, which the aggregator writes for every window, took 9.0 µs on
     * the quick JIT compiler as a tree, 4.7 through the generator, 3.4 now (docs/performance.md,
     * "Runs of ticks, streamed mirrors, flat impacts" and "The JSON mirrors without Jackson's
     * generator").
     */
    public static byte[] write(IndexedRecord record) {
        Out out = OUTS.get();
        out.length = 0;
        try {
            writer(record.getSchema()).write(out, record);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot write " + record.getSchema().getName() + " as JSON: " + e.getMessage(), e);
        }
        return java.util.Arrays.copyOf(out.bytes, out.length);
    }

    /** Each thread's buffer for {@link #write}, reused record after record (a telemetry window's JSON is ~900 bytes). */
    private static final ThreadLocal<Out> OUTS = ThreadLocal.withInitial(Out::new);

    /**
     * The bytes Jackson's generator wrote for each value, appended to a growable array: numbers,
     * literals, field names and plain strings directly (a double's shortest text from Jackson's own
     * Schubfach writer, {@link NumberOutput}, copied in; through the generator it was copied
     * from a String into characters and then into bytes, and a quarter of a telemetry window's
     * JSON went into the generator: docs/performance.md, "The JSON mirrors without Jackson's
     * generator");
     * a string with any character that JSON or Jackson escapes, or that is not ASCII, by Jackson's
     * generator itself, so that the bytes stay Jackson's ({@code AvroJsonTest.streamedAsTheTree}).
     */
    private static final class Out {
        private static final byte[] NULL = {'n', 'u', 'l', 'l'};
        private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
        private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

        byte[] bytes = new byte[2048];
        int length;

        /** Makes room for {@code more} bytes. */
        private void room(int more) {
            if (length + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + more));
            }
        }

        void put(char ascii) {
            room(1);
            bytes[length++] = (byte) ascii;
        }

        void put(byte[] more) {
            room(more.length);
            System.arraycopy(more, 0, bytes, length, more.length);
            length += more.length;
        }

        /** Text known to be ASCII: one byte a character, copied without an intermediate array. */
        @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exactly this, for ASCII
        private void ascii(String text) {
            int n = text.length();
            room(n);
            text.getBytes(0, n, bytes, length);
            length += n;
        }

        /** A JSON string (or an object's field name: Jackson escapes both alike). */
        void string(String text) throws IOException {
            if (plain(text)) {
                put('"');
                ascii(text);
                put('"');
            } else {
                put(jackson(text));
            }
        }

        void number(long value) {
            room(20);
            length = NumberOutput.outputLong(value, bytes, length);
        }

        void number(int value) {
            room(11);
            length = NumberOutput.outputInt(value, bytes, length);
        }

        /**
         * The shortest text that reads back to the same double, by the Schubfach algorithm (Jackson's
         * fast writer; Java 17's Double.toString sometimes gives a longer one, and took about a tenth
         * of the aggregator's stream thread); NaN and the infinities quoted, as Jackson writes them.
         */
        void number(double value) {
            quotedUnlessFinite(NumberOutput.toString(value, true), Double.isFinite(value));
        }

        void number(float value) {
            quotedUnlessFinite(NumberOutput.toString(value, true), Float.isFinite(value));
        }

        private void quotedUnlessFinite(String text, boolean finite) {
            if (!finite) {
                put('"');
            }
            ascii(text);
            if (!finite) {
                put('"');
            }
        }

        void bool(boolean value) {
            put(value ? TRUE : FALSE);
        }

        void nul() {
            put(NULL);
        }

        /** Printable ASCII that JSON does not escape: written as it is. */
        private static boolean plain(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                    return false;
                }
            }
            return true;
        }

        /** A string as Jackson's generator writes it, quotes and escapes included. */
        static byte[] jackson(String text) throws IOException {
            java.io.ByteArrayOutputStream scratch = new java.io.ByteArrayOutputStream(2 * text.length() + 8);
            try (com.fasterxml.jackson.core.JsonGenerator json =
                    MAPPER.getFactory().createGenerator(scratch)) {
                json.writeString(text);
            }
            return scratch.toByteArray();
        }
    }

    /** The years {@link #iso} writes itself, 0 to 9999, in epoch milliseconds: from the first, to the end of the last. */
    private static final long ISO_FAST_START_MS =
            Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();

    private static final long ISO_FAST_END_MS =
            Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli();

    /**
     * {@link Instant#toString}'s text ({@code 2025-03-01T00:00:00Z}, {@code .123} when there are
     * milliseconds) for instants of years 0 to 9999 in whole milliseconds, without its formatter
     * (a tenth to a sixth of a telemetry window's JSON on the quick JIT compiler); any other instant is
     * {@code toString}'s.
     */
    static String iso(Instant instant) {
        long millis;
        if (instant.getNano() % 1_000_000 != 0
                || (millis = instant.toEpochMilli()) < ISO_FAST_START_MS
                || millis >= ISO_FAST_END_MS) {
            return instant.toString();
        }
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(Math.floorDiv(millis, 86_400_000L));
        int ofDay = (int) Math.floorMod(millis, 86_400_000L);
        int milli = ofDay % 1000;
        byte[] text = new byte[milli == 0 ? 20 : 24];
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, ofDay / 3_600_000, 2);
        text[13] = ':';
        digits(text, 14, ofDay / 60_000 % 60, 2);
        text[16] = ':';
        digits(text, 17, ofDay / 1000 % 60, 2);
        if (milli != 0) {
            text[19] = '.';
            digits(text, 20, milli, 3);
        }
        text[text.length - 1] = 'Z';
        return new String(text, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static void digits(byte[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Writes one value of a schema, as the class comment maps it, to the bytes of the record's JSON. */
    @FunctionalInterface
    private interface Writer {
        void write(Out out, Object value) throws IOException;
    }

    /** The writer of each schema met, by identity (copied on write: read by every record, written once per schema). */
    private static volatile Map<Schema, Writer> writers = new java.util.IdentityHashMap<>();

    private static Writer writer(Schema schema) {
        Writer writer = writers.get(schema);
        if (writer == null) {
            writer = compile(schema);
            synchronized (AvroJson.class) {
                Map<Schema, Writer> more = new java.util.IdentityHashMap<>(writers);
                more.put(schema, writer);
                writers = more;
            }
        }
        return writer;
    }

    /** A writer for values of {@code schema} (the schemas are not recursive). */
    private static Writer compile(Schema schema) {
        switch (schema.getType()) {
            case RECORD -> {
                List<Schema.Field> fields = schema.getFields();
                byte[][] names = new byte[fields.size()][]; // ,"name": (the first without its comma)
                Writer[] values = new Writer[fields.size()];
                int[] positions = new int[fields.size()];
                for (int i = 0; i < fields.size(); i++) {
                    try {
                        byte[] quoted = Out.jackson(fields.get(i).name());
                        int comma = i == 0 ? 0 : 1;
                        names[i] = new byte[comma + quoted.length + 1];
                        if (comma == 1) {
                            names[i][0] = ',';
                        }
                        System.arraycopy(quoted, 0, names[i], comma, quoted.length);
                        names[i][names[i].length - 1] = ':';
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    values[i] = compile(fields.get(i).schema());
                    positions[i] = fields.get(i).pos();
                }
                return (out, value) -> {
                    IndexedRecord record = (IndexedRecord) value;
                    out.put('{');
                    for (int i = 0; i < names.length; i++) {
                        out.put(names[i]);
                        values[i].write(out, record.get(positions[i]));
                    }
                    out.put('}');
                };
            }
            case UNION -> {
                Writer inner = compile(nonNull(schema));
                return (out, value) -> {
                    if (value == null) {
                        out.nul();
                    } else {
                        inner.write(out, value);
                    }
                };
            }
            case ARRAY -> {
                Writer item = compile(schema.getElementType());
                return (out, value) -> {
                    out.put('[');
                    boolean first = true;
                    for (Object each : (Collection<?>) value) {
                        if (!first) {
                            out.put(',');
                        }
                        first = false;
                        item.write(out, each);
                    }
                    out.put(']');
                };
            }
            case MAP -> {
                Writer entryValue = compile(schema.getValueType());
                return (out, value) -> {
                    out.put('{');
                    boolean first = true;
                    for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                        if (!first) {
                            out.put(',');
                        }
                        first = false;
                        out.string(entry.getKey().toString());
                        out.put(':');
                        entryValue.write(out, entry.getValue());
                    }
                    out.put('}');
                };
            }
            case ENUM, STRING -> {
                return (out, value) -> out.string(value.toString());
            }
            case LONG -> {
                if (isTimestampMillis(schema)) {
                    return (out, value) ->
                            out.string(value instanceof Instant i ? iso(i) : iso(Instant.ofEpochMilli((Long) value)));
                }
                return (out, value) -> out.number((long) (Long) value);
            }
            case INT -> {
                return (out, value) -> out.number((int) (Integer) value);
            }
            case DOUBLE -> {
                return (out, value) -> out.number((double) (Double) value);
            }
            case BYTES -> {
                return (out, value) -> {
                    java.nio.ByteBuffer bytes = ((java.nio.ByteBuffer) value).duplicate();
                    byte[] copy = new byte[bytes.remaining()];
                    bytes.get(copy);
                    out.string(java.util.Base64.getEncoder().encodeToString(copy));
                };
            }
            case FLOAT -> {
                return (out, value) -> out.number((float) (Float) value);
            }
            case BOOLEAN -> {
                return (out, value) -> out.bool((Boolean) value);
            }
            case NULL -> {
                return (out, value) -> out.nul();
            }
            default ->
                throw new IllegalArgumentException("Avro type " + schema.getType() + " has no JSON mirror mapping");
        }
    }

    /**
     * The record of {@code schema} that this JSON holds: an instance of the generated class when
     * there is one (Avro's specific model), else a generic record.
     *
     * @throws IllegalArgumentException naming the field, when the JSON does not match the schema
     */
    public static Object read(byte[] json, Schema schema) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        return fromJson(node, schema);
    }

    /** The Avro value of {@code schema} this JSON tree holds; the reverse of {@link #write}. */
    public static Object fromJson(JsonNode node, Schema schema) {
        return avro(node, schema, SpecificData.getForSchema(schema), schema.getName());
    }

    private static Object avro(JsonNode node, Schema schema, GenericData model, String path) {
        switch (schema.getType()) {
            case RECORD -> {
                expect(node.isObject(), "an object", node, path);
                Object record = model.newRecord(null, schema);
                for (Schema.Field field : schema.getFields()) {
                    JsonNode value = node.get(field.name());
                    if (value == null) {
                        if (!field.hasDefaultValue()) {
                            throw new IllegalArgumentException(path + "." + field.name() + ": missing (a field of "
                                    + schema.getName() + " with no default)");
                        }
                        value = field.defaultVal() == JsonProperties.NULL_VALUE
                                ? NODES.nullNode()
                                : MAPPER.valueToTree(field.defaultVal());
                    }
                    model.setField(
                            record,
                            field.name(),
                            field.pos(),
                            avro(value, field.schema(), model, path + "." + field.name()));
                }
                return record;
            }
            case UNION -> {
                return node.isNull() ? null : avro(node, nonNull(schema), model, path);
            }
            case ARRAY -> {
                expect(node.isArray(), "an array", node, path);
                List<Object> list = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    list.add(avro(node.get(i), schema.getElementType(), model, path + "[" + i + "]"));
                }
                return list;
            }
            case MAP -> {
                expect(node.isObject(), "an object", node, path);
                Map<String, Object> map = new LinkedHashMap<>();
                node.properties()
                        .forEach(e -> map.put(
                                e.getKey(), avro(e.getValue(), schema.getValueType(), model, path + "." + e.getKey())));
                return map;
            }
            case ENUM -> {
                expect(
                        node.isTextual() && schema.hasEnumSymbol(node.textValue()),
                        "one of " + schema.getEnumSymbols(),
                        node,
                        path);
                return model.createEnum(node.textValue(), schema);
            }
            case STRING -> {
                expect(node.isTextual(), "a string", node, path);
                return node.textValue();
            }
            case LONG -> {
                if (isTimestampMillis(schema)) {
                    return instant(node, path, model.getConversionFor(schema.getLogicalType()) != null);
                }
                expect(node.isIntegralNumber() && node.canConvertToLong(), "a whole number", node, path);
                return node.longValue();
            }
            case INT -> {
                expect(node.isIntegralNumber() && node.canConvertToInt(), "a 32-bit whole number", node, path);
                return node.intValue();
            }
            case DOUBLE -> {
                return number(node, path);
            }
            case BYTES -> {
                expect(node.isTextual(), "base64 text", node, path);
                try {
                    return java.nio.ByteBuffer.wrap(
                            java.util.Base64.getDecoder().decode(node.textValue()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(path + ": expected base64 text, found " + node, e);
                }
            }
            case FLOAT -> {
                return (float) number(node, path);
            }
            case BOOLEAN -> {
                expect(node.isBoolean(), "true or false", node, path);
                return node.booleanValue();
            }
            case NULL -> {
                expect(node.isNull(), "null", node, path);
                return null;
            }
            default ->
                throw new IllegalArgumentException(
                        path + ": Avro type " + schema.getType() + " has no JSON mirror mapping");
        }
    }

    /** An instant as the model holds it: {@link Instant} with the generated classes' conversion, else epoch millis. */
    private static Object instant(JsonNode node, String path, boolean asInstant) {
        Instant instant;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            instant = Instant.ofEpochMilli(node.longValue());
        } else {
            expect(node.isTextual(), "an ISO-8601 instant (2025-03-01T00:00:00Z) or epoch milliseconds", node, path);
            try {
                instant = Instant.parse(node.textValue());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        path + ": expected an ISO-8601 instant (2025-03-01T00:00:00Z), found " + node, e);
            }
        }
        return asInstant ? instant : (Object) instant.toEpochMilli();
    }

    /** A number; non-finite doubles are written by Jackson as the strings "NaN", "Infinity", "-Infinity". */
    private static double number(JsonNode node, String path) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual() && List.of("NaN", "Infinity", "-Infinity").contains(node.textValue())) {
            return Double.parseDouble(node.textValue());
        }
        throw new IllegalArgumentException(path + ": expected a number, found " + node);
    }

    private static Schema nonNull(Schema union) {
        List<Schema> branches = union.getTypes();
        if (branches.size() != 2 || branches.stream().noneMatch(s -> s.getType() == Schema.Type.NULL)) {
            throw new IllegalArgumentException(
                    "only unions of null and one type have a JSON mirror mapping, found " + union);
        }
        return branches.get(0).getType() == Schema.Type.NULL ? branches.get(1) : branches.get(0);
    }

    private static boolean isTimestampMillis(Schema schema) {
        return schema.getLogicalType() instanceof LogicalTypes.TimestampMillis;
    }

    private static void expect(boolean ok, String expected, JsonNode found, String path) {
        if (!ok) {
            throw new IllegalArgumentException(path + ": expected " + expected + ", found " + found);
        }
    }
}
