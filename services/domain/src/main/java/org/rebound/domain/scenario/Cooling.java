package org.rebound.domain.scenario;

/**
 * How a data centre's cooling answers the outdoor temperature of its region's {@link Weather}
 * (docs/impact-model.md, "Weather and cooling"): above {@code aboveC}, each degree adds
 * {@code puePerC} to its PUE and {@code wuePerC} to its on-site WUE (L per IT kWh); at or below it,
 * the data centre's own {@code pue} and {@code wue_l_per_kwh} apply.
 */
public record Cooling(double aboveC, double puePerC, double wuePerC) {}
