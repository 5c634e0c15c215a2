package org.rebound.cli;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.rebound.schemas.Schemas;

/**
 * Reads a {@code rebound.telemetry} value (Avro single-object encoding) into a {@link TelemetryWindow}
 * through a projection: Avro resolves the writer's schema (found by its fingerprint, any version
 * the schema store knows) against the fields the summary uses, by name, and skips the others (the
 * run, scenario and region strings, the CO₂e and water quantities, grid carbon, PUE, WUE) without
 * building them. A year of 24 data centres is 210,240 windows: this takes less than half the CPU
 * of decoding whole {@code Telemetry} records (docs/performance.md, "Telemetry and fleets").
 *
 * <p>Not thread-safe: one per reading thread.
 */
final class TelemetryWindowReader {

    /** A window and the data centre it belongs to. */
    record Read(String datacentre, TelemetryWindow window) {}

    static final Schema PROJECTION = new Schema.Parser().parse("""
            {"type": "record", "name": "Telemetry", "namespace": "org.rebound.avro", "fields": [
              {"name": "datacentre", "type": "string"},
              {"name": "start", "type": "long"},
              {"name": "end", "type": "long"},
              {"name": "utilisation", "type": ["null", "double"], "default": null},
              {"name": "servers_in_service", "type": ["null", "long"], "default": null},
              {"name": "backlog", "type": ["null", "long"], "default": null},
              {"name": "capacity_server_hours", "type": ["null", "double"], "default": null},
              {"name": "it_power_kw", "type": "double"},
              {"name": "it_energy_kwh", "type": {"type": "record", "name": "Quantity",
                                                 "fields": [{"name": "central", "type": "double"}]}},
              {"name": "facility_energy_kwh", "type": "Quantity"}
            ]}""");

    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = (byte) 0x01;
    private static final int HEADER = 10; // marker, then the writer schema's 8-byte fingerprint (little-endian)

    private final Map<Long, GenericDatumReader<GenericRecord>> readers = new HashMap<>();
    private BinaryDecoder decoder;
    private GenericRecord reuse;

    /** @throws IllegalArgumentException when the bytes are not a Telemetry record of a known schema */
    Read read(byte[] value) {
        if (value.length < HEADER || value[0] != MARKER_0 || value[1] != MARKER_1) {
            throw new IllegalArgumentException("rebound.telemetry: not Avro single-object encoding");
        }
        long fingerprint = 0;
        for (int i = 9; i >= 2; i--) {
            fingerprint = (fingerprint << 8) | (value[i] & 0xFF);
        }
        GenericDatumReader<GenericRecord> reader = readers.get(fingerprint);
        if (reader == null) {
            Schema writer = Schemas.store().findByFingerprint(fingerprint);
            if (writer == null || !writer.getFullName().equals(PROJECTION.getFullName())) {
                throw new IllegalArgumentException(
                        "rebound.telemetry: unknown writer schema fingerprint " + Long.toHexString(fingerprint));
            }
            reader = new GenericDatumReader<>(writer, PROJECTION);
            readers.put(fingerprint, reader);
        }
        decoder = DecoderFactory.get().binaryDecoder(value, HEADER, value.length - HEADER, decoder);
        try {
            reuse = reader.read(reuse, decoder);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("rebound.telemetry: cannot decode a window: " + e, e);
        }
        GenericRecord r = reuse;
        return new Read(
                r.get("datacentre").toString(),
                new TelemetryWindow(
                        (Long) r.get("start"),
                        (Long) r.get("end"),
                        central(r, "it_energy_kwh"),
                        central(r, "facility_energy_kwh"),
                        (Double) r.get("it_power_kw"),
                        (Double) r.get("utilisation"),
                        (Double) r.get("capacity_server_hours"),
                        (Long) r.get("servers_in_service"),
                        (Long) r.get("backlog")));
    }

    private static double central(GenericRecord record, String quantity) {
        return (Double) ((GenericRecord) record.get(quantity)).get("central");
    }
}
