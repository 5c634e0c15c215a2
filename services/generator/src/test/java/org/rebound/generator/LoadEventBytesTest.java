package org.rebound.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.avro.FleetTick;
import org.rebound.avro.LaterTick;
import org.rebound.avro.LoadEvent;
import org.rebound.kafka.Topics;

@DisplayName("the generator's record encoder")
class LoadEventBytesTest {

    private static final String RUN = "global-year@20261129T100151.365Z";
    private static final List<String> DATACENTRES = List.of("paris-1", "ashburn-1", "são-paulo-1", "x");
    private static final List<String> KINDS = List.of("text", "reasoning", "image", "video", "🎬");

    /** One tick as the simulation hands it over, and as the record holds it. */
    private record Tick(
            long start, long millis, int[] kinds, long[] counts, FleetSimulation.Tick fleet, Map<String, Long> byKind) {

        FleetTick fleetRecord() {
            if (fleet == null) {
                return null;
            }
            Map<String, Double> hours = new LinkedHashMap<>();
            for (int k = 0; k < KINDS.size(); k++) {
                if (fleet.serverHours[k] > 0) {
                    hours.put(KINDS.get(k), fleet.serverHours[k]);
                }
            }
            return new FleetTick(fleet.servers, hours, fleet.backlog, fleet.serversAdded);
        }
    }

    @Test
    @DisplayName(
            "writes exactly the bytes of the Avro codec, which decode to the same event, for random records of one or more ticks")
    void sameBytesAsTheCodec() {
        LoadEventBytes bytes = new LoadEventBytes(RUN, "global-year", DATACENTRES, KINDS);
        Random random = new Random(7);
        int severalTicks = 0;
        for (int trial = 0; trial < 5_000; trial++) {
            // two data centres' ticks added in turn: each record holds its own data centre's only
            int a = random.nextInt(DATACENTRES.size());
            int b = (a + 1 + random.nextInt(DATACENTRES.size() - 1)) % DATACENTRES.size();
            int ticks = random.nextInt(3) == 0 ? 1 : 2 + random.nextInt(30);
            List<Tick> ofA = new ArrayList<>();
            List<Tick> ofB = new ArrayList<>();
            for (int t = 0; t < ticks; t++) {
                for (int d : new int[] {a, b}) {
                    Tick tick = randomTick(random);
                    bytes.add(d, tick.start, tick.millis, tick.kinds, tick.counts, tick.kinds.length, tick.fleet);
                    (d == a ? ofA : ofB).add(tick);
                }
            }
            assertThat(bytes.ticks(a)).isEqualTo(ticks);
            for (int d : new int[] {a, b}) {
                List<Tick> held = d == a ? ofA : ofB;
                LoadEvent event = event(d, held);
                byte[] expected = Topics.REQUESTS.valueSerde().serializer().serialize(Topics.REQUESTS.name(), event);

                byte[] actual = bytes.take(d);

                assertThat(actual).as("trial " + trial).isEqualTo(expected);
                assertThat(Topics.REQUESTS.valueSerde().deserializer().deserialize(Topics.REQUESTS.name(), actual))
                        .isEqualTo(event);
                assertThat(bytes.ticks(d)).isZero();
            }
            severalTicks += ticks > 1 ? 1 : 0;
        }
        assertThat(severalTicks).isGreaterThan(3_000);
    }

    @Test
    @DisplayName("a one-tick record is the version-3 layout and an empty later_ticks")
    void oneTick() {
        LoadEventBytes bytes = new LoadEventBytes(RUN, "global-year", DATACENTRES, KINDS);
        Tick tick = randomTick(new Random(3));
        bytes.add(1, tick.start, tick.millis, tick.kinds, tick.counts, tick.kinds.length, tick.fleet);
        byte[] record = bytes.take(1);
        assertThat(Topics.REQUESTS.valueSerde().deserializer().deserialize(Topics.REQUESTS.name(), record))
                .isEqualTo(event(1, List.of(tick)));
        assertThat(record[record.length - 1]).as("the empty array's end").isZero();
        assertThatThrownBy(() -> bytes.take(1)).isInstanceOf(IllegalStateException.class);
    }

    private static LoadEvent event(int d, List<Tick> ticks) {
        Tick first = ticks.get(0);
        return new LoadEvent(
                RUN,
                "global-year",
                DATACENTRES.get(d),
                Instant.ofEpochMilli(first.start),
                first.millis,
                first.byKind,
                null,
                null,
                first.fleetRecord(),
                ticks.subList(1, ticks.size()).stream()
                        .map(t -> new LaterTick(Instant.ofEpochMilli(t.start), t.millis, t.byKind, t.fleetRecord()))
                        .toList());
    }

    private static Tick randomTick(Random random) {
        long start = random.nextBoolean() ? random.nextLong() : 1_735_689_600_000L + random.nextInt(1 << 30);
        long millis = 1 + random.nextInt(86_400_000);
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
        // half the ticks with a fleet: some kinds served (from the backlog too), some not
        FleetSimulation.Tick fleet = null;
        if (random.nextBoolean()) {
            fleet = new FleetSimulation.Tick(KINDS.size());
            fleet.servers = 1 + random.nextInt(100_000);
            fleet.backlog = random.nextBoolean() ? 0 : random.nextDouble() * 1e9;
            fleet.serversAdded = random.nextBoolean() ? 0 : random.nextInt(500);
            for (int k = 0; k < KINDS.size(); k++) {
                fleet.serverHours[k] = random.nextBoolean() ? 0 : random.nextDouble() * 1e6;
            }
        }
        return new Tick(start, millis, kinds, counts, fleet, byKind);
    }
}
