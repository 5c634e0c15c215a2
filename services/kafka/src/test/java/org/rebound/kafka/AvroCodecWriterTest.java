package org.rebound.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.ControlEvent;
import org.rebound.avro.DataCentre;
import org.rebound.avro.LoadEvent;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.ScenarioDefinition;
import org.rebound.avro.Telemetry;
import org.rebound.avro.Totals;
import org.rebound.avro.TrainingCampaign;
import org.rebound.schemas.AvroCodec;

/** {@link AvroCodec}'s writers made once per schema against Avro's own encoder of the generated classes. */
class AvroCodecWriterTest {

    private record Type<T extends SpecificRecord>(
            Class<T> type,
            BinaryMessageEncoder<T> encoder,
            Function<SchemaStore, org.apache.avro.message.BinaryMessageDecoder<T>> decoder) {

        AvroCodec<T> codec() {
            return AvroCodec.of(type, encoder, decoder);
        }
    }

    private static final List<Type<?>> TYPES = List.of(
            new Type<>(Telemetry.class, Telemetry.getEncoder(), Telemetry::createDecoder),
            new Type<>(Totals.class, Totals.getEncoder(), Totals::createDecoder),
            new Type<>(PeriodTotals.class, PeriodTotals.getEncoder(), PeriodTotals::createDecoder),
            new Type<>(LoadEvent.class, LoadEvent.getEncoder(), LoadEvent::createDecoder),
            new Type<>(DataCentre.class, DataCentre.getEncoder(), DataCentre::createDecoder),
            new Type<>(ControlEvent.class, ControlEvent.getEncoder(), ControlEvent::createDecoder),
            new Type<>(ScenarioDefinition.class, ScenarioDefinition.getEncoder(), ScenarioDefinition::createDecoder),
            new Type<>(TrainingCampaign.class, TrainingCampaign.getEncoder(), TrainingCampaign::createDecoder));

    @Test
    @DisplayName(
            "every record type of the topics is written by a writer made for its schema, byte for byte as Avro's"
                    + " encoder writes it: random records with nulls, non-finite numbers, maps, arrays, enums, bytes and Unicode")
    void asAvroWritesIt() throws Exception {
        java.util.Random random = new java.util.Random(20261207);
        for (Type<?> type : TYPES) {
            check(type, random);
        }
    }

    private static <T extends SpecificRecord> void check(Type<T> type, java.util.Random random) throws Exception {
        AvroCodec<T> codec = type.codec();
        assertThat(codec.hasCompiledWriter()).as(type.type().getSimpleName()).isTrue();
        org.apache.avro.Schema schema = SpecificData.get().getSchema(type.type());
        for (int i = 0; i < 500; i++) {
            IndexedRecord generic = (IndexedRecord) AvroJsonTest.randomValue(schema, random, true);
            T record = type.type().cast(SpecificData.getForClass(type.type()).deepCopy(schema, generic));
            byte[] avro = toArray(type.encoder().encode(record));
            assertThat(codec.encode(record))
                    .as(type.type().getSimpleName() + " " + record)
                    .isEqualTo(avro);
            T read = codec.decode(avro); // and a record as Avro reads it (its maps and strings of Avro's types)
            assertThat(codec.encode(read)).isEqualTo(toArray(type.encoder().encode(read)));
        }
    }

    private static byte[] toArray(java.nio.ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    @DisplayName(
            "a record the writer cannot write (a required field left null) fails as Avro's encoder fails, naming the"
                    + " field, and the next record is written whole")
    void badRecordAsAvro() throws Exception {
        AvroCodec<Totals> codec = new Type<>(Totals.class, Totals.getEncoder(), Totals::createDecoder).codec();
        Totals good = (Totals) SpecificData.get()
                .deepCopy(
                        Totals.getClassSchema(),
                        AvroJsonTest.randomValue(Totals.getClassSchema(), new java.util.Random(7), true));
        Totals bad = Totals.newBuilder(good).build();
        bad.setRun(null);
        assertThatThrownBy(() -> codec.encode(bad)).hasMessageContaining("Totals.run");
        assertThat(codec.encode(good)).isEqualTo(toArray(Totals.getEncoder().encode(good)));
        assertThat(codec.decode(codec.encode(good)).getFirstEvent()).isInstanceOf(Instant.class);
    }
}
