package org.rebound.domain.demand;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source64.SplitMix64;
import org.apache.commons.rng.sampling.distribution.PoissonSampler;
import org.rebound.domain.scenario.Arrival;

/**
 * Turns expected counts into request counts, one data centre × kind cell at a time, ticks in order.
 * Deterministic under the seed: a count depends only on the seed, the cell and the tick, never on
 * partitioning, threads or which instance produces it.
 */
public abstract sealed class ArrivalProcess permits ArrivalProcess.Exact, ArrivalProcess.Poisson {

    /**
     * @param cells number of data centre × kind cells ({@code cell} below is in [0, cells))
     */
    public static ArrivalProcess of(Arrival arrival, long seed, int cells) {
        return switch (arrival) {
            case EXACT -> new Exact(cells);
            case POISSON -> new Poisson(seed);
        };
    }

    /** Requests in the next tick of {@code cell}, whose expectation is {@code expected}. */
    public abstract long next(int cell, long cellKey, long tickIndex, double expected);

    /** Cumulative count after each tick = rounded cumulative expectation: totals never drift by more than one request. */
    static final class Exact extends ArrivalProcess {
        private final double[] cumulativeExpected;
        /** Kahan compensation: millions of small additions must not drift. */
        private final double[] compensation;

        private final long[] cumulativeCount;

        Exact(int cells) {
            cumulativeExpected = new double[cells];
            compensation = new double[cells];
            cumulativeCount = new long[cells];
        }

        @Override
        public long next(int cell, long cellKey, long tickIndex, double expected) {
            double y = expected - compensation[cell];
            double t = cumulativeExpected[cell] + y;
            compensation[cell] = (t - cumulativeExpected[cell]) - y;
            cumulativeExpected[cell] = t;
            long target = Math.round(t);
            long count = target - cumulativeCount[cell];
            cumulativeCount[cell] = target;
            return count;
        }
    }

    /** Independent Poisson counts per tick, each drawn from a generator seeded by (seed, cell, tick). */
    static final class Poisson extends ArrivalProcess {
        /**
         * At or above this mean, the count is drawn from the normal approximation N(mean, mean),
         * rounded: ten times cheaper than commons-rng's large-mean Poisson sampler, which builds
         * its tables for every new mean (and every cell of every tick has a new mean): it was
         * most of the generator's time on global-year. Mean and variance are the Poisson's; the
         * distribution functions differ by at most ~0.5/sqrt(mean) (Berry–Esseen), 0.5 % here,
         * and the skewness (1/sqrt(mean) ≤ 0.01) is dropped. Below it, exact Poisson draws.
         */
        static final double LARGE_MEAN = 1.0e4;

        private final long seed;

        Poisson(long seed) {
            this.seed = seed;
        }

        @Override
        public long next(int cell, long cellKey, long tickIndex, double expected) {
            if (expected <= 0) {
                return 0;
            }
            // the generator RandomSource.SPLIT_MIX_64.create(seed) builds, without its factory's lookup
            UniformRandomProvider rng = new SplitMix64(mix(seed, cellKey, tickIndex));
            if (expected >= LARGE_MEAN) {
                double gaussian = org.apache.commons.rng.sampling.distribution.ZigguratSampler.NormalizedGaussian.of(
                                rng)
                        .sample();
                return Math.max(0, Math.round(expected + gaussian * Math.sqrt(expected)));
            }
            return PoissonSampler.of(rng, expected).sample();
        }

        /** SplitMix64 finaliser over the three inputs: nearby cells and ticks get unrelated streams. */
        static long mix(long seed, long cellKey, long tickIndex) {
            long z = seed * 0x9E3779B97F4A7C15L + cellKey;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L + tickIndex;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }

    /** A stable key for a cell, from the data centre id and the kind name (not their positions in the file). */
    public static long cellKey(String datacentre, String kind) {
        long h = 1125899906842597L;
        for (char c : (datacentre + '\u0000' + kind).toCharArray()) {
            h = 31 * h + c;
        }
        return h;
    }
}
