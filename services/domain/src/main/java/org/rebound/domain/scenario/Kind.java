package org.rebound.domain.scenario;

import org.rebound.domain.Range;

/** A request kind (text, image, ...): its IT energy per request, where that number comes from, and its efficiency factor. */
public record Kind(String name, Range energyWh, String source, double energyFactor) {}
