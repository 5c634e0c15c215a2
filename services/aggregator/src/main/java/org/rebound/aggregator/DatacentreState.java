package org.rebound.aggregator;

import java.util.HashMap;
import java.util.Map;
import org.rebound.avro.DataCentre;
import org.rebound.avro.Fleet;
import org.rebound.avro.GridElectricity;
import org.rebound.avro.KindEnergy;
import org.rebound.domain.Range;
import org.rebound.domain.scenario.Cooling;
import org.rebound.domain.scenario.Weather;
import org.rebound.kafka.AvroMapping;

/**
 * A data centre's state in force from {@code validFrom} of simulated time, with what
 * valuing a load event needs already unpacked from the Avro record (ranges, the grid's hourly
 * profile, each kind's ratio cell of the possible worlds, its region's weather and its cooling,
 * null without): built once per state and reused for every tick it values.
 */
record DatacentreState(
        DataCentre record,
        long validFrom,
        String region,
        double[] dailyProfile,
        Range pue,
        Range wueLPerKwh,
        Range embodiedGPerKwh,
        Range carbonGPerKwh,
        Range waterLPerKwh,
        Map<String, KindCost> kinds,
        double counterfactualPue,
        Fleet fleet,
        Weather weather,
        Cooling cooling) {

    /**
     * The per-request IT energy of one kind served here, the demand its efficiency induces
     * (energy_factor^(−elasticity): the run's counterfactual has the requests divided by it), and
     * the ratios of its impacts in the possible worlds.
     */
    record KindCost(Range energyWh, double energyFactor, double inducedDemand, WorldCells.Cell cell) {}

    static DatacentreState of(DataCentre dc, long validFrom, WorldCells cells) {
        // The strings that every tick valued with this state is compared with (its data centre,
        // run and kinds), interned as the load events' decoder interns its own: the comparisons,
        // ~1 % of the stream thread, then end at the first test of String.equals (same instance).
        // The record is this state's own copy, read from the versioned store.
        dc.setId(dc.getId().intern());
        dc.setRun(dc.getRun().intern());
        GridElectricity grid = dc.getGrid();
        Range pue = AvroMapping.range(dc.getPue());
        Range wue = AvroMapping.range(dc.getWueLPerKwh());
        Range embodied = AvroMapping.range(dc.getEmbodiedGPerKwh());
        Range carbon = AvroMapping.range(grid.getCarbonGPerKwh());
        Range water = AvroMapping.range(grid.getWaterLPerKwh());
        Map<String, KindCost> kinds = new HashMap<>();
        for (Map.Entry<String, KindEnergy> kind : dc.getKinds().entrySet()) {
            KindEnergy energy = kind.getValue();
            Range energyWh = AvroMapping.range(energy.getEnergyWh());
            WorldCells.Cell cell = cells.of(
                    dc.getSeed(),
                    kind.getKey(),
                    // with a fleet, IT energy is the declared servers' power: one value in every world
                    dc.getFleet() == null ? energyWh : Range.of(1),
                    dc.getId(),
                    pue,
                    wue,
                    embodied,
                    grid.getRegion(),
                    carbon,
                    water);
            // a record written before induced_demand existed reads 1 (its default): no induced part
            kinds.put(
                    kind.getKey().intern(),
                    new KindCost(
                            energyWh,
                            energy.getEnergyFactor(),
                            energy.getInducedDemand() > 0 ? energy.getInducedDemand() : 1,
                            cell));
        }
        return new DatacentreState(
                dc,
                validFrom,
                grid.getRegion(),
                grid.getDailyProfile().stream().mapToDouble(Double::doubleValue).toArray(),
                pue,
                wue,
                embodied,
                carbon,
                water,
                Map.copyOf(kinds),
                // the counterfactual's PUE: as the scenario started (null in records written before it existed: the
                // current one)
                (dc.getCounterfactualPue() == null ? dc.getPue() : dc.getCounterfactualPue()).getCentral(),
                dc.getFleet(),
                AvroMapping.weather(dc.getWeather()),
                AvroMapping.cooling(dc.getCooling()));
    }
}
