package org.rebound.domain.scenario;

import static org.rebound.domain.scenario.ProblemText.say;

import java.util.ArrayList;
import java.util.List;

/**
 * Bounds on what a live change (./rebound set, a dashboard slider) may ask, so that a slider
 * cannot make a run meaningless or numerically unsafe. Load on the machine does not grow with
 * requests_per_day (a load event carries a count), so the bounds keep counts within the
 * samplers' range and the story within reason. Documented in docs/scenarios.md.
 */
public final class SafetyLimits {

    /** 1,000 billion a day: 400 times ChatGPT's ≈2.5 billion prompts a day of mid-2025 (impact-data.md §6). */
    public static final double MAX_REQUESTS_PER_DAY = 1e12;
    /**
     * What no load event can claim, whatever the scenario: 10¹⁵ requests a day (≈ 125,000 per
     * person on Earth) at a daily profile's highest possible peak (24× the mean, all of a day in
     * one hour). The aggregator dead-letters an event above it instead of adding it to the totals.
     */
    public static final double MAX_PLAUSIBLE_REQUESTS_PER_DAY = 1e15;

    public static final double MAX_PROFILE_PEAK = 24;
    public static final double MAX_ELASTICITY = 3;
    public static final double MAX_GROWTH_RATE_PER_YEAR = 10;
    /** A kind may become 1,000 times cheaper at most. */
    public static final double MIN_ENERGY_FACTOR = 1e-3;

    private SafetyLimits() {}

    /** Why this state is beyond the limits of a live change; empty when it is within them. */
    public static List<Problem> check(Scenario state, String origin) {
        List<Problem> problems = new ArrayList<>();
        Workload workload = state.workload();
        if (workload.requestsPerDay() > MAX_REQUESTS_PER_DAY) {
            problems.add(new Problem(
                    origin,
                    0,
                    "workload.requests_per_day",
                    say(
                            "limit.requests",
                            "limit",
                            ProblemText.number(MAX_REQUESTS_PER_DAY),
                            "found",
                            workload.requestsPerDay())));
        }
        if (workload.elasticity() > MAX_ELASTICITY) {
            problems.add(new Problem(
                    origin,
                    0,
                    "workload.elasticity",
                    say("limit.atMost", "limit", ProblemText.number(MAX_ELASTICITY), "found", workload.elasticity())));
        }
        if (workload.growth().ratePerYear() > MAX_GROWTH_RATE_PER_YEAR) {
            problems.add(new Problem(
                    origin,
                    0,
                    "workload.growth.rate_per_year",
                    say(
                            "limit.atMost",
                            "limit",
                            ProblemText.number(MAX_GROWTH_RATE_PER_YEAR),
                            "found",
                            workload.growth().ratePerYear())));
        }
        state.kinds().values().forEach(kind -> {
            if (kind.energyFactor() < MIN_ENERGY_FACTOR) {
                problems.add(new Problem(
                        origin,
                        0,
                        "kinds." + kind.name() + ".energy_factor",
                        say(
                                "limit.atLeast",
                                "limit",
                                ProblemText.number(MIN_ENERGY_FACTOR),
                                "found",
                                kind.energyFactor())));
            }
        });
        return problems;
    }
}
