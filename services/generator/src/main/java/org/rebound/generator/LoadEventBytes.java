package org.rebound.generator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryData;
import org.rebound.avro.LoadEvent;
import org.rebound.kafka.Topics;

/**
 * Writes the generator's records of the requests topic: exactly the bytes the Avro codec
 * ({@code Topics.REQUESTS.valueSerde()}) writes for the same {@link LoadEvent} (single-object
 * header, then Avro binary), without building the object, its maps and a datum-writer walk per
 * record. What never changes within a run (header, run, scenario, data-centre id, kind names) is
 * encoded once. Ticks are added one at a time per data centre ({@link #add}); {@link #take}
 * returns the record of a data centre's ticks added since the last one: the first in the
 * record's own fields, the others in {@code later_ticks}. Profiling showed Avro's generic writer
 * as the generator's largest cost; the test checks the bytes against the codec's.
 */
final class LoadEventBytes {

    /** Single-object encoding's header: the marker C3 01, then the schema's 8-byte CRC-64-AVRO fingerprint. */
    private static final int HEADER_BYTES = 2 + 8;
    /** The longest zig-zag varint of a long. */
    private static final int MAX_VARLONG_BYTES = 10;
    /** A tick's fixed part: start, length, the map's block count and end, three unions' branches. */
    private static final int TICK_BYTES = 3 * MAX_VARLONG_BYTES + 4;

    private final byte[][] prefixes;
    private final byte[][] kinds;
    /** Per data centre, its ticks added since its last record: the first tick's fields, then the later ticks'. */
    private final byte[][] held;

    private final int[] heldBytes;
    /** Per data centre, where the first tick's fields end in {@link #held}. */
    private final int[] firstTickBytes;

    private final int[] ticks;

    /**
     * @param datacentres data-centre ids, indexed as {@link #add} names them
     * @param kindNames   kind names, indexed likewise
     */
    LoadEventBytes(String run, String scenario, List<String> datacentres, List<String> kindNames) {
        byte[] reference = Topics.REQUESTS
                .valueSerde()
                .serializer()
                .serialize(
                        Topics.REQUESTS.name(),
                        new LoadEvent("", "", "", Instant.EPOCH, 0L, Map.of(), null, null, null, List.of()));
        byte[] header = Arrays.copyOf(reference, HEADER_BYTES); // as the codec writes it
        prefixes = new byte[datacentres.size()][];
        for (int d = 0; d < datacentres.size(); d++) {
            prefixes[d] = concat(header, string(run), string(scenario), string(datacentres.get(d)));
        }
        kinds = kindNames.stream().map(LoadEventBytes::string).toArray(byte[][]::new);
        held = new byte[datacentres.size()][256];
        heldBytes = new int[datacentres.size()];
        firstTickBytes = new int[datacentres.size()];
        ticks = new int[datacentres.size()];
    }

    /**
     * Adds a tick to those {@code datacentre}'s next record holds: the requests {@code counts[i]}
     * of kind {@code kindIndexes[i]}, for {@code i < n}, during the tick, and what its fleet did
     * (null: none).
     */
    void add(
            int datacentre,
            long tickStartMs,
            long tickMillis,
            int[] kindIndexes,
            long[] counts,
            int n,
            FleetSimulation.Tick fleet) {
        int max = TICK_BYTES;
        for (int i = 0; i < n; i++) {
            max += kinds[kindIndexes[i]].length + MAX_VARLONG_BYTES;
        }
        if (fleet != null) { // servers, the map's block count, backlog, servers added, the map's end
            max += 3 * MAX_VARLONG_BYTES + Double.BYTES + 1;
            for (int k = 0; k < fleet.serverHours.length; k++) {
                max += kinds[k].length + Double.BYTES;
            }
        }
        byte[] buffer = held[datacentre];
        int at = heldBytes[datacentre];
        if (buffer.length - at < max) {
            buffer = Arrays.copyOf(buffer, Math.max(at + max, buffer.length * 2));
            held[datacentre] = buffer;
        }
        boolean first = ticks[datacentre] == 0;
        at += BinaryData.encodeLong(tickStartMs, buffer, at);
        at += BinaryData.encodeLong(tickMillis, buffer, at);
        if (n > 0) {
            at += BinaryData.encodeLong(n, buffer, at); // one block of n entries
            for (int i = 0; i < n; i++) {
                byte[] kind = kinds[kindIndexes[i]];
                System.arraycopy(kind, 0, buffer, at, kind.length);
                at += kind.length;
                at += BinaryData.encodeLong(counts[i], buffer, at);
            }
        }
        buffer[at++] = 0; // end of the map
        if (first) {
            buffer[at++] = 0; // kind: null (union branch 0)
            buffer[at++] = 0; // requests: null (union branch 0)
        }
        if (fleet == null) {
            buffer[at++] = 0; // fleet: null (union branch 0)
        } else {
            buffer[at++] = 2; // fleet: a FleetTick (union branch 1, zig-zag)
            at += BinaryData.encodeLong(fleet.servers, buffer, at);
            int served = 0;
            for (double hours : fleet.serverHours) {
                served += hours > 0 ? 1 : 0;
            }
            if (served > 0) {
                at += BinaryData.encodeLong(served, buffer, at); // one block: the kinds served
                for (int k = 0; k < fleet.serverHours.length; k++) {
                    if (fleet.serverHours[k] > 0) {
                        System.arraycopy(kinds[k], 0, buffer, at, kinds[k].length);
                        at += kinds[k].length;
                        at += BinaryData.encodeDouble(fleet.serverHours[k], buffer, at);
                    }
                }
            }
            buffer[at++] = 0; // end of the map
            at += BinaryData.encodeDouble(fleet.backlog, buffer, at);
            at += BinaryData.encodeLong(fleet.serversAdded, buffer, at);
        }
        heldBytes[datacentre] = at;
        if (first) {
            firstTickBytes[datacentre] = at;
        }
        ticks[datacentre]++;
    }

    /** The ticks {@code datacentre} holds (added since its last record). */
    int ticks(int datacentre) {
        return ticks[datacentre];
    }

    /** The record of the ticks {@code datacentre} holds, which it then no longer holds; at least one. */
    byte[] take(int datacentre) {
        int n = ticks[datacentre];
        if (n == 0) {
            throw new IllegalStateException("data centre " + datacentre + " holds no tick");
        }
        byte[] prefix = prefixes[datacentre];
        byte[] buffer = held[datacentre];
        int first = firstTickBytes[datacentre];
        int later = heldBytes[datacentre] - first;
        byte[] count = new byte[MAX_VARLONG_BYTES];
        int countBytes = n > 1 ? BinaryData.encodeLong(n - 1, count, 0) : 0; // one block of the later ticks
        byte[] record = new byte[prefix.length + first + countBytes + later + 1];
        System.arraycopy(prefix, 0, record, 0, prefix.length);
        System.arraycopy(buffer, 0, record, prefix.length, first);
        System.arraycopy(count, 0, record, prefix.length + first, countBytes);
        System.arraycopy(buffer, first, record, prefix.length + first + countBytes, later);
        record[record.length - 1] = 0; // end of later_ticks
        ticks[datacentre] = 0;
        heldBytes[datacentre] = 0;
        return record;
    }

    /** An Avro string: its length in bytes (zig-zag varint), then UTF-8. */
    private static byte[] string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        byte[] length = new byte[MAX_VARLONG_BYTES];
        int n = BinaryData.encodeLong(utf8.length, length, 0);
        return concat(Arrays.copyOf(length, n), utf8);
    }

    private static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
