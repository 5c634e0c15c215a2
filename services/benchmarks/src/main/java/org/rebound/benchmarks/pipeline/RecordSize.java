package org.rebound.benchmarks.pipeline;

import java.util.HashMap;
import java.util.Map;
import org.rebound.avro.LoadEvent;
import org.rebound.domain.demand.Demand;
import org.rebound.domain.scenario.DataCentre;
import org.rebound.domain.scenario.Scenario;
import org.rebound.kafka.RunIds;
import org.rebound.kafka.Topics;

/** The size of the records the reference producer sends: those of the requests topic. */
public final class RecordSize {

    private RecordSize() {}

    /**
     * Serialized size of a record of the requests topic as the generator writes it (Avro, no key):
     * every kind of the first data centre with its expected count at the first tick.
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
        LoadEvent event = new LoadEvent(
                "bench-" + RunIds.newRunId(scenario),
                scenario.name(),
                dc.id(),
                scenario.clock().start(),
                tick,
                byKind,
                null,
                null,
                null);
        return Topics.REQUESTS.valueSerde().serializer().serialize(Topics.REQUESTS.name(), event).length;
    }
}
