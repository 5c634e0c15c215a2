package org.rebound.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.schemas.Schemas;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** docs/asyncapi.yaml against the code: the topics of {@link Topics}, the Avro schemas, the JSON mirrors. */
@DisplayName("the AsyncAPI document (docs/asyncapi.yaml)")
class AsyncApiContractTest {

    private static final Path DOCS =
            Path.of(System.getProperty("basedir", ".")).resolve("../../docs").normalize();
    private static final String AVRO_FORMAT = "application/vnd.apache.avro;version=1.9.0";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode document;

    @BeforeAll
    static void load() throws Exception {
        Object yaml = new Load(
                        LoadSettings.builder().setLabel("docs/asyncapi.yaml").build())
                .loadFromString(Files.readString(DOCS.resolve("asyncapi.yaml")));
        document = MAPPER.valueToTree(yaml);
        assertThat(Topics.ALL)
                .isNotEmpty(); // creating the codecs trusts the generated classes (AvroJson reads into them)
    }

    private static Map<String, JsonNode> channels() {
        Map<String, JsonNode> channels = new LinkedHashMap<>();
        document.get("channels").properties().forEach(e -> channels.put(e.getKey(), e.getValue()));
        return channels;
    }

    private static List<JsonNode> messages(JsonNode channel) {
        List<JsonNode> messages = new ArrayList<>();
        channel.get("messages").forEach(messages::add);
        return messages;
    }

    private static JsonNode channel(String address) {
        return channels().values().stream()
                .filter(c -> c.get("address").asText().equals(address))
                .findFirst()
                .orElseThrow(() -> new AssertionError("docs/asyncapi.yaml: no channel with address " + address));
    }

    /** The current Avro schema a channel's messages carry: from the .avsc file its payload references, or, for a JSON mirror, its source's. */
    private static Schema avroSchemaOf(String address) {
        String source = address.endsWith(".json") ? address.substring(0, address.length() - ".json".length()) : address;
        JsonNode channel = channel(source);
        String file = Path.of(
                        messages(channel).get(0).at("/payload/schema/$ref").asText())
                .getFileName()
                .toString();
        return Schemas.CURRENT.stream()
                .filter(s -> (s.getName() + ".avsc").equals(file))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        address + ": " + file + " is not the schema of a topic value (Schemas.CURRENT)"));
    }

    @Test
    @DisplayName("is AsyncAPI 3.0 with one channel per topic of Topics.ALL, addressed by the topic name, and no other")
    void oneChannelPerTopic() {
        assertThat(document.get("asyncapi").asText()).isEqualTo("3.0.0");
        List<String> addresses =
                channels().values().stream().map(c -> c.get("address").asText()).toList();
        assertThat(addresses)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        Topics.ALL.stream().map(Topic::name).toList());
    }

    @Test
    @DisplayName("gives each channel the cleanup policy and retention its topic is created with")
    void topicConfiguration() {
        for (Topic<?, ?> topic : Topics.ALL) {
            JsonNode config = channel(topic.name()).at("/bindings/kafka/topicConfiguration");
            String policy =
                    topic.config().getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
            assertThat(config.get("cleanup.policy")).as(topic.name()).containsExactly(MAPPER.valueToTree(policy));
            assertThat(config.get("retention.ms").asText())
                    .as(topic.name())
                    .isEqualTo(topic.config().get(TopicConfig.RETENTION_MS_CONFIG));
        }
    }

    @Test
    @DisplayName(
            "references an Avro schema file that exists in schemas/avro for every Avro channel, and a JSON Schema for every mirror")
    void schemasExist() throws Exception {
        for (Map.Entry<String, JsonNode> channel : channels().entrySet()) {
            String address = channel.getValue().get("address").asText();
            for (JsonNode message : messages(channel.getValue())) {
                JsonNode payload = message.get("payload");
                if (address.endsWith(".json")) {
                    assertThat(message.get("contentType").asText()).as(address).isEqualTo("application/json");
                    String ref = payload.get("$ref").asText();
                    assertThat(ref)
                            .as(address)
                            .isEqualTo("#/components/schemas/"
                                    + avroSchemaOf(address).getName() + "Json");
                } else if (payload.has("schemaFormat")) {
                    assertThat(payload.get("schemaFormat").asText()).as(address).isEqualTo(AVRO_FORMAT);
                    Path file =
                            DOCS.resolve(payload.at("/schema/$ref").asText()).normalize();
                    assertThat(file)
                            .as(address)
                            .exists()
                            .hasParent(DOCS.resolve("../schemas/avro").normalize());
                    assertThat(MAPPER.readTree(file.toFile()).get("name").asText())
                            .as(file.toString())
                            .isEqualTo(avroSchemaOf(address).getName());
                } else {
                    assertThat(address)
                            .as("a channel with neither an Avro schema nor a JSON mirror schema")
                            .isEqualTo(Topics.DEAD_LETTERS.name());
                }
            }
        }
    }

    @Test
    @DisplayName(
            "has, for every channel, an example that is a valid record of the channel's schema (the Avro value decoded, or the JSON mirror's value)")
    void examplesAreValidRecords() {
        for (JsonNode channel : channels().values()) {
            String address = channel.get("address").asText();
            if (address.equals(Topics.DEAD_LETTERS.name())) {
                continue;
            }
            Schema schema = avroSchemaOf(address);
            for (JsonNode message : messages(channel)) {
                assertThat(message.get("examples")).as(address + " examples").isNotEmpty();
                for (JsonNode example : message.get("examples")) {
                    Object record = AvroJson.fromJson(example.get("payload"), schema);
                    assertThat(record.getClass().getSimpleName()).as(address).isEqualTo(schema.getName());
                    assertThat(message.at("/bindings/kafka/key/examples"))
                            .as(address + " key examples")
                            .isNotEmpty();
                }
            }
        }
    }

    @Test
    @DisplayName(
            "describes each JSON mirror's value with a JSON Schema whose properties are the Avro record's fields, nested records included")
    void mirrorSchemasMatchAvro() {
        Set<String> checked = new TreeSet<>();
        for (Topic<String, ?> mirror : Topics.JSON_MIRRORS) {
            List<String> problems = new ArrayList<>();
            compare(avroSchemaOf(mirror.name()), problems, checked);
            assertThat(problems).as(mirror.name()).isEmpty();
        }
        assertThat(checked)
                .containsExactlyInAnyOrder(
                        "TotalsJson",
                        "PeriodTotalsJson",
                        "TelemetryJson",
                        "ImpactsJson",
                        "QuantityJson",
                        "PeriodCellJson",
                        "DecompositionJson");
    }

    private static void compare(Schema record, List<String> problems, Set<String> checked) {
        String name = record.getName() + "Json";
        if (!checked.add(name)) {
            return;
        }
        JsonNode json = document.at("/components/schemas/" + name);
        if (json.isMissingNode()) {
            problems.add("no components.schemas." + name);
            return;
        }
        List<String> fields =
                record.getFields().stream().map(Schema.Field::name).toList();
        List<String> properties = new ArrayList<>();
        json.get("properties").fieldNames().forEachRemaining(properties::add);
        if (!properties.equals(fields)) {
            problems.add(name + ": properties " + properties + ", Avro fields " + fields);
        }
        List<String> required = new ArrayList<>();
        json.get("required").forEach(r -> required.add(r.asText()));
        if (!required.equals(fields)) { // the mirror writes every field, null included
            problems.add(name + ": required " + required + ", expected every field " + fields);
        }
        for (Schema.Field field : record.getFields()) {
            JsonNode property = json.at("/properties/" + field.name());
            String expected = expectedJsonType(field.schema(), problems, checked);
            String found = describe(property);
            if (!found.equals(expected)) {
                problems.add(name + "." + field.name() + ": JSON Schema says " + found + ", Avro " + field.schema()
                        + " is written as " + expected);
            }
            if (field.schema().getType() == Schema.Type.ENUM) {
                List<String> symbols = new ArrayList<>();
                property.get("enum").forEach(s -> symbols.add(s.asText()));
                if (!symbols.equals(field.schema().getEnumSymbols())) {
                    problems.add(name + "." + field.name() + ": enum " + symbols + ", Avro symbols "
                            + field.schema().getEnumSymbols());
                }
            }
        }
    }

    /** How AvroJson writes a value of this schema, in the words of {@link #describe}. */
    private static String expectedJsonType(Schema schema, List<String> problems, Set<String> checked) {
        return switch (schema.getType()) {
            case RECORD -> {
                compare(schema, problems, checked);
                yield "$ref " + schema.getName() + "Json";
            }
            case UNION -> {
                Schema value = schema.getTypes().stream()
                        .filter(s -> s.getType() != Schema.Type.NULL)
                        .findFirst()
                        .orElseThrow();
                yield "null or " + expectedJsonType(value, problems, checked);
            }
            case LONG ->
                schema.getLogicalType() instanceof LogicalTypes.TimestampMillis ? "$ref InstantJson" : "integer";
            case INT -> "integer";
            case DOUBLE, FLOAT -> "number";
            case STRING, ENUM -> "string";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array of " + expectedJsonType(schema.getElementType(), problems, checked);
            case BYTES -> "string";
            default -> "unsupported Avro type " + schema.getType();
        };
    }

    /** A JSON Schema property in a few words: "integer", "$ref QuantityJson", "null or number", ... */
    private static String describe(JsonNode property) {
        if (property.has("$ref")) {
            return "$ref " + Path.of(property.get("$ref").asText()).getFileName();
        }
        if (property.has("oneOf")) {
            List<String> branches = new ArrayList<>();
            property.get("oneOf").forEach(b -> branches.add(describe(b)));
            branches.remove("null");
            return "null or " + String.join(" or ", branches);
        }
        JsonNode type = property.get("type");
        if (type != null && "array".equals(type.asText()) && property.has("items")) {
            return "array of " + describe(property.get("items"));
        }
        if (type != null && type.isArray()) {
            List<String> types = new ArrayList<>();
            type.forEach(t -> types.add(t.asText()));
            types.remove("null");
            return "null or " + String.join(" or ", types);
        }
        return type == null ? "(no type)" : type.asText();
    }

    @Test
    @DisplayName("documents the dead-letter headers Kafka Streams writes, with an example carrying each of them")
    void deadLetterHeaders() {
        JsonNode headers = document.at("/components/schemas/DeadLetterHeaders");
        Set<String> names = new TreeSet<>();
        headers.get("properties").fieldNames().forEachRemaining(names::add);
        // the names the aggregator's topology test finds on real dead letters (ImpactTopologyTest)
        assertThat(names)
                .containsExactlyInAnyOrder(
                        "__streams.errors.exception",
                        "__streams.errors.message",
                        "__streams.errors.stacktrace",
                        "__streams.errors.topic",
                        "__streams.errors.partition",
                        "__streams.errors.offset");
        JsonNode example = messages(channel(Topics.DEAD_LETTERS.name()))
                .get(0)
                .get("examples")
                .get(0);
        Set<String> exampleHeaders = new TreeSet<>();
        example.get("headers").fieldNames().forEachRemaining(exampleHeaders::add);
        assertThat(exampleHeaders).isEqualTo(names);
    }

    @Test
    @DisplayName("has no dangling local reference: every '#/...' $ref points at something in the document")
    void localReferencesResolve() {
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty();
        List<String> dangling = refs.stream()
                .filter(r -> r.startsWith("#/"))
                .filter(r -> document.at(r.substring(1)).isMissingNode())
                .collect(Collectors.toList());
        assertThat(dangling).isEmpty();
        // every operation's messages belong to its channel
        document.get("operations").properties().forEach(op -> {
            String channel = op.getValue().at("/channel/$ref").asText();
            op.getValue()
                    .get("messages")
                    .forEach(m ->
                            assertThat(m.get("$ref").asText()).as(op.getKey()).startsWith(channel + "/messages/"));
        });
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
