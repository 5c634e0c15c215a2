package org.rebound.domain.scenario;

import org.rebound.domain.Range;

/**
 * A data centre: where it draws power, how efficient it is, its share of all traffic, its
 * server fleet (null: IT energy is each kind's energy per request, docs/impact-model.md) and how
 * its cooling answers the outdoor temperature (null: its PUE and WUE do not depend on it).
 */
public record DataCentre(
        String id,
        String region,
        Range pue,
        Range wueLPerKwh,
        Range embodiedGPerKwh,
        double share,
        Capacity capacity,
        Cooling cooling) {

    /** A data centre whose PUE and WUE do not depend on the weather. */
    public DataCentre(
            String id,
            String region,
            Range pue,
            Range wueLPerKwh,
            Range embodiedGPerKwh,
            double share,
            Capacity capacity) {
        this(id, region, pue, wueLPerKwh, embodiedGPerKwh, share, capacity, null);
    }

    /** A data centre without a fleet model. */
    public DataCentre(String id, String region, Range pue, Range wueLPerKwh, Range embodiedGPerKwh, double share) {
        this(id, region, pue, wueLPerKwh, embodiedGPerKwh, share, null);
    }
}
