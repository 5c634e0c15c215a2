package org.rebound.domain.scenario;

import java.time.Instant;
import org.rebound.domain.Range;

/** A one-off training campaign: its facility energy, when, and on which region's grid. */
public record Training(Range energyMwh, Instant at, String region) {}
