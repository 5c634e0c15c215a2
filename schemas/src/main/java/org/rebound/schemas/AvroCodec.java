package org.rebound.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
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
    /** The marker and the schema's fingerprint, as Avro's encoder writes them. */
    private final byte[] header;
    /** The body's writer made once for the schema ({@link AvroWriter}); null: Avro's encoder writes it. */
    private final AvroWriter.Value body;

    /** Each thread's buffer and encoder for {@link #encode}, reused record after record. */
    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

    private static final class Buffer {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    }

    private AvroCodec(Class<T> type, BinaryMessageEncoder<T> encoder, BinaryMessageDecoder<T> decoder) {
        this.type = type;
        this.encoder = encoder;
        this.decoder = decoder;
        Schema schema = SpecificData.get().getSchema(type);
        this.header = header(schema);
        this.body = AvroWriter.compile(schema);
    }

    /** The length of single-object encoding's header ({@link #header}). */
    static final int HEADER_BYTES = 2 + 8;

    /**
     * Single-object encoding's header for {@code schema}, as Avro's encoder writes it: the marker
     * C3 01, then the schema's CRC-64-AVRO parsing fingerprint, little-endian.
     */
    static byte[] header(Schema schema) {
        return ByteBuffer.allocate(HEADER_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0xC3)
                .put((byte) 0x01)
                .putLong(SchemaNormalization.parsingFingerprint64(schema))
                .array();
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

    /** Whether the records' bodies are written by a writer made for the schema ({@link AvroWriter}), not Avro's. */
    public boolean hasCompiledWriter() {
        return body != null;
    }

    /**
     * The record in single-object encoding: the header, then the body written by the writer made
     * for the schema when there is one, else by Avro's encoder (the same bytes; a record the
     * writer cannot write, e.g. a required field left null, goes to Avro's, which names it).
     */
    public byte[] encode(T record) {
        if (body != null) {
            Buffer buffer = BUFFERS.get();
            try {
                buffer.bytes.reset();
                buffer.bytes.write(header);
                body.write(buffer.encoder, record);
                buffer.encoder.flush();
                return buffer.bytes.toByteArray();
            } catch (IOException | RuntimeException e) {
                buffer.encoder = EncoderFactory.get().binaryEncoder(buffer.bytes, null); // what it held is dropped
            }
        }
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
