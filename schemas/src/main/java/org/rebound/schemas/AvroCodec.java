package org.rebound.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding of one record type: a 2-byte marker (C3 01), the 8-byte CRC-64-AVRO
 * fingerprint of the writer schema, then Avro binary. Any Avro library can decode it with the
 * schema, and no registry is needed. Records written with an older schema kept in
 * {@code schemas/history/} are resolved to the current one.
 */
public final class AvroCodec<T extends SpecificRecord> {

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroCodec(Class<T> type, BinaryMessageEncoder<T> encoder, BinaryMessageDecoder<T> decoder) {
        this.type = type;
        this.encoder = encoder;
        this.decoder = decoder;
    }

    /**
     * @param encoder the generated class's {@code getEncoder()}
     * @param decoderFactory the generated class's {@code createDecoder}, given the project's schema store
     */
    public static <T extends SpecificRecord> AvroCodec<T> of(
            Class<T> type,
            BinaryMessageEncoder<T> encoder,
            java.util.function.Function<org.apache.avro.message.SchemaStore, BinaryMessageDecoder<T>> decoderFactory) {
        Schemas.trustGeneratedClasses();
        return new AvroCodec<>(type, encoder, decoderFactory.apply(Schemas.store()));
    }

    public Class<T> type() {
        return type;
    }

    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws MalformedRecordException when the bytes are not a record of this type (bad header, unknown schema, truncated) */
    public T decode(byte[] bytes) {
        if (bytes == null) {
            throw new MalformedRecordException("no value (null) where a " + type.getSimpleName() + " was expected");
        }
        try {
            return decoder.decode(bytes);
        } catch (BadHeaderException e) {
            throw new MalformedRecordException("not Avro single-object encoding (" + e.getMessage() + ")", e);
        } catch (MissingSchemaException e) {
            throw new MalformedRecordException(
                    "unknown writer schema fingerprint for " + type.getSimpleName() + " (" + e.getMessage() + ")", e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new MalformedRecordException("cannot decode " + type.getSimpleName() + ": " + e, e);
        }
    }
}
