package org.rebound.domain.scenario;

import org.rebound.domain.Range;

/**
 * A data centre: where it draws power, how efficient it is, its share of all traffic, and its
 * server fleet (null: IT energy is each kind's energy per request, docs/impact-model.md).
 */
public record DataCentre(
        String id, String region, Range pue, Range wueLPerKwh, Range embodiedGPerKwh, double share, Capacity capacity) {

    /** A data centre without a fleet model. */
    public DataCentre(String id, String region, Range pue, Range wueLPerKwh, Range embodiedGPerKwh, double share) {
        this(id, region, pue, wueLPerKwh, embodiedGPerKwh, share, null);
    }
}
