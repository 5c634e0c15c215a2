package org.rebound.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serde for one Avro record type written as plain UTF-8 JSON (see {@link AvroJson}): the values of the JSON mirror topics. */
public final class AvroJsonSerde {

    private AvroJsonSerde() {}

    /** @param schema the generated class's {@code getClassSchema()} */
    public static <T extends SpecificRecord> Serde<T> of(Class<T> type, Schema schema) {
        Serializer<T> serializer = (topic, record) -> record == null ? null : AvroJson.write(record);
        Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null; // a tombstone, legitimate on compacted topics
            }
            try {
                return type.cast(AvroJson.read(bytes, schema));
            } catch (IllegalArgumentException | ClassCastException e) {
                throw new SerializationException(
                        topic + ": not a " + schema.getName() + " in JSON (" + e.getMessage() + "): "
                                + abbreviate(new String(bytes, StandardCharsets.UTF_8)),
                        e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
