package org.rebound.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.LoadEvent;
import org.rebound.kafka.Topics;

@DisplayName("the generator's record encoder")
class LoadEventBytesTest {

    private static final List<String> DATACENTRES = List.of("paris-1", "ashburn-1", "são-paulo-1", "x");
    private static final List<String> KINDS = List.of("text", "reasoning", "image", "video", "🎬");

    @Test
    @DisplayName("writes exactly the bytes of the Avro codec, which decode to the same event, for random events")
    void sameBytesAsTheCodec() {
        LoadEventBytes bytes =
                new LoadEventBytes("global-year@20261129T100151.365Z", "global-year", DATACENTRES, KINDS);
        Random random = new Random(7);
        for (int trial = 0; trial < 5_000; trial++) {
            int d = random.nextInt(DATACENTRES.size());
            long tickStart = random.nextBoolean() ? random.nextLong() : 1_735_689_600_000L + random.nextInt(1 << 30);
            long tickMillis = 1 + random.nextInt(86_400_000);
            int n = random.nextInt(KINDS.size() + 1);
            int[] kinds = new int[n];
            long[] counts = new long[n];
            Map<String, Long> byKind = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                kinds[i] = i; // distinct kinds, in the map's order
                counts[i] = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(64);
                    case 1 -> random.nextInt(1 << 20);
                    case 2 -> random.nextLong() >>> 1;
                    default -> Long.MAX_VALUE;
                };
                byKind.put(KINDS.get(i), counts[i]);
            }
            // half the trials with a fleet: some kinds served (from the backlog too), some not
            FleetSimulation.Tick fleet = null;
            org.rebound.avro.FleetTick fleetRecord = null;
            if (random.nextBoolean()) {
                fleet = new FleetSimulation.Tick(KINDS.size());
                fleet.servers = 1 + random.nextInt(100_000);
                fleet.backlog = random.nextBoolean() ? 0 : random.nextDouble() * 1e9;
                fleet.serversAdded = random.nextBoolean() ? 0 : random.nextInt(500);
                Map<String, Double> hours = new LinkedHashMap<>();
                for (int k = 0; k < KINDS.size(); k++) {
                    fleet.serverHours[k] = random.nextBoolean() ? 0 : random.nextDouble() * 1e6;
                    if (fleet.serverHours[k] > 0) {
                        hours.put(KINDS.get(k), fleet.serverHours[k]);
                    }
                }
                fleetRecord = new org.rebound.avro.FleetTick(fleet.servers, hours, fleet.backlog, fleet.serversAdded);
            }
            LoadEvent event = new LoadEvent(
                    "global-year@20261129T100151.365Z",
                    "global-year",
                    DATACENTRES.get(d),
                    Instant.ofEpochMilli(tickStart),
                    tickMillis,
                    byKind,
                    null,
                    null,
                    fleetRecord);
            byte[] expected = Topics.REQUESTS.valueSerde().serializer().serialize(Topics.REQUESTS.name(), event);

            byte[] actual = bytes.encode(d, tickStart, tickMillis, kinds, counts, n, fleet);

            assertThat(actual).as("trial " + trial).isEqualTo(expected);
            assertThat(Topics.REQUESTS.valueSerde().deserializer().deserialize(Topics.REQUESTS.name(), actual))
                    .isEqualTo(event);
        }
    }
}
