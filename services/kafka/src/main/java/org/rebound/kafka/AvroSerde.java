package org.rebound.kafka;

import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.rebound.schemas.AvroCodec;
import org.rebound.schemas.MalformedRecordException;

/** Kafka serde for one Avro record type in single-object encoding (see {@link AvroCodec}). */
public final class AvroSerde {

    private AvroSerde() {}

    public static <T extends SpecificRecord> Serde<T> of(AvroCodec<T> codec) {
        return of(codec, codec::decode);
    }

    /**
     * The same, its values read by {@code decoder} (a hand-written decoder that leaves the records
     * it does not know to the codec, such as {@link org.rebound.schemas.LoadEventDecoder}), which
     * throws {@link MalformedRecordException} for bytes that are not a record, as the codec does.
     */
    public static <T extends SpecificRecord> Serde<T> of(AvroCodec<T> codec, Function<byte[], T> decoder) {
        Serializer<T> serializer = (topic, record) -> record == null ? null : codec.encode(record);
        Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null; // a tombstone, legitimate on compacted topics
            }
            try {
                return decoder.apply(bytes);
            } catch (MalformedRecordException e) {
                // Kafka's own exception type, so Streams' deserialization handler sends the record to the dead-letter
                // topic.
                throw new SerializationException(topic + ": " + e.getMessage(), e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
