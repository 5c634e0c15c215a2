package org.rebound.domain.scenario;

import org.rebound.domain.Range;

/** A data centre: where it draws power, how efficient it is, and its share of all traffic. */
public record DataCentre(String id, String region, Range pue, Range wueLPerKwh, Range embodiedGPerKwh, double share) {}
