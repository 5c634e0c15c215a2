package org.rebound.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryData;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.FleetTick;
import org.rebound.avro.LaterTick;
import org.rebound.avro.LoadEvent;

@DisplayName("the aggregator's record decoder")
class LoadEventDecoderTest {

    private static final AvroCodec<LoadEvent> CODEC =
            AvroCodec.of(LoadEvent.class, LoadEvent.getEncoder(), LoadEvent::createDecoder);

    private static final List<String> STRINGS = List.of(
            "",
            "text",
            "video",
            "paris-1",
            "ashburn-1",
            "são-paulo-1",
            "東京-1",
            "🎬",
            "global-year@20261129T100151.365Z",
            "x".repeat(65), // longer than the decoder caches
            "ü".repeat(40));

    @Test
    @DisplayName("reads random records of the current schema as the Avro codec does, without falling back")
    void currentSchema() {
        LoadEventDecoder fast = new LoadEventDecoder(bytes -> {
            throw new AssertionError("a record of the current schema went to the codec");
        });
        Random random = new Random(16);
        for (int trial = 0; trial < 6_000; trial++) {
            LoadEvent event = randomEvent(random);
            byte[] bytes = trial % 3 == 2 ? blocked(event, random, false) : CODEC.encode(event);

            LoadEvent expected = CODEC.decode(bytes);
            LoadEvent actual = fast.decode(bytes);

            assertThat(withoutBacklog(expected)).as("trial " + trial).isEqualTo(withoutBacklog(event));
            assertAlike(actual, expected, "trial " + trial);
        }
    }

    @Test
    @DisplayName(
            "map blocks with negative counts and byte sizes, as a blocking encoder writes them, read as Avro reads them")
    void blockedMaps() {
        LoadEvent event = new LoadEvent(
                "r@1",
                "r",
                "paris-1",
                Instant.EPOCH,
                60_000L,
                new LinkedHashMap<>(Map.of("text", 1L, "image", 2L, "video", 3L)),
                null,
                null,
                new FleetTick(3L, new LinkedHashMap<>(Map.of("text", 0.5, "image", -0.0)), Double.NaN, 0L),
                List.of(
                        new LaterTick(
                                Instant.ofEpochMilli(60_000L),
                                60_000L,
                                new LinkedHashMap<>(Map.of("text", 4L, "video", 5L)),
                                new FleetTick(3L, new LinkedHashMap<>(Map.of("video", 0.25)), 1.5, 1L)),
                        new LaterTick(Instant.ofEpochMilli(120_000L), 30_000L, new LinkedHashMap<>(), null)));
        byte[] plain = CODEC.encode(event);
        byte[] blocked = blocked(event, new Random(1), true);
        assertThat(blocked).isNotEqualTo(plain);
        assertAlike(new LoadEventDecoder(CODEC).decode(blocked), CODEC.decode(blocked), "blocked");
        assertThat(withoutBacklog(new LoadEventDecoder(CODEC).decode(blocked))).isEqualTo(withoutBacklog(event));
    }

    @Test
    @DisplayName(
            "records written with every older schema in schemas/history go to the Avro codec and decode as it does")
    void olderSchemas() {
        List<Schema> versions = Schemas.history().stream()
                .filter(schema -> schema.getFullName().equals(LoadEvent.class.getName()))
                .toList();
        assertThat(versions).as("LoadEvent versions in schemas/history").hasSizeGreaterThanOrEqualTo(2);
        AtomicInteger fellBack = new AtomicInteger();
        LoadEventDecoder fast = new LoadEventDecoder(bytes -> {
            fellBack.incrementAndGet();
            return CODEC.decode(bytes);
        });
        Random random = new Random(3);
        int records = 0;
        for (Schema version : versions) {
            BinaryMessageEncoder<GenericRecord> writer = new BinaryMessageEncoder<>(GenericData.get(), version);
            for (int trial = 0; trial < 500; trial++) {
                byte[] bytes = bytes(writer, (GenericRecord) randomDatum(version, random));
                assertAlike(
                        fast.decode(bytes),
                        CODEC.decode(bytes),
                        "version " + versions.indexOf(version) + ", trial " + trial);
                records++;
            }
        }
        assertThat(fellBack).hasValue(records);
    }

    @Test
    @DisplayName("every truncation of a record fails as it does through the codec")
    void truncations() {
        Random random = new Random(5);
        for (int trial = 0; trial < 30; trial++) {
            byte[] bytes = CODEC.encode(randomEvent(random));
            for (int length = 0; length < bytes.length; length++) {
                assertThat(sameOutcome(Arrays.copyOf(bytes, length), "trial " + trial + ", " + length + " bytes"))
                        .as("trial %d: %d of %d bytes decode", trial, length, bytes.length)
                        .isFalse();
            }
        }
    }

    @Test
    @DisplayName("a record with another header or fingerprint goes to the codec: the same error, word for word")
    void corruptedHeader() {
        byte[] bytes = CODEC.encode(randomEvent(new Random(9)));
        for (int at = 0; at < 10; at++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] corrupted = bytes.clone();
                corrupted[at] ^= (byte) (1 << bit);
                Throwable avro = catchThrowable(() -> CODEC.decode(corrupted));
                Throwable fast = catchThrowable(() -> new LoadEventDecoder(CODEC).decode(corrupted));
                assertThat(avro).isInstanceOf(MalformedRecordException.class);
                assertThat(fast).isInstanceOf(MalformedRecordException.class).hasMessage(avro.getMessage());
            }
        }
    }

    @Test
    @DisplayName(
            "bad union indexes, negative lengths and counts, long varints and trailing bytes are read as the codec reads them")
    void malformedFields() {
        LoadEvent empty = new LoadEvent("r", "s", "d", Instant.EPOCH, 1L, Map.of(), null, null, null, List.of());
        // header, 3 strings of 1 byte, 2 longs, empty map, 3 null unions, empty array
        byte[] bytes = CODEC.encode(empty);
        int unions = bytes.length - 4;
        List<byte[]> indexes = List.of(
                new byte[] {2}, // branch 1, then whatever follows
                new byte[] {4}, // branch 2
                new byte[] {1}, // branch -1
                new byte[] {3}, // branch -2
                new byte[] {0x7F}, // branch -64
                new byte[] {(byte) 0x80}, // a varint cut short
                new byte[] {(byte) 0x80, 0}, // branch 0 in two bytes
                new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}, // 5 bytes, bits dropped
                new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0}); // 6 bytes
        for (int union = 0; union < 3; union++) {
            for (byte[] index : indexes) {
                for (byte[] tail : List.of(new byte[0], new byte[] {0, 0}, new byte[] {2, 'k', 0, 0, 0})) {
                    byte[] malformed = concat(
                            Arrays.copyOf(bytes, unions + union),
                            index,
                            Arrays.copyOfRange(bytes, unions + union + 1, bytes.length),
                            tail);
                    sameOutcome(malformed, "union " + union + " index " + Arrays.toString(index));
                }
            }
        }
        for (byte[] index : indexes.subList(1, 5)) {
            byte[] malformed = bytes.clone();
            malformed[unions] = index[0];
            assertThatThrownBy(() -> new LoadEventDecoder(CODEC).decode(malformed))
                    .isInstanceOf(MalformedRecordException.class)
                    .hasMessageContaining("union branch index out of range");
        }

        byte[] header = Arrays.copyOf(bytes, 10);
        byte[] run = {2, 'r'};
        byte[] rest = Arrays.copyOfRange(bytes, 12, bytes.length); // scenario on
        byte[] tail = Arrays.copyOfRange(bytes, 16, bytes.length); // tick_start on
        List<byte[]> cases = List.of(
                concat(header, new byte[] {1, 'r'}, rest), // run of length -1
                concat(header, varLong(1_000_000), new byte[] {'r'}, rest), // run longer than the record
                concat(header, varLong(Integer.MAX_VALUE), rest), // longer than a Java array
                concat(header, varLong(Long.MAX_VALUE), rest),
                concat(header, new byte[] {(byte) 0xC3, 0x28}, rest), // a length with a continuation byte: negative
                concat(header, new byte[] {4, (byte) 0xC3, 0x28}, rest), // bad UTF-8: U+FFFD
                concat(header, run, new byte[] {2, 's', 2, 'd'}, filled(11, (byte) 0xFF), tail), // 11-byte long
                concat(header, run, new byte[] {2, 's', 2, 'd'}, filled(9, (byte) 0xFF), new byte[] {0x7F}, tail),
                concat(header, run, new byte[] {2, 's', 2, 'd', 0, 2}, varLong(-1), varLong(-1), new byte[] {0, 0, 0, 0
                }), // negative block byte-size
                concat(header, run, new byte[] {2, 's', 2, 'd', 0, 2}, varLong(Long.MIN_VALUE), new byte[] {0, 0, 0}),
                concat(header, run, new byte[] {2, 's', 2, 'd', 0, 2}, varLong(-1), varLong(99), new byte[] {
                    2, 'k', 4, 0, 0, 0, 0, 0
                }), // a negative count, its size ignored
                concat(header, run, new byte[] {2, 's', 2, 'd', 0, 2}, varLong(Integer.MAX_VALUE), new byte[] {
                    2, 'k', 4, 0, 0, 0, 0
                }), // more entries than a Java map
                concat(header, run, new byte[] {2, 's', 2, 'd', 0, 2}, varLong(1_000_000), new byte[] {
                    2, 'k', 4, 0, 0, 0, 0
                }), // more entries than written
                concat(header, run, new byte[] {2, 's', 2, 'd', 0, 2, 4, 2, 'k', 4, 2, 'k', 6, 0, 0, 0, 0, 0
                }), // the same key twice: the last one counts
                concat(bytes, new byte[] {1, 2, 3}), // trailing bytes
                // later_ticks: a negative count, its size ignored, then one tick (start 0, 1 ms, k=2, no fleet)
                concat(Arrays.copyOf(bytes, bytes.length - 1), varLong(-1), varLong(99), LATER_TICK, new byte[] {0}),
                // later_ticks: 3 items claimed, 1 written
                concat(Arrays.copyOf(bytes, bytes.length - 1), varLong(3), LATER_TICK, new byte[] {0}),
                // later_ticks: a tick with a fleet whose union index is out of range
                concat(
                        Arrays.copyOf(bytes, bytes.length - 1),
                        varLong(1),
                        Arrays.copyOf(LATER_TICK, LATER_TICK.length - 1),
                        new byte[] {4, 0}));
        List<Integer> decoded = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            if (sameOutcome(cases.get(i), "case " + i)) {
                decoded.add(i);
            }
        }
        assertThat(decoded).containsExactly(5, 10, 13, 14, 15);
        LoadEventDecoder fast = new LoadEventDecoder(CODEC);
        assertThat(fast.decode(cases.get(5)).getRun()).isEqualTo("\uFFFD(");
        assertThat(fast.decode(cases.get(10)).getRequestsByKind()).isEqualTo(Map.of("k", 2L));
        assertThat(fast.decode(cases.get(13)).getRequestsByKind()).isEqualTo(Map.of("k", 3L));
        assertThat(fast.decode(cases.get(14))).isEqualTo(empty);
        assertThat(fast.decode(cases.get(15)).getLaterTicks())
                .containsExactly(new LaterTick(Instant.EPOCH, 1L, Map.of("k", 2L), null));
        assertThatThrownBy(() -> fast.decode(cases.get(17)))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("in field later_ticks.fleet");
    }

    /** A later tick's bytes: start 0, 1 ms, one entry k=2, no fleet. */
    private static final byte[] LATER_TICK = {0, 2, 2, 2, 'k', 4, 0, 0};

    @Test
    @DisplayName("records with bytes replaced at random decode, or fail, as they do through the codec")
    void randomCorruption() {
        Random random = new Random(11);
        int decoded = 0;
        for (int trial = 0; trial < 4_000; trial++) {
            byte[] bytes = CODEC.encode(randomEvent(random));
            int replaced = 1 + random.nextInt(3);
            for (int i = 0; i < replaced; i++) {
                bytes[10 + random.nextInt(bytes.length - 10)] = (byte) random.nextInt(256);
            }
            decoded += sameOutcome(bytes, "trial " + trial) ? 1 : 0;
        }
        assertThat(decoded).as("corrupted records that still decode").isPositive();
    }

    /** A string claimed longer than this, past the record's end: the codec would allocate it before failing. */
    private static final Pattern HUGE_STRING = Pattern.compile("a string of (\\d+) bytes where");

    /**
     * The decoder fails where the codec fails (with {@link MalformedRecordException}), and where the
     * codec decodes it decodes the same event; returns whether they decoded.
     */
    private static boolean sameOutcome(byte[] bytes, String as) {
        Throwable fastError = null;
        LoadEvent fast = null;
        try {
            fast = new LoadEventDecoder(CODEC).decode(bytes);
        } catch (RuntimeException e) {
            fastError = e;
        }
        if (fastError != null) {
            assertThat(fastError).as(as).isInstanceOf(MalformedRecordException.class);
            Matcher huge = HUGE_STRING.matcher(fastError.getMessage());
            if (huge.find() && Long.parseLong(huge.group(1)) > 1 << 20) {
                // past the end: the codec fails too, after allocating up to 2 GiB (more than the tests' heap)
                return false;
            }
        }
        Throwable avroError = null;
        LoadEvent avro = null;
        try {
            avro = CODEC.decode(bytes);
        } catch (RuntimeException e) {
            avroError = e; // MalformedRecordException, or Avro's UnsupportedOperationException beyond its limits
        }
        if (avroError != null) {
            assertThat(fastError)
                    .as(as + ": the codec failed with " + avroError)
                    .isNotNull();
            return false;
        }
        assertThat(fastError).as(as + ": the codec decoded " + avro).isNull();
        assertAlike(fast, avro, as);
        return true;
    }

    /**
     * Equal, and alike where equals does not look: strings of class String, maps of the same class
     * in the same order, the backlog's very bits (the generated equals compares it with {@code !=}:
     * a NaN backlog is never equal, -0.0 equals 0.0).
     */
    private static void assertAlike(LoadEvent actual, LoadEvent expected, String as) {
        assertThat(withoutBacklog(actual)).as(as).isEqualTo(withoutBacklog(expected));
        boolean nan = Double.isNaN(
                        expected.getFleet() == null ? 0 : expected.getFleet().getBacklog())
                || expected.getLaterTicks().stream()
                        .anyMatch(t -> t.getFleet() != null
                                && Double.isNaN(t.getFleet().getBacklog()));
        if (!nan) {
            assertThat(actual).as(as).isEqualTo(expected);
        }
        assertThat(actual.getRun()).as(as).isExactlyInstanceOf(String.class);
        assertAlike(
                actual.getRequestsByKind(), expected.getRequestsByKind(), actual.getFleet(), expected.getFleet(), as);
        assertThat(actual.getLaterTicks()).as(as).hasSameSizeAs(expected.getLaterTicks());
        for (int i = 0; i < expected.getLaterTicks().size(); i++) {
            LaterTick a = actual.getLaterTicks().get(i);
            LaterTick e = expected.getLaterTicks().get(i);
            assertAlike(
                    a.getRequestsByKind(), e.getRequestsByKind(), a.getFleet(), e.getFleet(), as + ", later tick " + i);
        }
    }

    /** One tick's map and fleet: maps of the same class in the same order, keys of class String, the backlog's bits. */
    private static void assertAlike(
            Map<String, Long> actual,
            Map<String, Long> expected,
            FleetTick actualFleet,
            FleetTick expectedFleet,
            String as) {
        assertThat(actual.getClass()).as(as).isEqualTo(expected.getClass());
        assertThat(new ArrayList<>(actual.entrySet())).as(as).isEqualTo(new ArrayList<>(expected.entrySet()));
        assertThat(actual.keySet()).as(as).allSatisfy(key -> assertThat(key).isExactlyInstanceOf(String.class));
        if (expectedFleet != null) {
            Map<String, Double> hours = actualFleet.getServerHoursByKind();
            assertThat(hours.getClass())
                    .isEqualTo(expectedFleet.getServerHoursByKind().getClass());
            assertThat(new ArrayList<>(hours.entrySet()))
                    .as(as)
                    .isEqualTo(
                            new ArrayList<>(expectedFleet.getServerHoursByKind().entrySet()));
            assertThat(Double.doubleToRawLongBits(actualFleet.getBacklog()))
                    .as(as)
                    .isEqualTo(Double.doubleToRawLongBits(expectedFleet.getBacklog()));
        }
    }

    /** The event with every fleet's backlog 0: what equals can compare when a backlog is NaN. */
    private static LoadEvent withoutBacklog(LoadEvent event) {
        LoadEvent.Builder copy = LoadEvent.newBuilder(event);
        if (event.getFleet() != null) {
            copy.setFleet(withoutBacklog(event.getFleet()));
        }
        copy.setLaterTicks(event.getLaterTicks().stream()
                .map(t -> t.getFleet() == null
                        ? t
                        : LaterTick.newBuilder(t)
                                .setFleet(withoutBacklog(t.getFleet()))
                                .build())
                .toList());
        return copy.build();
    }

    private static FleetTick withoutBacklog(FleetTick fleet) {
        return FleetTick.newBuilder(fleet).setBacklog(0.0).build();
    }

    private static Throwable catchThrowable(Runnable code) {
        try {
            code.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static LoadEvent randomEvent(Random random) {
        Map<String, Long> byKind = new LinkedHashMap<>();
        int kinds = random.nextInt(4) == 0 ? 0 : random.nextInt(12);
        for (int i = 0; i < kinds; i++) {
            byKind.put(randomString(random), randomLong(random));
        }
        boolean v1 = random.nextInt(5) == 0; // the version-1 layout: one kind and its count
        FleetTick fleet = random.nextBoolean() ? randomFleet(random) : null;
        List<LaterTick> later = new ArrayList<>();
        int laterTicks = random.nextInt(3) == 0 ? 1 + random.nextInt(6) : 0;
        for (int t = 0; t < laterTicks; t++) {
            Map<String, Long> requests = new LinkedHashMap<>();
            int entries = random.nextInt(5);
            for (int i = 0; i < entries; i++) {
                requests.put(randomString(random), randomLong(random));
            }
            later.add(new LaterTick(
                    Instant.ofEpochMilli(randomLong(random)),
                    randomLong(random),
                    requests,
                    random.nextBoolean() ? randomFleet(random) : null));
        }
        return new LoadEvent(
                randomString(random),
                randomString(random),
                randomString(random),
                Instant.ofEpochMilli(randomLong(random)),
                randomLong(random),
                byKind,
                v1 || random.nextInt(10) == 0 ? randomString(random) : null,
                v1 || random.nextInt(10) == 0 ? randomLong(random) : null,
                fleet,
                later);
    }

    private static FleetTick randomFleet(Random random) {
        Map<String, Double> hours = new LinkedHashMap<>();
        int served = random.nextInt(4) == 0 ? 0 : random.nextInt(8);
        for (int i = 0; i < served; i++) {
            hours.put(randomString(random), randomDouble(random));
        }
        return new FleetTick(randomLong(random), hours, randomDouble(random), randomLong(random));
    }

    private static String randomString(Random random) {
        if (random.nextInt(4) > 0) {
            return STRINGS.get(random.nextInt(STRINGS.size()));
        }
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(random.nextBoolean() ? 8 : 80);
        while (text.length() < length) {
            int codePoint = switch (random.nextInt(4)) {
                case 0 -> 0x20 + random.nextInt(0x5F);
                case 1 -> random.nextInt(0x800);
                case 2 -> random.nextInt(0x10000);
                default -> 0x10000 + random.nextInt(0x100000);
            };
            if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
                text.appendCodePoint(codePoint); // well-formed: a lone surrogate is written as '?'
            }
        }
        return text.toString();
    }

    private static long randomLong(Random random) {
        return switch (random.nextInt(8)) {
            case 0 ->
                new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1}
                        [random.nextInt(7)];
            case 1 -> random.nextInt(64);
            case 2 -> random.nextInt();
            case 3 -> (1L << random.nextInt(63)) + random.nextInt(3) - 1;
            case 4 -> 1_735_689_600_000L + random.nextInt(1 << 30);
            default -> random.nextLong();
        };
    }

    private static double randomDouble(Random random) {
        return switch (random.nextInt(6)) {
            case 0 ->
                new double[] {
                            Double.NaN,
                            0.0,
                            -0.0,
                            Double.POSITIVE_INFINITY,
                            Double.NEGATIVE_INFINITY,
                            Double.MIN_VALUE,
                            Double.MAX_VALUE,
                            -Double.MAX_VALUE,
                            Double.MIN_NORMAL
                        }
                        [random.nextInt(9)];
            case 1 -> Double.longBitsToDouble(random.nextLong()); // any bits, NaNs with payloads too
            case 2 -> random.nextGaussian();
            default -> random.nextDouble() * 1e9;
        };
    }

    /** A datum of the schema, as a GenericRecord's fields hold them (timestamps as longs). */
    private static Object randomDatum(Schema schema, Random random) {
        return switch (schema.getType()) {
            case RECORD -> {
                GenericRecord record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.name(), randomDatum(field.schema(), random));
                }
                yield record;
            }
            case UNION ->
                randomDatum(
                        schema.getTypes().get(random.nextInt(schema.getTypes().size())), random);
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                int entries = random.nextInt(6);
                for (int i = 0; i < entries; i++) {
                    map.put(randomString(random), randomDatum(schema.getValueType(), random));
                }
                yield map;
            }
            case STRING -> randomString(random);
            case LONG -> randomLong(random);
            case DOUBLE -> randomDouble(random);
            case NULL -> null;
            default -> throw new IllegalArgumentException("no random " + schema);
        };
    }

    private static byte[] bytes(BinaryMessageEncoder<GenericRecord> writer, GenericRecord record) {
        try {
            ByteBuffer buffer = writer.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The event as another Avro writer may write it: its maps in several blocks, some (or all) with
     * a negative count followed by the block's size in bytes (the codec writes one block).
     */
    private static byte[] blocked(LoadEvent event, Random random, boolean negativeCounts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Arrays.copyOf(CODEC.encode(event), 10));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            encoder.writeString(event.getRun());
            encoder.writeString(event.getScenario());
            encoder.writeString(event.getDatacentre());
            encoder.writeLong(event.getTickStart().toEpochMilli());
            encoder.writeLong(event.getTickMillis());
            blocks(out, event.getRequestsByKind(), (entry, to) -> to.writeLong(entry), random, negativeCounts);
            encoder.writeIndex(event.getKind() == null ? 0 : 1);
            if (event.getKind() != null) {
                encoder.writeString(event.getKind());
            }
            encoder.writeIndex(event.getRequests() == null ? 0 : 1);
            if (event.getRequests() != null) {
                encoder.writeLong(event.getRequests());
            }
            fleet(encoder, out, event.getFleet(), random, negativeCounts);
            encoder.flush();
            // the later ticks in blocks too, a block of one tick at a time, its count negative or not
            for (LaterTick tick : event.getLaterTicks()) {
                ByteArrayOutputStream block = new ByteArrayOutputStream();
                BinaryEncoder in = EncoderFactory.get().directBinaryEncoder(block, null);
                in.writeLong(tick.getTickStart().toEpochMilli());
                in.writeLong(tick.getTickMillis());
                blocks(block, tick.getRequestsByKind(), (entry, to) -> to.writeLong(entry), random, negativeCounts);
                fleet(in, block, tick.getFleet(), random, negativeCounts);
                in.flush();
                if (negativeCounts || random.nextBoolean()) {
                    out.writeBytes(varLong(-1));
                    out.writeBytes(varLong(block.size()));
                } else {
                    out.writeBytes(varLong(1));
                }
                out.writeBytes(block.toByteArray());
            }
            out.writeBytes(varLong(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void fleet(
            BinaryEncoder encoder, ByteArrayOutputStream out, FleetTick fleet, Random random, boolean negativeCounts)
            throws IOException {
        encoder.writeIndex(fleet == null ? 0 : 1);
        if (fleet != null) {
            encoder.writeLong(fleet.getServers());
            encoder.flush();
            blocks(out, fleet.getServerHoursByKind(), (entry, to) -> to.writeDouble(entry), random, negativeCounts);
            encoder.writeDouble(fleet.getBacklog());
            encoder.writeLong(fleet.getServersAdded());
        }
        encoder.flush();
    }

    private interface ValueWriter<V> {
        void write(V value, BinaryEncoder to) throws IOException;
    }

    private static <V> void blocks(
            ByteArrayOutputStream out, Map<String, V> map, ValueWriter<V> values, Random random, boolean negative)
            throws IOException {
        List<Map.Entry<String, V>> entries = new ArrayList<>(map.entrySet());
        int from = 0;
        while (from < entries.size()) {
            int to = from + 1 + random.nextInt(entries.size() - from);
            ByteArrayOutputStream block = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(block, null);
            for (Map.Entry<String, V> entry : entries.subList(from, to)) {
                encoder.writeString(entry.getKey());
                values.write(entry.getValue(), encoder);
            }
            encoder.flush();
            if (negative || random.nextBoolean()) {
                out.writeBytes(varLong(-(to - from)));
                out.writeBytes(varLong(block.size()));
            } else {
                out.writeBytes(varLong(to - from));
            }
            out.writeBytes(block.toByteArray());
            from = to;
        }
        out.writeBytes(varLong(0));
    }

    private static byte[] varLong(long value) {
        byte[] bytes = new byte[10];
        return Arrays.copyOf(bytes, BinaryData.encodeLong(value, bytes, 0));
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
