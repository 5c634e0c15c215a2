package org.rebound.aggregator;

import java.util.HashMap;
import java.util.Map;
import org.rebound.avro.DataCentre;
import org.rebound.avro.GridElectricity;
import org.rebound.avro.KindEnergy;
import org.rebound.domain.Range;
import org.rebound.kafka.AvroMapping;

/**
 * A data centre's state in force from {@code validFrom} of simulated time, with what
 * valuing a load event needs already unpacked from the Avro record (ranges, the grid's hourly
 * profile): built once per state and reused for every tick it values.
 */
record DatacentreState(DataCentre record, long validFrom, String region, double[] dailyProfile,
                       Range pue, Range wueLPerKwh, Range embodiedGPerKwh, Range carbonGPerKwh, Range waterLPerKwh,
                       Map<String, KindCost> kinds, double counterfactualPue) {

    /**
     * The per-request IT energy of one kind served here, and the demand its efficiency induces
     * (energy_factor^(−elasticity)): the run's counterfactual has the requests divided by it.
     */
    record KindCost(Range energyWh, double energyFactor, double inducedDemand) {
    }

    static DatacentreState of(DataCentre dc, long validFrom) {
        GridElectricity grid = dc.getGrid();
        Map<String, KindCost> kinds = new HashMap<>();
        for (Map.Entry<String, KindEnergy> kind : dc.getKinds().entrySet()) {
            KindEnergy energy = kind.getValue();
            // a record written before induced_demand existed reads 1 (its default): no induced part
            kinds.put(kind.getKey(), new KindCost(AvroMapping.range(energy.getEnergyWh()), energy.getEnergyFactor(),
                    energy.getInducedDemand() > 0 ? energy.getInducedDemand() : 1));
        }
        return new DatacentreState(dc, validFrom, grid.getRegion(),
                grid.getDailyProfile().stream().mapToDouble(Double::doubleValue).toArray(),
                AvroMapping.range(dc.getPue()), AvroMapping.range(dc.getWueLPerKwh()), AvroMapping.range(dc.getEmbodiedGPerKwh()),
                AvroMapping.range(grid.getCarbonGPerKwh()), AvroMapping.range(grid.getWaterLPerKwh()), Map.copyOf(kinds),
                // the counterfactual's PUE: as the scenario started (null in records written before it existed: the current one)
                (dc.getCounterfactualPue() == null ? dc.getPue() : dc.getCounterfactualPue()).getCentral());
    }
}
