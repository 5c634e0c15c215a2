package org.rebound.benchmarks;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rebound.avro.LoadEvent;
import org.rebound.schemas.AvroCodec;

/**
 * Avro single-object encoding of one record of the requests topic as the generator writes it
 * (every kind of one data centre's tick, global-year-sized counts), and decoding it as the
 * aggregator reads it: the serialisation cost per record on each side of Kafka.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LoadEventCodecBenchmark {

    AvroCodec<LoadEvent> codec;
    LoadEvent event;
    byte[] bytes;

    @Setup
    public void setUp() {
        codec = AvroCodec.of(LoadEvent.class, LoadEvent.getEncoder(), LoadEvent::createDecoder);
        event = new LoadEvent("global-year@2026-11-29T09:30:42.123Z", "global-year", "ashburn-1", Instant.parse("2025-03-01T10:05:00Z"),
                300_000L, Map.of("text", 412_345L, "reasoning", 61_234L, "image", 30_456L, "video", 2_345L), null, null);
        bytes = codec.encode(event);
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
