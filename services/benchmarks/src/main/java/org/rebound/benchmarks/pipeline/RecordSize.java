package org.rebound.benchmarks.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rebound.avro.LaterTick;
import org.rebound.avro.LoadEvent;
import org.rebound.domain.demand.Demand;
import org.rebound.domain.scenario.DataCentre;
import org.rebound.domain.scenario.Scenario;
import org.rebound.generator.LoadGenerator;
import org.rebound.kafka.RunIds;
import org.rebound.kafka.Topics;

/** The size of the records the reference producer sends: those of the requests topic. */
public final class RecordSize {

    private RecordSize() {}

    /**
     * Serialized size of a record of the requests topic as the generator writes it at full speed
     * (Avro, no key): the first data centre's first ticks, as many as a record holds
     * ({@link LoadGenerator#TICKS_PER_RECORD}, or the run's ticks if fewer), each with every kind
     * at its expected count at the first tick.
     */
    public static int loadEventBytes(Scenario scenario) {
        DataCentre dc = scenario.datacentres().get(0);
        Demand demand = new Demand(scenario);
        long start = scenario.clock().start().toEpochMilli();
        long tick = scenario.clock().tick().toMillis();
        Map<String, Long> byKind = new HashMap<>();
        scenario.kinds()
                .values()
                .forEach(kind ->
                        byKind.put(kind.name(), Math.max(1, Math.round(demand.expected(dc, kind, start, tick)))));
        long ticks = Math.min(
                LoadGenerator.TICKS_PER_RECORD,
                Math.max(1, (scenario.clock().end().toEpochMilli() - start + tick - 1) / tick));
        List<LaterTick> later = new ArrayList<>();
        for (int t = 1; t < ticks; t++) {
            later.add(new LaterTick(Instant.ofEpochMilli(start + t * tick), tick, byKind, null));
        }
        LoadEvent event = new LoadEvent(
                "bench-" + RunIds.newRunId(scenario),
                scenario.name(),
                dc.id(),
                scenario.clock().start(),
                tick,
                byKind,
                null,
                null,
                null,
                later);
        return Topics.REQUESTS.valueSerde().serializer().serialize(Topics.REQUESTS.name(), event).length;
    }
}
