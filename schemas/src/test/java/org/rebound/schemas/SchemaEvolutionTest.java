package org.rebound.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.Dimension;
import org.rebound.avro.Totals;

@DisplayName("schema evolution")
class SchemaEvolutionTest {

    @Test
    @DisplayName("every current schema can read data written with each older version kept in schemas/history")
    void backwardCompatible() {
        assertThat(Schemas.history()).isNotEmpty();
        for (Schema old : Schemas.history()) {
            Schema current = Schemas.CURRENT.stream().filter(s -> s.getFullName().equals(old.getFullName())).findFirst().orElseThrow();
            SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(current, old);
            assertThat(result.getType()).as(old.getFullName() + ": " + result.getDescription())
                    .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    @DisplayName("a record written with an older schema decodes through the schema store into the current class")
    void decodesOlderWriter() throws Exception {
        Schema v1 = Schemas.history().stream().filter(s -> s.getName().equals("Totals")).findFirst().orElseThrow();
        GenericRecord quantity = new GenericData.Record(v1.getField("impacts").schema().getField("it_energy_kwh").schema());
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
