package org.rebound.domain.scenario;

/** How request counts are drawn from their expectation (scenario-format.md, "Meaning that tests rely on"). */
public enum Arrival {
    /** Cumulative count after each tick = rounded expected cumulative count: no drift. */
    EXACT,
    /** Independent Poisson counts per tick with that expectation, from the seed. */
    POISSON
}
