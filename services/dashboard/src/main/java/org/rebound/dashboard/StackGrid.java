package org.rebound.dashboard;

import java.util.List;
import org.rebound.domain.scenario.Scenario;

/**
 * The instants the stacked charts are drawn at: {@value #MAX_STACK_POINTS} whole seconds evenly
 * spread over the scenario's span (a chart 540 pixels wide draws no more), fixed for the run so
 * that a point once drawn stays put.
 */
record StackGrid(long startSeconds, double stepSeconds) {
    /** Points of a stacked chart (the grid's, plus "now"). */
    static final int MAX_STACK_POINTS = 300;

    static StackGrid of(Scenario scenario) {
        long start = scenario.clock().start().getEpochSecond();
        long end = scenario.clock().end().getEpochSecond();
        return new StackGrid(start, Math.max(1, (end - start) / (double) (MAX_STACK_POINTS - 1)));
    }

    long cell(double seconds) {
        return (long) Math.floor((seconds - startSeconds) / stepSeconds);
    }

    /** The grid's instants before {@code until}, then {@code until} itself. */
    List<Double> upTo(double until) {
        List<Double> xs = new java.util.ArrayList<>();
        for (int i = 0; i < MAX_STACK_POINTS; i++) {
            double x = startSeconds + Math.round(i * stepSeconds);
            if (x >= until) {
                break;
            }
            xs.add(x);
        }
        xs.add(until);
        return xs;
    }
}
