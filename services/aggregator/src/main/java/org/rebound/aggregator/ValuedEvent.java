package org.rebound.aggregator;

import org.rebound.avro.Dimension;
import org.rebound.avro.LoadEvent;
import org.rebound.avro.Totals;
import org.rebound.domain.impact.Impacts;
import org.rebound.kafka.AvroMapping;

/** A load event with its impacts; becomes the one-event {@link Totals} added to each aggregate. */
record ValuedEvent(LoadEvent event, String region, Impacts impacts) {

    Totals asTotals(Dimension dimension, String member) {
        return new Totals(event.getRun(), event.getScenario(), dimension, member, event.getRequests(), 1L,
                AvroMapping.impacts(impacts), event.getTickStart(), event.getTickStart().plusMillis(event.getTickMillis()));
    }
}
