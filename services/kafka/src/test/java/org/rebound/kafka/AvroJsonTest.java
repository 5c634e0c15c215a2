package org.rebound.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.DataCentre;
import org.rebound.avro.Dimension;
import org.rebound.avro.GridElectricity;
import org.rebound.avro.Impacts;
import org.rebound.avro.KindEnergy;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Quantity;
import org.rebound.avro.Totals;

@DisplayName("Avro records as plain JSON (the JSON mirrors)")
class AvroJsonTest {

    private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");

    @BeforeAll
    static void trustGeneratedClasses() {
        assertThat(Topics.ALL).isNotEmpty(); // creating the codecs trusts the generated classes (see AvroJson)
    }

    private static Quantity q(double low, double central, double high) {
        return new Quantity(low, central, high, null, null);
    }

    private static Quantity q(double low, double p5, double central, double p95, double high) {
        return new Quantity(low, central, high, p5, p95);
    }

    private static Impacts impacts(Quantity q) {
        return new Impacts(q, q, q, q, q, q, q, q);
    }

    private static Totals totals() {
        return new Totals(
                "quickstart@20250301T000000Z",
                "quickstart",
                Dimension.KIND,
                "text",
                1000095L,
                8634L,
                impacts(q(0.1, 0.25, 1.265, 1.5, 1e-300)),
                START,
                START.plusMillis(86_400_500L),
                null);
    }

    private static String json(Object record) {
        return new String(AvroJson.write((org.apache.avro.generic.IndexedRecord) record), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName(
            "a Totals record is one JSON object: Avro field names in schema order, enum symbol, ISO-8601 instants, exact numbers")
    void totalsAsJson() {
        String quantity = "{\"low\":0.1,\"central\":1.265,\"high\":1.0E-300,\"p5\":0.25,\"p95\":1.5}";
        String expected =
                "{\"run\":\"quickstart@20250301T000000Z\",\"scenario\":\"quickstart\",\"dimension\":\"KIND\",\"member\":\"text\","
                        + "\"requests\":1000095,\"load_events\":8634,\"impacts\":{"
                        + "\"it_energy_kwh\":" + quantity + ",\"facility_energy_kwh\":" + quantity
                        + ",\"operational_co2e_kg\":" + quantity
                        + ",\"embodied_co2e_kg\":" + quantity + ",\"co2e_kg\":" + quantity + ",\"onsite_water_l\":"
                        + quantity
                        + ",\"offsite_water_l\":" + quantity + ",\"water_l\":" + quantity + "},"
                        + "\"first_event\":\"2025-03-01T00:00:00Z\",\"last_event\":\"2025-03-02T00:00:00.500Z\",\"worlds\":null}";
        assertThat(json(totals())).isEqualTo(expected);
    }

    @Test
    @DisplayName("nullable fields are the value or null, without Avro's union wrappers")
    void unionsAreUnwrapped() {
        PeriodTotals first = new PeriodTotals(
                "r@1",
                "s",
                0,
                START,
                START.plusSeconds(600),
                10L,
                1L,
                impacts(q(1, 2, 3)),
                10.0 / 1440,
                1440.0,
                null,
                null,
                null,
                false,
                0.0,
                0.0,
                0.0,
                List.of(),
                null,
                null);
        PeriodTotals second = PeriodTotals.newBuilder(first)
                .setPeriod(1)
                .setWhPerRequest(q(0.5, 0.5, 0.5))
                .setReboundEffect(3.0)
                .setBackfire(true)
                .build();
        assertThat(json(first))
                .contains(
                        "\"impacts_per_day\":null,\"wh_per_request\":null,\"rebound_effect\":null,\"backfire\":false");
        assertThat(json(second))
                .contains(
                        "\"wh_per_request\":{\"low\":0.5,\"central\":0.5,\"high\":0.5,\"p5\":null,\"p95\":null},\"rebound_effect\":3.0,\"backfire\":true")
                .doesNotContain("\"double\"")
                .doesNotContain("org.rebound.avro");
    }

    @Test
    @DisplayName(
            "reading the JSON back gives a record equal to the one written, nested records, maps and arrays included")
    void roundTrip() {
        GridElectricity grid = new GridElectricity(
                "FR", q(50, 100, 200), q(2, 2, 2), List.of(0.9, 1.1, Double.MIN_VALUE), 1.0, -0.05, START);
        DataCentre dc = new DataCentre(
                "r@1",
                "s",
                "paris-1",
                START,
                START,
                START.plusSeconds(86_400),
                3_600_000L,
                q(1.1, 1.2, 1.4),
                q(0.5, 0.5, 0.5),
                q(80, 80, 80),
                0.5,
                grid,
                Map.of(
                        "text",
                        new KindEnergy(q(0.1, 0.3, 3), 1.0, 1.0),
                        "video",
                        new KindEnergy(q(100, 300, 1000), 0.5, 1.0)),
                0L,
                null,
                null,
                null,
                null);
        PeriodTotals period = new PeriodTotals(
                "r@1",
                "s",
                3,
                START,
                START.plusSeconds(600),
                10L,
                1L,
                impacts(q(1, 2, 3)),
                1.0 / 3,
                30.0,
                impacts(q(3, 4, 6, 8, 9)),
                q(0.1, 0.2, 0.3),
                -0.25,
                false,
                5.0,
                4.0,
                1.5,
                List.of(new org.rebound.avro.PeriodCell("text", "paris-1", 10L, 5.0, 2.0, 4.0, 1.5)),
                new org.rebound.avro.Decomposition(1.0, -0.5, -2.0, 0.75),
                java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, -1})); // bytes as base64 text

        assertThat(AvroJson.read(AvroJson.write(totals()), Totals.getClassSchema()))
                .isEqualTo(totals());
        assertThat(AvroJson.read(AvroJson.write(dc), DataCentre.getClassSchema()))
                .isEqualTo(dc);
        assertThat(AvroJson.read(AvroJson.write(period), PeriodTotals.getClassSchema()))
                .isEqualTo(period);
    }

    @Test
    @DisplayName(
            "reading is lenient: a missing field takes its default, unknown fields are ignored, instants may be epoch millis")
    void lenientReading() {
        String json =
                "{\"run\":\"r@1\",\"scenario\":\"s\",\"period\":0,\"start\":0,\"end\":\"1970-01-01T00:10:00Z\",\"requests\":1,"
                        + "\"load_events\":1,\"impacts\":" + json(impacts(q(1, 1, 1))) + ",\"added_later\":[1,2]}";
        PeriodTotals read =
                (PeriodTotals) AvroJson.read(json.getBytes(StandardCharsets.UTF_8), PeriodTotals.getClassSchema());
        assertThat(read.getStart()).isEqualTo(Instant.EPOCH);
        assertThat(read.getEnd()).isEqualTo(Instant.ofEpochSecond(600));
        assertThat(read.getDays()).isEqualTo(0.0);
        assertThat(read.getReboundEffect()).isNull();
        assertThat(read.getBackfire()).isFalse();
    }

    @Test
    @DisplayName("JSON that does not fit the schema is refused with the path of the offending field")
    void refusesMismatches() {
        String good = json(totals());
        assertThatThrownBy(() -> AvroJson.read(
                        good.replace("\"central\":1.265", "\"central\":\"lots\"")
                                .getBytes(StandardCharsets.UTF_8),
                        Totals.getClassSchema()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Totals.impacts.it_energy_kwh.central: expected a number");
        assertThatThrownBy(() -> AvroJson.read(
                        good.replace("\"KIND\"", "\"GALAXY\"").getBytes(StandardCharsets.UTF_8),
                        Totals.getClassSchema()))
                .hasMessageContaining(
                        "Totals.dimension: expected one of [OVERALL, DATACENTRE, KIND, REGION, TRAINING, DAY]");
        assertThatThrownBy(() -> AvroJson.read(
                        good.replace("\"requests\":1000095,", "").getBytes(StandardCharsets.UTF_8),
                        Totals.getClassSchema()))
                .hasMessageContaining("Totals.requests: missing");
        assertThatThrownBy(() -> AvroJson.read(
                        good.replace("\"2025-03-01T00:00:00Z\"", "\"yesterday\"")
                                .getBytes(StandardCharsets.UTF_8),
                        Totals.getClassSchema()))
                .hasMessageContaining("Totals.first_event: expected an ISO-8601 instant");
        assertThatThrownBy(() -> AvroJson.read("{not json".getBytes(StandardCharsets.UTF_8), Totals.getClassSchema()))
                .hasMessageStartingWith("not JSON");
    }

    @Test
    @DisplayName("written straight from the record, the JSON is byte for byte Jackson's text of the record as a tree:"
            + " random records of every schema, with nulls, non-finite and tiny numbers, maps, arrays and bytes")
    void streamedAsTheTree() throws Exception {
        java.util.Random random = new java.util.Random(20261206);
        for (org.apache.avro.Schema schema : List.of(
                Totals.getClassSchema(),
                PeriodTotals.getClassSchema(),
                org.rebound.avro.Telemetry.getClassSchema(),
                DataCentre.getClassSchema(),
                org.rebound.avro.LoadEvent.getClassSchema(),
                org.rebound.avro.ControlEvent.getClassSchema(),
                org.rebound.avro.ScenarioDefinition.getClassSchema(),
                org.rebound.avro.TrainingCampaign.getClassSchema())) {
            for (int i = 0; i < 300; i++) {
                org.apache.avro.generic.IndexedRecord record =
                        (org.apache.avro.generic.IndexedRecord) randomValue(schema, random, i % 2 == 0);
                byte[] tree = new com.fasterxml.jackson.databind.ObjectMapper(
                                com.fasterxml.jackson.core.JsonFactory.builder()
                                        .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                                        .build())
                        .writeValueAsBytes(tree(record, schema));
                assertThat(new String(AvroJson.write(record), StandardCharsets.UTF_8))
                        .as(schema.getName())
                        .isEqualTo(new String(tree, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    @DisplayName("an instant is written as Instant.toString writes it: years 0 to 9999 by hand, with or without"
            + " milliseconds, the rest (before year 0, after 9999, parts of a millisecond) by toString")
    void instantsAsToString() {
        java.util.Random random = new java.util.Random(20261207);
        List<Instant> instants = new java.util.ArrayList<>(List.of(
                Instant.EPOCH,
                Instant.ofEpochMilli(-1),
                Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("0000-01-01T00:00:00Z").minusMillis(1),
                Instant.parse("9999-12-31T23:59:59.999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("2024-02-29T12:34:56.780Z"),
                Instant.parse("2025-03-01T00:00:00.000001Z"),
                Instant.parse("2025-03-01T00:00:00.100Z")));
        long span = Instant.parse("+12000-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 200_000; i++) {
            long millis = i % 2 == 0
                    ? random.nextLong() % span
                    : random.nextInt(100_000) * 3_600_000L + (i % 4 == 1 ? random.nextInt(1000) : 0);
            instants.add(Instant.ofEpochMilli(millis));
        }
        for (Instant instant : instants) {
            assertThat(AvroJson.iso(instant)).isEqualTo(instant.toString());
        }
    }

    private static final com.fasterxml.jackson.databind.node.JsonNodeFactory NODES =
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;

    /**
     * The reference: the mapping of AvroJson's class comment as a Jackson tree, as the mirrors were
     * written until issue 16 (a tree per record, then Jackson's text of it).
     */
    private static com.fasterxml.jackson.databind.JsonNode tree(Object value, org.apache.avro.Schema schema) {
        switch (schema.getType()) {
            case RECORD -> {
                org.apache.avro.generic.IndexedRecord record = (org.apache.avro.generic.IndexedRecord) value;
                com.fasterxml.jackson.databind.node.ObjectNode object = NODES.objectNode();
                for (org.apache.avro.Schema.Field field : schema.getFields()) {
                    object.set(field.name(), tree(record.get(field.pos()), field.schema()));
                }
                return object;
            }
            case UNION -> {
                return value == null
                        ? NODES.nullNode()
                        : tree(
                                value,
                                schema.getTypes().stream()
                                        .filter(b -> b.getType() != org.apache.avro.Schema.Type.NULL)
                                        .findFirst()
                                        .orElseThrow());
            }
            case ARRAY -> {
                com.fasterxml.jackson.databind.node.ArrayNode array = NODES.arrayNode();
                for (Object item : (java.util.Collection<?>) value) {
                    array.add(tree(item, schema.getElementType()));
                }
                return array;
            }
            case MAP -> {
                com.fasterxml.jackson.databind.node.ObjectNode object = NODES.objectNode();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    object.set(entry.getKey().toString(), tree(entry.getValue(), schema.getValueType()));
                }
                return object;
            }
            case ENUM, STRING -> {
                return NODES.textNode(value.toString());
            }
            case LONG -> {
                if (schema.getLogicalType() instanceof org.apache.avro.LogicalTypes.TimestampMillis) {
                    Instant instant = value instanceof Instant i ? i : Instant.ofEpochMilli((Long) value);
                    return NODES.textNode(instant.toString());
                }
                return NODES.numberNode((Long) value);
            }
            case INT -> {
                return NODES.numberNode((Integer) value);
            }
            case DOUBLE -> {
                return NODES.numberNode((Double) value);
            }
            case BYTES -> {
                java.nio.ByteBuffer bytes = ((java.nio.ByteBuffer) value).duplicate();
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                return NODES.textNode(java.util.Base64.getEncoder().encodeToString(copy));
            }
            case FLOAT -> {
                return NODES.numberNode((Float) value);
            }
            case BOOLEAN -> {
                return NODES.booleanNode((Boolean) value);
            }
            case NULL -> {
                return NODES.nullNode();
            }
            default -> throw new IllegalArgumentException(schema.getType().toString());
        }
    }

    private static final double[] ODD_DOUBLES = {
        0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1e-300, 1e300, 0.1
    };

    /**
     * A string of what JSON and Jackson may escape or encode on more than one byte: every control
     * character, quotes, backslashes, slashes, DEL, Latin-1, the line separators JavaScript cares
     * about, other BMP characters and pairs of surrogates; or printable ASCII only.
     */
    static String randomString(java.util.Random random) {
        String odd = "\"\\/\u007f\u0080é\u00ff\u0100€\u2028\u2029\ufffd\uffff";
        StringBuilder text = new StringBuilder();
        boolean ascii = random.nextInt(3) == 0;
        for (int i = random.nextInt(12); i > 0; i--) {
            int pick = ascii ? 0 : random.nextInt(5);
            switch (pick) {
                case 0, 1 -> text.append((char) (0x20 + random.nextInt(0x5f)));
                case 2 -> text.append((char) random.nextInt(0x20));
                case 3 -> text.append(odd.charAt(random.nextInt(odd.length())));
                default -> text.appendCodePoint(0x10000 + random.nextInt(0x10ffff - 0x10000));
            }
        }
        return text.toString();
    }

    /** A random value of the schema; timestamps as {@link Instant} or epoch millis, as either model holds them. */
    static Object randomValue(org.apache.avro.Schema schema, java.util.Random random, boolean instants) {
        switch (schema.getType()) {
            case RECORD -> {
                org.apache.avro.generic.GenericData.Record record =
                        new org.apache.avro.generic.GenericData.Record(schema);
                for (org.apache.avro.Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), randomValue(field.schema(), random, instants));
                }
                return record;
            }
            case UNION -> {
                List<org.apache.avro.Schema> branches = schema.getTypes();
                return random.nextInt(3) == 0
                        ? null
                        : randomValue(
                                branches.stream()
                                        .filter(b -> b.getType() != org.apache.avro.Schema.Type.NULL)
                                        .findFirst()
                                        .orElseThrow(),
                                random,
                                instants);
            }
            case ARRAY -> {
                List<Object> list = new java.util.ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(randomValue(schema.getElementType(), random, instants));
                }
                return list;
            }
            case MAP -> {
                Map<String, Object> map = new java.util.LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(
                            random.nextBoolean() ? "k" + random.nextInt(100) : randomString(random),
                            randomValue(schema.getValueType(), random, instants));
                }
                return map;
            }
            case ENUM -> {
                return new org.apache.avro.generic.GenericData.EnumSymbol(
                        schema,
                        schema.getEnumSymbols()
                                .get(random.nextInt(schema.getEnumSymbols().size())));
            }
            case STRING -> {
                return random.nextBoolean() ? "paris-1" : randomString(random);
            }
            case LONG -> {
                long value = random.nextBoolean() ? random.nextLong() : random.nextInt(1_000_000);
                if (schema.getLogicalType() instanceof org.apache.avro.LogicalTypes.TimestampMillis) {
                    long millis = Math.floorMod(value, 4_102_444_800_000L); // before 2100
                    return instants ? Instant.ofEpochMilli(millis) : (Object) millis;
                }
                return value;
            }
            case INT -> {
                return random.nextInt();
            }
            case DOUBLE -> {
                return random.nextInt(4) == 0
                        ? ODD_DOUBLES[random.nextInt(ODD_DOUBLES.length)]
                        : random.nextGaussian() * Math.pow(10, random.nextInt(30) - 15);
            }
            case FLOAT -> {
                return (float) random.nextGaussian();
            }
            case BYTES -> {
                byte[] bytes = new byte[random.nextInt(20)];
                random.nextBytes(bytes);
                return java.nio.ByteBuffer.wrap(bytes);
            }
            case BOOLEAN -> {
                return random.nextBoolean();
            }
            case NULL -> {
                return null;
            }
            default -> throw new IllegalArgumentException(schema.getType().toString());
        }
    }

    @Test
    @DisplayName(
            "the mirror serde writes the JSON, reads it back, passes tombstones, and reports bad JSON as Kafka's SerializationException")
    void serde() {
        byte[] bytes = Topics.TOTALS_JSON.valueSerde().serializer().serialize(Topics.TOTALS_JSON.name(), totals());
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(json(totals()));
        assertThat(Topics.TOTALS_JSON.valueSerde().deserializer().deserialize(Topics.TOTALS_JSON.name(), bytes))
                .isEqualTo(totals());
        assertThat(Topics.TOTALS_JSON.valueSerde().serializer().serialize(Topics.TOTALS_JSON.name(), null))
                .isNull();
        assertThat(Topics.TOTALS_JSON.valueSerde().deserializer().deserialize(Topics.TOTALS_JSON.name(), null))
                .isNull();
        assertThatThrownBy(() -> Topics.TOTALS_JSON
                        .valueSerde()
                        .deserializer()
                        .deserialize(Topics.TOTALS_JSON.name(), "[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("rebound.totals.json: not a Totals in JSON");
    }
}
