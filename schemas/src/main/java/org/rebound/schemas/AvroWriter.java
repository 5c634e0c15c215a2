package org.rebound.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.Encoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary of the values of one schema, written by a writer made once for it: for each
 * field, its position and how its value is written, looked up once. Avro's {@code
 * SpecificDatumWriter} looks up each field's schema, its union branch and its logical type's
 * conversion again for every value; for a telemetry window (24 fields, four nested quantities),
 * which the aggregator writes 210,240 times in a global-year run, that lookup was most of the
 * write (docs/performance.md, "The output records written by writers made once").
 *
 * <p>The same bytes as Avro's writer, through Avro's own {@link Encoder} (AvroCodecWriterTest in
 * rebound-kafka compares them on random records of every schema). Only what Rebound's schemas
 * use is compiled: records, enums, arrays, maps, unions of null and one type, strings, bytes,
 * booleans and numbers, the {@code timestamp-millis} logical type; any other schema gets no
 * writer ({@link #compile} returns null) and its codec keeps Avro's.
 */
final class AvroWriter {

    /** Writes one value of the schema it was compiled for. */
    @FunctionalInterface
    interface Value {
        void write(Encoder out, Object value) throws IOException;
    }

    private AvroWriter() {}

    /** The writer of {@code schema}'s values, or null when the schema has a type it does not handle. */
    static Value compile(Schema schema) {
        switch (schema.getType()) {
            case RECORD -> {
                List<Schema.Field> fields = schema.getFields();
                Value[] values = new Value[fields.size()];
                int[] positions = new int[fields.size()];
                for (int i = 0; i < fields.size(); i++) {
                    values[i] = compile(fields.get(i).schema());
                    if (values[i] == null) {
                        return null;
                    }
                    positions[i] = fields.get(i).pos();
                }
                return (out, value) -> {
                    IndexedRecord record = (IndexedRecord) value;
                    for (int i = 0; i < values.length; i++) {
                        values[i].write(out, record.get(positions[i]));
                    }
                };
            }
            case UNION -> {
                // Rebound's unions are null and one type: the branch is the null's or the other's
                Integer nullBranch = schema.getIndexNamed(Schema.Type.NULL.getName());
                if (schema.getTypes().size() != 2 || nullBranch == null) {
                    return null;
                }
                int otherBranch = 1 - nullBranch;
                Value other = compile(schema.getTypes().get(otherBranch));
                return other == null
                        ? null
                        : (out, value) -> {
                            if (value == null) {
                                out.writeIndex(nullBranch);
                                out.writeNull();
                            } else {
                                out.writeIndex(otherBranch);
                                other.write(out, value);
                            }
                        };
            }
            case ARRAY -> {
                Value item = compile(schema.getElementType());
                return item == null
                        ? null
                        : (out, value) -> {
                            Collection<?> items = (Collection<?>) value;
                            out.writeArrayStart();
                            out.setItemCount(items.size());
                            for (Object each : items) {
                                out.startItem();
                                item.write(out, each);
                            }
                            out.writeArrayEnd();
                        };
            }
            case MAP -> {
                Value entryValue = compile(schema.getValueType());
                return entryValue == null
                        ? null
                        : (out, value) -> {
                            Map<?, ?> map = (Map<?, ?>) value;
                            out.writeMapStart();
                            out.setItemCount(map.size());
                            for (Map.Entry<?, ?> entry : map.entrySet()) {
                                out.startItem();
                                string(out, entry.getKey());
                                entryValue.write(out, entry.getValue());
                            }
                            out.writeMapEnd();
                        };
            }
            case ENUM -> {
                return schema.getLogicalType() != null
                        ? null
                        : (out, value) -> out.writeEnum(schema.getEnumOrdinal(value.toString()));
            }
            case STRING -> {
                return schema.getLogicalType() != null ? null : AvroWriter::string;
            }
            case LONG -> {
                if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    return (out, value) -> out.writeLong(value instanceof Instant i ? i.toEpochMilli() : (Long) value);
                }
                return schema.getLogicalType() != null ? null : (out, value) -> out.writeLong((Long) value);
            }
            case INT -> {
                return schema.getLogicalType() != null ? null : (out, value) -> out.writeInt((Integer) value);
            }
            case DOUBLE -> {
                return (out, value) -> out.writeDouble((Double) value);
            }
            case FLOAT -> {
                return (out, value) -> out.writeFloat((Float) value);
            }
            case BOOLEAN -> {
                return (out, value) -> out.writeBoolean((Boolean) value);
            }
            case BYTES -> {
                return schema.getLogicalType() != null ? null : (out, value) -> out.writeBytes((ByteBuffer) value);
            }
            case NULL -> {
                return (out, value) -> out.writeNull();
            }
            default -> {
                return null;
            }
        }
    }

    private static void string(Encoder out, Object value) throws IOException {
        if (value instanceof Utf8 utf8) {
            out.writeString(utf8);
        } else {
            out.writeString(value.toString());
        }
    }
}
