package org.rebound.aggregator;

import org.rebound.avro.Totals;
import org.rebound.kafka.AvroMapping;

/** Totals form a monoid: counts, impacts and their possible worlds' sums add, the simulated span widens. */
final class TotalsMath {

    private TotalsMath() {}

    static Totals plus(Totals a, Totals b) {
        return new Totals(
                a.getRun(),
                a.getScenario(),
                a.getDimension(),
                a.getMember(),
                a.getRequests() + b.getRequests(),
                a.getLoadEvents() + b.getLoadEvents(),
                AvroMapping.impacts(AvroMapping.impacts(a.getImpacts()).plus(AvroMapping.impacts(b.getImpacts()))),
                a.getFirstEvent().isBefore(b.getFirstEvent()) ? a.getFirstEvent() : b.getFirstEvent(),
                a.getLastEvent().isAfter(b.getLastEvent()) ? a.getLastEvent() : b.getLastEvent(),
                WorldSums.plus(a.getWorlds(), b.getWorlds()));
    }
}
