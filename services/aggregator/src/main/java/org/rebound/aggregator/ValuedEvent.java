package org.rebound.aggregator;

import org.rebound.avro.Dimension;
import org.rebound.avro.LoadEvent;
import org.rebound.avro.PeriodTotals;
import org.rebound.avro.Totals;
import org.rebound.domain.impact.Impacts;
import org.rebound.kafka.AvroMapping;

/** A load event with its impacts; becomes the one-event {@link Totals} added to each aggregate. */
record ValuedEvent(LoadEvent event, String region, Impacts impacts, Period period) {

    /** The reporting period an event falls in: its index and bounds (the last one may be short). */
    record Period(int index, java.time.Instant start, java.time.Instant end) {
    }

    /** This event as the one-event sum of its period. */
    PeriodTotals asPeriodTotals() {
        return PeriodTotals.newBuilder()
                .setRun(event.getRun()).setScenario(event.getScenario()).setPeriod(period.index())
                .setStart(period.start()).setEnd(period.end())
                .setRequests(event.getRequests()).setLoadEvents(1L).setImpacts(AvroMapping.impacts(impacts))
                .build();
    }


    Totals asTotals(Dimension dimension, String member) {
        return new Totals(event.getRun(), event.getScenario(), dimension, member, event.getRequests(), 1L,
                AvroMapping.impacts(impacts), event.getTickStart(), event.getTickStart().plusMillis(event.getTickMillis()));
    }
}
