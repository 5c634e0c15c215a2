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
 * profile, each kind's ratio cell of the possible worlds): built once per state and reused for
 * every tick it values.
 */
record DatacentreState(DataCentre record, long validFrom, String region, double[] dailyProfile,
                       Range pue, Range wueLPerKwh, Range embodiedGPerKwh, Range carbonGPerKwh, Range waterLPerKwh,
                       Map<String, KindCost> kinds) {

    /** The per-request IT energy of one kind served here, and the ratios of its impacts in the possible worlds. */
    record KindCost(Range energyWh, double energyFactor, WorldCells.Cell cell) {
    }

    static DatacentreState of(DataCentre dc, long validFrom, WorldCells cells) {
        GridElectricity grid = dc.getGrid();
        Range pue = AvroMapping.range(dc.getPue());
        Range wue = AvroMapping.range(dc.getWueLPerKwh());
        Range embodied = AvroMapping.range(dc.getEmbodiedGPerKwh());
        Range carbon = AvroMapping.range(grid.getCarbonGPerKwh());
        Range water = AvroMapping.range(grid.getWaterLPerKwh());
        Map<String, KindCost> kinds = new HashMap<>();
        for (Map.Entry<String, KindEnergy> kind : dc.getKinds().entrySet()) {
            Range energyWh = AvroMapping.range(kind.getValue().getEnergyWh());
            WorldCells.Cell cell = cells.of(dc.getSeed(), kind.getKey(), energyWh, dc.getId(), pue, wue, embodied, grid.getRegion(), carbon, water);
            kinds.put(kind.getKey(), new KindCost(energyWh, kind.getValue().getEnergyFactor(), cell));
        }
        return new DatacentreState(dc, validFrom, grid.getRegion(),
                grid.getDailyProfile().stream().mapToDouble(Double::doubleValue).toArray(),
                pue, wue, embodied, carbon, water, Map.copyOf(kinds));
    }
}
