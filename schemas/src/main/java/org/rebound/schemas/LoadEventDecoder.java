package org.rebound.schemas;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.SystemLimitException;
import org.rebound.avro.FleetTick;
import org.rebound.avro.LaterTick;
import org.rebound.avro.LoadEvent;

/**
 * Reads the aggregator's records of the requests topic: a record written with the current
 * {@link LoadEvent} schema (its fingerprint in the single-object header) is read straight from its
 * bytes into the event the Avro codec gives, without Avro's resolving reader, its scratch
 * {@code Utf8} and its stream; any other record (an older writer schema of
 * {@code schemas/history/}, an unknown fingerprint, no header) goes to the codec unchanged, so
 * schema evolution and its error messages stay Avro's. Profiling showed the codec's decode at
 * ~13 % of the aggregator's stream thread; the test checks the events against the codec's on
 * random records, every older schema and malformed bytes.
 *
 * <p>It reads as Avro's binary decoder does: varints of at most 10 bytes (a union's index: 5), bits
 * beyond 64 (32) dropped; map blocks with a negative count followed by their byte size; strings
 * decoded as Java's UTF-8 decoder does (malformed sequences become U+FFFD); maps are
 * {@code HashMap}s filled in the order written, as Avro's, so they iterate in the same order; bytes
 * after the record are ignored. Bytes that are not a record throw {@link MalformedRecordException},
 * as the codec does. Strings repeat from record to record (run, scenario, data centres, kinds): a
 * small cache returns the same {@code String} for the same bytes, which also keeps its hash code
 * for the aggregator's map lookups. Thread-safe: a Kafka serde's deserializer is shared by the
 * stream threads.
 */
public final class LoadEventDecoder {

    /** Single-object encoding's header of the schema this reads ({@link AvroCodec#header}). */
    private static final byte[] HEADER = AvroCodec.header(LoadEvent.getClassSchema());

    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Function<byte[], LoadEvent> fallback;
    private final StringCache strings = new StringCache();

    /** @param codec the requests topic's Avro codec, which reads the records of any other writer schema */
    public LoadEventDecoder(AvroCodec<LoadEvent> codec) {
        this(codec::decode);
    }

    /** @param fallback reads the records of any other writer schema (the tests see which records go there) */
    LoadEventDecoder(Function<byte[], LoadEvent> fallback) {
        this.fallback = fallback;
    }

    /** @throws MalformedRecordException when the bytes are not a LoadEvent (as {@link AvroCodec#decode}) */
    public LoadEvent decode(byte[] bytes) {
        if (bytes == null
                || bytes.length < AvroCodec.HEADER_BYTES
                || !Arrays.equals(bytes, 0, AvroCodec.HEADER_BYTES, HEADER, 0, AvroCodec.HEADER_BYTES)) {
            return fallback.apply(bytes);
        }
        return new Reader(bytes, strings).loadEvent();
    }

    /** One record's bytes, read from the end of the header on. */
    private static final class Reader {

        private final byte[] bytes;
        private final StringCache strings;
        private int at = AvroCodec.HEADER_BYTES;
        /** The entries of the map or array being read so far (Avro's {@code collectionCount}, one for all). */
        private long entries;
        /** The field being read, for the error message. */
        private String field = "run";

        Reader(byte[] bytes, StringCache strings) {
            this.bytes = bytes;
            this.strings = strings;
        }

        LoadEvent loadEvent() {
            String run = string();
            field = "scenario";
            String scenario = string();
            field = "datacentre";
            String datacentre = string();
            field = "tick_start";
            Instant tickStart = Instant.ofEpochMilli(varLong());
            field = "tick_millis";
            long tickMillis = varLong();
            field = "requests_by_kind";
            Map<String, Long> requestsByKind = counts();
            field = "kind";
            String kind = isNull() ? null : string();
            field = "requests";
            Long requests = isNull() ? null : varLong();
            field = "fleet";
            FleetTick fleet = isNull() ? null : fleetTick();
            field = "later_ticks";
            List<LaterTick> laterTicks = new ArrayList<>();
            for (long n = mapStart(); n > 0; n = mapNext()) { // (an array's blocks read as a map's)
                for (long i = 0; i < n; i++) {
                    laterTicks.add(laterTick());
                }
            }
            return new LoadEvent(
                    run,
                    scenario,
                    datacentre,
                    tickStart,
                    tickMillis,
                    requestsByKind,
                    kind,
                    requests,
                    fleet,
                    laterTicks);
        }

        private LaterTick laterTick() {
            field = "later_ticks.tick_start";
            Instant tickStart = Instant.ofEpochMilli(varLong());
            field = "later_ticks.tick_millis";
            long tickMillis = varLong();
            field = "later_ticks.requests_by_kind";
            Map<String, Long> requestsByKind = counts();
            field = "later_ticks.fleet";
            FleetTick fleet = isNull() ? null : fleetTick();
            field = "later_ticks"; // (Avro's decoder too counts a map's entries in place of the array's items)
            return new LaterTick(tickStart, tickMillis, requestsByKind, fleet);
        }

        /** A map of longs by name (requests by kind). */
        private Map<String, Long> counts() {
            Map<String, Long> counts = new HashMap<>(); // as Avro's map reader: same iteration order
            for (long n = mapStart(); n > 0; n = mapNext()) {
                for (long i = 0; i < n; i++) {
                    String name = string();
                    counts.put(name, varLong());
                }
            }
            return counts;
        }

        private FleetTick fleetTick() {
            String of = field; // fleet or later_ticks.fleet
            field = of + ".servers";
            long servers = varLong();
            field = of + ".server_hours_by_kind";
            Map<String, Double> serverHours = new HashMap<>();
            for (long n = mapStart(); n > 0; n = mapNext()) {
                for (long i = 0; i < n; i++) {
                    String name = string();
                    serverHours.put(name, float64());
                }
            }
            field = of + ".backlog";
            double backlog = float64();
            field = of + ".servers_added";
            long serversAdded = varLong();
            return new FleetTick(servers, serverHours, backlog, serversAdded);
        }

        /** A union of null and one type: true for branch 0 (null), false for branch 1; Avro reads the index as an int. */
        private boolean isNull() {
            int n = 0;
            for (int shift = 0; shift < 32; shift += 7) {
                int b = next();
                n |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    int index = (n >>> 1) ^ -(n & 1);
                    if (index == 0 || index == 1) {
                        return index == 0;
                    }
                    throw malformed("union branch index out of range: must be in [0, 2), but received " + index);
                }
            }
            throw malformed("invalid int encoding");
        }

        /** A zig-zag varint long, as Avro's {@code readLong}. */
        private long varLong() {
            long n = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = next();
                n |= (b & 0x7FL) << shift;
                if ((b & 0x80) == 0) {
                    return (n >>> 1) ^ -(n & 1);
                }
            }
            throw malformed("invalid long encoding");
        }

        private double float64() {
            if (bytes.length - at < Double.BYTES) {
                throw ends();
            }
            double value = Double.longBitsToDouble((long) LONG_LE.get(bytes, at));
            at += Double.BYTES;
            return value;
        }

        private String string() {
            long length = varLong();
            int n;
            try {
                n = SystemLimitException.checkMaxStringLength(length); // negative or above Avro's limit
            } catch (AvroRuntimeException | UnsupportedOperationException e) {
                throw malformed(e.getMessage());
            }
            if (n > bytes.length - at) {
                throw malformed("a string of " + n + " bytes where " + (bytes.length - at) + " are left");
            }
            String value = strings.get(bytes, at, n);
            at += n;
            return value;
        }

        /** A map block's count: after a negative count, the block's size in bytes (skipped), as Avro's {@code doReadItemCount}. */
        private long blockCount() {
            long count = varLong();
            if (count < 0) {
                if (count == Long.MIN_VALUE) {
                    throw malformed("block count is invalid: " + count);
                }
                long size = varLong();
                if (size < 0) {
                    throw malformed("block byte-size is negative: " + size);
                }
                count = -count;
            }
            return count;
        }

        /**
         * A map's or an array's first block count, within Avro's limits ({@code readMapStart},
         * {@code readArrayStart}: the same reading).
         */
        private long mapStart() {
            long count = blockCount();
            try {
                entries = SystemLimitException.checkMaxCollectionLength(count);
            } catch (AvroRuntimeException | UnsupportedOperationException e) {
                throw malformed(e.getMessage());
            }
            return count;
        }

        /** A map's or an array's next block count, its entries within Avro's limits ({@code mapNext}, {@code arrayNext}). */
        private long mapNext() {
            long count = blockCount();
            try {
                entries = SystemLimitException.checkMaxCollectionLength(entries, count);
            } catch (AvroRuntimeException | UnsupportedOperationException e) {
                throw malformed(e.getMessage());
            }
            return count;
        }

        private int next() {
            if (at >= bytes.length) {
                throw ends();
            }
            return bytes[at++];
        }

        private MalformedRecordException ends() {
            return malformed("the record ends (" + bytes.length + " bytes)");
        }

        private MalformedRecordException malformed(String what) {
            return new MalformedRecordException(
                    "cannot decode LoadEvent: " + what + " in field " + field + " at byte " + at);
        }
    }

    /**
     * The strings of recent records by their UTF-8 bytes, one per slot of a hash on them: a run's
     * records repeat a few dozen. Entries are immutable and a slot is replaced whole, so threads
     * racing on a slot each get a right string.
     */
    private static final class StringCache {

        private static final int SLOTS = 256; // a power of two
        private static final int MAX_BYTES = 64;

        private final Entry[] slots = new Entry[SLOTS];

        String get(byte[] bytes, int from, int length) {
            if (length == 0) {
                return "";
            }
            if (length > MAX_BYTES) {
                return new String(bytes, from, length, StandardCharsets.UTF_8);
            }
            int hash = length;
            for (int i = from; i < from + length; i++) {
                hash = 31 * hash + bytes[i];
            }
            int slot = (hash ^ (hash >>> 8) ^ (hash >>> 16)) & (SLOTS - 1);
            Entry entry = slots[slot];
            if (entry != null && Arrays.equals(entry.utf8, 0, entry.utf8.length, bytes, from, from + length)) {
                return entry.value;
            }
            // interned: the states' and the scenario's strings that the aggregator compares these
            // with, interned too, are then the same instances (String.equals' first test)
            String value = new String(bytes, from, length, StandardCharsets.UTF_8).intern();
            slots[slot] = new Entry(Arrays.copyOfRange(bytes, from, from + length), value);
            return value;
        }

        private record Entry(byte[] utf8, String value) {}
    }
}
