package org.rebound.benchmarks;

import java.time.Instant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.rebound.avro.Quantity;
import org.rebound.avro.Telemetry;
import org.rebound.schemas.AvroCodec;

/**
 * Avro single-object encoding of one telemetry window as the aggregator writes it for every data
 * centre and simulated hour (210,240 a global-year run): through the codec's writer made for the
 * schema ({@code codec}, since issue 16) and through Avro's encoder of the generated class
 * ({@code avro}, what the codec used before). The same bytes (BenchmarksTest). And its JSON
 * mirror ({@code json}, {@code rebound.telemetry.json}), written for every window too.
 */
public class TelemetryCodecBenchmark extends NanosPerOperation {

    AvroCodec<Telemetry> codec;
    Telemetry window;

    @Setup
    public void setUp() {
        codec = AvroCodec.of(Telemetry.class, Telemetry.getEncoder(), Telemetry::createDecoder);
        window = globalYearWindow();
    }

    /** A whole hour of one of global-year's data centres, as written to rebound.telemetry (likely ranges, no worlds). */
    static Telemetry globalYearWindow() {
        return Telemetry.newBuilder()
                .setRun("global-year@2026-11-29T09:30:42.123Z")
                .setScenario("global-year")
                .setDatacentre("ashburn-1")
                .setRegion("us-va")
                .setStart(Instant.parse("2025-03-01T10:00:00Z"))
                .setEnd(Instant.parse("2025-03-01T11:00:00Z"))
                .setRequests(6_074_412L)
                .setLoadEvents(48L)
                .setItPowerKw(1_843.271_904_3)
                .setFacilityPowerKw(2_211.926_285_1)
                .setItEnergyKwh(new Quantity(1_105.96, 1_843.271_904_3, 3_317.89, 1_512.33, 2_290.04))
                .setFacilityEnergyKwh(new Quantity(1_327.15, 2_211.926_285_1, 3_981.47, 1_814.80, 2_748.05))
                .setCo2eKg(new Quantity(640.2, 1_021.655_3, 1_904.1, 850.7, 1_290.3))
                .setWaterL(new Quantity(2_010.5, 3_870.221_4, 7_302.6, 3_120.9, 4_880.4))
                .setGridCarbonGPerKwh(412.7)
                .setPue(1.2)
                .setWueLPerKwh(0.38)
                .setOutdoorC(11.25)
                .build();
    }

    @Benchmark
    public byte[] codec() {
        return codec.encode(window);
    }

    @Benchmark
    public byte[] json() {
        return org.rebound.kafka.AvroJson.write(window);
    }

    @Benchmark
    public java.nio.ByteBuffer avro() throws java.io.IOException {
        return Telemetry.getEncoder().encode(window);
    }
}
