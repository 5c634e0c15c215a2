package org.rebound.benchmarks;

import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.rebound.avro.FleetTick;
import org.rebound.avro.LoadEvent;
import org.rebound.schemas.AvroCodec;
import org.rebound.schemas.LoadEventDecoder;

/**
 * Decoding one record of the requests topic as the aggregator reads it, through Avro's codec
 * ({@code avro}, as before) and through the hand-written {@link LoadEventDecoder} ({@code fast},
 * since): the record of {@link LoadEventCodecBenchmark} (global-year: every kind of one data
 * centre's tick), without a fleet or with one serving the four kinds.
 */
public class LoadEventDecoderBenchmark extends NanosPerOperation {

    @Param({"none", "fleet"})
    public String fleet;

    AvroCodec<LoadEvent> codec;
    LoadEventDecoder decoder;
    LoadEvent event;
    byte[] bytes;

    @Setup
    public void setUp() {
        codec = AvroCodec.of(LoadEvent.class, LoadEvent.getEncoder(), LoadEvent::createDecoder);
        decoder = new LoadEventDecoder(codec);
        event = LoadEventCodecBenchmark.globalYearRecord(
                "fleet".equals(fleet)
                        ? new FleetTick(
                                12_000L,
                                Map.of("text", 412.3, "reasoning", 612.3, "image", 30.4, "video", 234.5),
                                0.0,
                                0L)
                        : null);
        bytes = codec.encode(event);
    }

    @Benchmark
    public LoadEvent avro() {
        return codec.decode(bytes);
    }

    @Benchmark
    public LoadEvent fast() {
        return decoder.decode(bytes);
    }
}
