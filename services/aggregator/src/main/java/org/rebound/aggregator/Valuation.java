package org.rebound.aggregator;

import java.util.Map;
import org.rebound.avro.DataCentre;
import org.rebound.avro.Dimension;
import org.rebound.avro.GridElectricity;
import org.rebound.avro.LoadEvent;
import org.rebound.avro.Totals;
import org.rebound.avro.TrainingCampaign;
import org.rebound.domain.Range;
import org.rebound.domain.impact.Climate;
import org.rebound.domain.impact.GridClock;
import org.rebound.domain.impact.ImpactModel;
import org.rebound.domain.impact.Impacts;
import org.rebound.domain.impact.PossibleWorlds;
import org.rebound.domain.scenario.SafetyLimits;
import org.rebound.kafka.AvroMapping;

/** Values one load event with the data-centre state in force at its simulated time. */
final class Valuation {

    private static final double WH_PER_MWH = 1_000_000;
    private static final double WH_PER_KWH = 1_000;

    private Valuation() {}

    /** The reporting period of a tick: fixed lengths from the run's start, the last one cut at its end. */
    static ValuedTick.Period period(long tickStartMs, DataCentre dc) {
        long start = dc.getRunStart().toEpochMilli();
        long end = dc.getRunEnd().toEpochMilli();
        long length = dc.getPeriodMillis() > 0 ? dc.getPeriodMillis() : Math.max(1, end - start);
        int index = (int) Math.max(0, Math.floorDiv(tickStartMs - start, length));
        long periodStart = start + index * length;
        long periodEnd = end > periodStart ? Math.min(periodStart + length, end) : periodStart + length;
        return new ValuedTick.Period(index, periodStart, periodEnd);
    }

    /**
     * A training campaign's impacts: its energy is facility energy (PUE 1 here), on the grid of
     * its region at its instant (the hour's profile and the trend); no embodied or on-site water
     * figure is added (docs/impact-model.md, "Training").
     */
    static Totals training(TrainingCampaign campaign) {
        GridElectricity grid = campaign.getGrid();
        double carbonMultiplier = GridClock.carbonMultiplier(
                grid.getDailyProfile().stream().mapToDouble(Double::doubleValue).toArray(),
                grid.getUtcOffsetHours(),
                grid.getCarbonChangePerYear(),
                grid.getTrendOrigin(),
                campaign.getAt(),
                GridClock.HOUR_MS);
        Range energyWh = AvroMapping.range(campaign.getEnergyMwh()).times(WH_PER_MWH);
        Range carbon = AvroMapping.range(grid.getCarbonGPerKwh());
        Range water = AvroMapping.range(grid.getWaterLPerKwh());
        Impacts impacts = ImpactModel.impacts(
                1, energyWh, 1.0, Range.of(1), Range.of(0), Range.of(0), carbon.times(carbonMultiplier), water);
        return WorldSums.settle(new Totals(
                campaign.getRun(),
                campaign.getScenario(),
                Dimension.TRAINING,
                campaign.getScenario(),
                0L,
                1L,
                AvroMapping.impacts(impacts),
                campaign.getAt(),
                campaign.getAt(),
                trainingWorlds(
                        campaign.getSeed(),
                        campaign.getScenario(),
                        energyWh,
                        grid.getRegion(),
                        carbon,
                        water,
                        impacts)));
    }

    /**
     * A training campaign's impacts in each possible world: its energy is one coefficient
     * ({@code training:<scenario>}); its grid's carbon and water draws are the region's, the same
     * as its inference's there. No PUE, embodied or on-site water: those impacts are zero.
     */
    private static java.nio.ByteBuffer trainingWorlds(
            long seed, String scenario, Range energyWh, String region, Range carbon, Range water, Impacts central) {
        int n = PossibleWorlds.COUNT;
        double[] energy = PossibleWorlds.ratios(seed, "training:" + scenario, energyWh);
        double[] carbonRatio = PossibleWorlds.ratios(seed, "carbon:" + region, carbon);
        double[] waterRatio = PossibleWorlds.ratios(seed, "water:" + region, water);
        double[] worlds = new double[WorldSums.SIZE];
        for (int w = 0; w < n; w++) {
            worlds[w] = central.itEnergyKwh().central() * energy[w];
            worlds[n + w] = central.facilityEnergyKwh().central() * energy[w];
            worlds[2 * n + w] = central.operationalCo2eKg().central() * energy[w] * carbonRatio[w];
            worlds[4 * n + w] = worlds[2 * n + w];
            worlds[6 * n + w] = central.offsiteWaterL().central() * energy[w] * waterRatio[w];
            worlds[7 * n + w] = worlds[6 * n + w];
        }
        return WorldSums.bytes(worlds);
    }

    /**
     * Values every kind of a load event with the data-centre state in force at its tick.
     *
     * @throws InvalidLoadEventException when the event cannot be valued (unknown data centre or kind,
     *         no requests, a negative or implausible count, a value contradicting its key): the
     *         aggregator's error handler sends it to the dead-letter topic
     */
    static ValuedTick value(LoadEvent event, DatacentreState state) {
        if (event.getTickMillis() <= 0) {
            throw new InvalidLoadEventException(
                    "load event with tick_millis=" + event.getTickMillis() + " (expected tick_millis > 0)");
        }
        String[] kinds;
        long[] requests;
        Map<String, Long> byKind = event.getRequestsByKind();
        if (byKind != null && !byKind.isEmpty()) {
            if (event.getKind() != null || event.getRequests() != null) {
                throw new InvalidLoadEventException(
                        "load event with both requests_by_kind and kind/requests (expected one layout: "
                                + "requests_by_kind, or version 1's kind and requests)");
            }
            kinds = new String[byKind.size()];
            requests = new long[byKind.size()];
            int i = 0;
            for (Map.Entry<String, Long> entry : byKind.entrySet()) {
                kinds[i] = entry.getKey();
                requests[i++] = entry.getValue();
            }
        } else if (event.getKind() != null && event.getRequests() != null) {
            kinds = new String[] {event.getKind()};
            requests = new long[] {event.getRequests()};
        } else if (event.getFleet() != null && event.getKind() == null && event.getRequests() == null) {
            kinds = new String[0]; // a fleet's tick without a request: its servers still draw power
            requests = new long[0];
        } else {
            throw new InvalidLoadEventException(
                    "load event without requests (expected requests_by_kind with at least one kind, "
                            + "or version 1's kind and requests)");
        }
        double plausible = SafetyLimits.MAX_PLAUSIBLE_REQUESTS_PER_DAY
                * SafetyLimits.MAX_PROFILE_PEAK
                * event.getTickMillis()
                / (double) GridClock.DAY_MS;
        for (int i = 0; i < kinds.length; i++) {
            if (requests[i] < 0) {
                throw new InvalidLoadEventException("load event with requests=" + requests[i] + " of kind '" + kinds[i]
                        + "' (expected requests >= 0)");
            }
            if (requests[i] > plausible) {
                throw new InvalidLoadEventException("load event with requests=" + requests[i] + " of kind '" + kinds[i]
                        + "' in a tick of " + event.getTickMillis() + " ms (expected at most " + (long) plausible
                        + ": 1e15 requests a day at a 24x peak)");
            }
        }
        if (state == null) {
            throw new InvalidLoadEventException("unknown data centre '" + event.getDatacentre() + "' in run '"
                    + event.getRun() + "' at " + event.getTickStart() + " (no data-centre record in force)");
        }
        DataCentre dc = state.record();
        if (!dc.getId().equals(event.getDatacentre()) || !dc.getRun().equals(event.getRun())) {
            throw new InvalidLoadEventException("load event for data centre '" + event.getDatacentre() + "' of run '"
                    + event.getRun() + "' under the key of data centre '" + dc.getId() + "' of run '" + dc.getRun()
                    + "' (key and value must agree)");
        }
        if ((event.getFleet() == null) != (state.fleet() == null)) {
            throw new InvalidLoadEventException("load event " + (event.getFleet() == null ? "without" : "with")
                    + " a fleet for data centre '" + dc.getId() + "', which has "
                    + (state.fleet() == null ? "none" : "one") + " (expected the same as the data centre's record)");
        }
        FleetEnergy fleet = null;
        if (event.getFleet() != null) {
            fleet = FleetEnergy.of(event, state);
            kinds = fleet.kinds(kinds, state);
            requests = fleet.requests(kinds, requests);
        }
        long tickStart = event.getTickStart().toEpochMilli();
        GridElectricity grid = dc.getGrid();
        double carbonMultiplier = GridClock.carbonMultiplier(
                state.dailyProfile(),
                grid.getUtcOffsetHours(),
                grid.getCarbonChangePerYear(),
                grid.getTrendOrigin(),
                event.getTickStart(),
                event.getTickMillis());
        Range carbon = state.carbonGPerKwh().times(carbonMultiplier);
        // the weather (docs/impact-model.md, "Weather and cooling"): the cooling's extra PUE and WUE
        // over the tick, hour by hour; the counterfactual has the same weather
        Range pue = state.pue();
        Range wue = state.wueLPerKwh();
        double counterfactualPue = state.counterfactualPue();
        double outdoorC = Double.NaN;
        if (state.weather() != null) {
            Climate.Tick climate = Climate.over(
                    state.weather(), state.cooling(), grid.getUtcOffsetHours(), tickStart, event.getTickMillis());
            outdoorC = climate.meanC();
            if (climate.excessC() > 0) {
                double extraPue = state.cooling().puePerC() * climate.excessC();
                pue = pue.plus(Range.of(extraPue));
                wue = wue.plus(Range.of(state.cooling().wuePerC() * climate.excessC()));
                counterfactualPue += extraPue;
            }
        }
        double[] impacts = new double[kinds.length * ImpactModel.FLAT];
        double[] counterfactual = new double[ValuedTick.COUNTERFACTUAL_FIELDS * kinds.length];
        WorldCells.Cell[] cells = new WorldCells.Cell[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            DatacentreState.KindCost kind = state.kinds().get(kinds[i]);
            if (kind == null) {
                throw new InvalidLoadEventException(
                        "unknown request kind '" + kinds[i] + "' at data centre '" + dc.getId() + "'");
            }
            int at = i * ImpactModel.FLAT;
            if (fleet == null) {
                ImpactModel.impacts(
                        impacts,
                        at,
                        requests[i],
                        kind.energyWh(),
                        kind.energyFactor(),
                        pue,
                        wue,
                        state.embodiedGPerKwh(),
                        carbon,
                        state.waterLPerKwh());
            } else {
                ValuedTick.put(impacts, i, fleet.impacts(kinds[i], kinds.length, state, pue, wue, carbon));
            }
            double itKwh = impacts[at + ImpactModel.central(ImpactModel.IT_ENERGY_KWH)];
            double facilityKwh = impacts[at + ImpactModel.central(ImpactModel.FACILITY_ENERGY_KWH)];
            // The counterfactual (docs/impact-model.md, "Rebound effect"): the same tick without
            // the efficiency changes. Arrivals scale with expected demand (exact: the expectation;
            // Poisson: each count's mean), so the realised count divided by the induced demand is
            // the counterfactual's, with no second generator.
            double counterfactualRequests = requests[i] / kind.inducedDemand();
            counterfactual[3 * i] = counterfactualRequests;
            counterfactual[3 * i + 1] = fleet == null
                    ? kind.energyWh().central() * (counterfactualRequests / WH_PER_KWH) * counterfactualPue
                    // a fleet's energy is not per request: the counterfactual scales what this tick's
                    // requests of the kind cost by the efficiency change and the induced demand (its
                    // idle share is not simulated again: docs/impact-model.md, "Fleet")
                    : itKwh / kind.energyFactor() / kind.inducedDemand() * counterfactualPue;
            counterfactual[3 * i + 2] = facilityKwh / kind.inducedDemand();
            cells[i] = kind.cell();
        }
        return new ValuedTick(
                event,
                state.region(),
                kinds,
                requests,
                impacts,
                cells,
                period(tickStart, dc),
                counterfactual,
                carbon.central(),
                pue.central(),
                wue.central(),
                fleet,
                outdoorC);
    }
}
