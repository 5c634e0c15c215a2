package org.rebound.aggregator;

import org.rebound.avro.DataCentre;
import org.rebound.avro.GridElectricity;
import org.rebound.avro.KindEnergy;
import org.rebound.avro.LoadEvent;
import org.rebound.avro.Dimension;
import org.rebound.avro.Totals;
import org.rebound.avro.TrainingCampaign;
import org.rebound.domain.Range;
import org.rebound.domain.impact.GridClock;
import org.rebound.domain.impact.ImpactModel;
import org.rebound.domain.impact.Impacts;
import org.rebound.kafka.AvroMapping;

/** Values one load event with the data-centre state in force at its simulated time. */
final class Valuation {

    private static final double WH_PER_MWH = 1_000_000;
    private static final long HOUR_MS = GridClock.HOUR_MS;

    private Valuation() {
    }

    /** The reporting period of an event: fixed lengths from the run's start, the last one cut at its end. */
    static ValuedEvent.Period period(LoadEvent event, DataCentre dc) {
        long start = dc.getRunStart().toEpochMilli();
        long end = dc.getRunEnd().toEpochMilli();
        long length = dc.getPeriodMillis() > 0 ? dc.getPeriodMillis() : Math.max(1, end - start);
        int index = (int) Math.max(0, Math.floorDiv(event.getTickStart().toEpochMilli() - start, length));
        long periodStart = start + index * length;
        long periodEnd = end > periodStart ? Math.min(periodStart + length, end) : periodStart + length;
        return new ValuedEvent.Period(index, java.time.Instant.ofEpochMilli(periodStart), java.time.Instant.ofEpochMilli(periodEnd));
    }

    /**
     * A training campaign's impacts: its energy is facility energy (PUE 1 here), on the grid of
     * its region at its instant (the hour's profile and the trend); no embodied or on-site water
     * figure is added (docs/impact-model.md, "Training").
     */
    static Totals training(TrainingCampaign campaign) {
        GridElectricity grid = campaign.getGrid();
        double carbonMultiplier = GridClock.carbonMultiplier(
                grid.getDailyProfile().stream().mapToDouble(Double::doubleValue).toArray(), grid.getUtcOffsetHours(),
                grid.getCarbonChangePerYear(), grid.getTrendOrigin(), campaign.getAt(), HOUR_MS);
        Range energyWh = AvroMapping.range(campaign.getEnergyMwh()).times(WH_PER_MWH);
        Impacts impacts = ImpactModel.impacts(1, energyWh, 1.0, Range.of(1), Range.of(0), Range.of(0),
                AvroMapping.range(grid.getCarbonGPerKwh()).times(carbonMultiplier), AvroMapping.range(grid.getWaterLPerKwh()));
        return new Totals(campaign.getRun(), campaign.getScenario(), Dimension.TRAINING, campaign.getScenario(), 0L, 1L,
                AvroMapping.impacts(impacts), campaign.getAt(), campaign.getAt());
    }

    /**
     * @throws InvalidLoadEventException when the event cannot be valued (unknown data centre or kind,
     *         negative or implausible count, a value contradicting its key): the aggregator's error
     *         handler sends it to the dead-letter topic
     */
    static ValuedEvent value(LoadEvent event, DataCentre dc) {
        if (event.getRequests() < 0 || event.getTickMillis() <= 0) {
            throw new InvalidLoadEventException("load event with requests=" + event.getRequests() + ", tick_millis=" + event.getTickMillis()
                    + " (expected requests >= 0 and tick_millis > 0)");
        }
        double plausible = org.rebound.domain.scenario.SafetyLimits.MAX_PLAUSIBLE_REQUESTS_PER_DAY
                * org.rebound.domain.scenario.SafetyLimits.MAX_PROFILE_PEAK * event.getTickMillis() / (double) GridClock.DAY_MS;
        if (event.getRequests() > plausible) {
            throw new InvalidLoadEventException("load event with requests=" + event.getRequests() + " in a tick of " + event.getTickMillis()
                    + " ms (expected at most " + (long) plausible + ": 1e15 requests a day at a 24x peak)");
        }
        if (dc == null) {
            throw new InvalidLoadEventException("unknown data centre '" + event.getDatacentre() + "' in run '" + event.getRun()
                    + "' at " + event.getTickStart() + " (no data-centre record in force)");
        }
        if (!dc.getId().equals(event.getDatacentre()) || !dc.getRun().equals(event.getRun())) {
            throw new InvalidLoadEventException("load event for data centre '" + event.getDatacentre() + "' of run '" + event.getRun()
                    + "' under the key of data centre '" + dc.getId() + "' of run '" + dc.getRun() + "' (key and value must agree)");
        }
        KindEnergy kind = dc.getKinds().get(event.getKind());
        if (kind == null) {
            throw new InvalidLoadEventException("unknown request kind '" + event.getKind() + "' at data centre '" + dc.getId() + "'");
        }
        GridElectricity grid = dc.getGrid();
        double carbonMultiplier = GridClock.carbonMultiplier(
                grid.getDailyProfile().stream().mapToDouble(Double::doubleValue).toArray(), grid.getUtcOffsetHours(),
                grid.getCarbonChangePerYear(), grid.getTrendOrigin(), event.getTickStart(), event.getTickMillis());
        Range carbon = AvroMapping.range(grid.getCarbonGPerKwh()).times(carbonMultiplier);
        Impacts impacts = ImpactModel.impacts(event.getRequests(), AvroMapping.range(kind.getEnergyWh()), kind.getEnergyFactor(),
                AvroMapping.range(dc.getPue()), AvroMapping.range(dc.getWueLPerKwh()), AvroMapping.range(dc.getEmbodiedGPerKwh()),
                carbon, AvroMapping.range(grid.getWaterLPerKwh()));
        return new ValuedEvent(event, grid.getRegion(), impacts, period(event, dc));
    }
}
