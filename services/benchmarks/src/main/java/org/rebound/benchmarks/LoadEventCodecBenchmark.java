package org.rebound.benchmarks;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.rebound.avro.LoadEvent;
import org.rebound.schemas.AvroCodec;

/**
 * Avro single-object encoding of one record of the requests topic as the generator writes it
 * (every kind of one data centre's tick, global-year-sized counts), and decoding it as the
 * aggregator reads it: the serialisation cost per record on each side of Kafka.
 */
public class LoadEventCodecBenchmark extends NanosPerOperation {

    AvroCodec<LoadEvent> codec;
    LoadEvent event;
    byte[] bytes;

    @Setup
    public void setUp() {
        codec = AvroCodec.of(LoadEvent.class, LoadEvent.getEncoder(), LoadEvent::createDecoder);
        event = globalYearRecord(null);
        bytes = codec.encode(event);
    }

    /** A record of global-year's requests topic: a data centre's five-minute tick of four kinds. */
    static LoadEvent globalYearRecord(org.rebound.avro.FleetTick fleet) {
        return new LoadEvent(
                "global-year@2026-11-29T09:30:42.123Z",
                "global-year",
                "ashburn-1",
                Instant.parse("2025-03-01T10:05:00Z"),
                300_000L,
                Map.of("text", 412_345L, "reasoning", 61_234L, "image", 30_456L, "video", 2_345L),
                null,
                null,
                fleet,
                List.of());
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(event);
    }

    @Benchmark
    public LoadEvent decode() {
        return codec.decode(bytes);
    }
}
