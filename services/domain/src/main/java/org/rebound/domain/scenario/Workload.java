package org.rebound.domain.scenario;

import java.util.Map;

/**
 * The demand. {@code dailyProfile}: 24 multipliers by local hour of the data centre, mean 1.0;
 * {@code weeklyProfile}: 7 multipliers, Monday first, mean 1.0; {@code mix}: share of requests by
 * kind, summing to 1; {@code elasticity}: demand for kind k is multiplied by energy_factor_k^(−elasticity).
 */
public record Workload(
        double requestsPerDay,
        Arrival arrival,
        double[] dailyProfile,
        double[] weeklyProfile,
        Map<String, Double> mix,
        Growth growth,
        double elasticity) {}
