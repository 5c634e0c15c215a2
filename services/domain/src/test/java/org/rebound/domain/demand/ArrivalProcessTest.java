package org.rebound.domain.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.domain.scenario.Arrival;

@DisplayName("arrival processes")
class ArrivalProcessTest {

    @Test
    @DisplayName("exact arrival: the cumulative count is the rounded cumulative expectation after every tick")
    void exactNoDrift() {
        ArrivalProcess exact = ArrivalProcess.of(Arrival.EXACT, 1, 1);
        // 0.3712 × t never ends in exactly .5, so rounding has one right answer
        double expectedPerTick = 0.3712;
        long cumulative = 0;
        for (int tick = 1; tick <= 10_000; tick++) {
            cumulative += exact.next(0, 99, tick, expectedPerTick);
            assertThat(cumulative).isEqualTo(Math.round(tick * expectedPerTick));
        }
    }

    @Test
    @DisplayName("poisson arrival: same seed, cell and tick give the same count, whatever the order of calls")
    void poissonDeterministic() {
        ArrivalProcess a = ArrivalProcess.of(Arrival.POISSON, 7, 2);
        ArrivalProcess b = ArrivalProcess.of(Arrival.POISSON, 7, 2);
        long forward = a.next(0, 11, 5, 120.0) + a.next(1, 12, 6, 80.0);
        long backward = b.next(1, 12, 6, 80.0) + b.next(0, 11, 5, 120.0);
        assertThat(forward).isEqualTo(backward);
        ArrivalProcess otherSeed = ArrivalProcess.of(Arrival.POISSON, 8, 2);
        long[] differ = new long[20];
        long same = 0;
        for (int t = 0; t < 20; t++) {
            differ[t] = otherSeed.next(0, 11, t, 1000.0);
            same += differ[t] == ArrivalProcess.of(Arrival.POISSON, 7, 2).next(0, 11, t, 1000.0) ? 1 : 0;
        }
        assertThat(same).isLessThan(5);
    }

    @Test
    @DisplayName(
            "poisson arrival below the large-mean threshold: the counts are those of commons-rng's SplitMix64 and PoissonSampler, seeded by (seed, cell, tick)")
    void poissonSameStreamsAsRandomSource() {
        ArrivalProcess poisson = ArrivalProcess.of(Arrival.POISSON, 42, 1);
        for (int t = 0; t < 2_000; t++) {
            double mean = t % 2 == 0 ? 3.5 + t : ArrivalProcess.Poisson.LARGE_MEAN * (t % 97) / 97.0 + 0.25;
            org.apache.commons.rng.UniformRandomProvider reference =
                    org.apache.commons.rng.simple.RandomSource.SPLIT_MIX_64.create(
                            ArrivalProcess.Poisson.mix(42, 77, t));
            assertThat(poisson.next(0, 77, t, mean))
                    .as("tick " + t)
                    .isEqualTo(org.apache.commons.rng.sampling.distribution.PoissonSampler.of(reference, mean)
                            .sample());
        }
    }

    @Test
    @DisplayName(
            "poisson arrival at large means: mean and variance of the Poisson, counts spread as its normal approximation")
    void poissonNormalApproximation() {
        for (double mean : new double[] {ArrivalProcess.Poisson.LARGE_MEAN, 2.5e6}) {
            Sample sample = Sample.of(ArrivalProcess.of(Arrival.POISSON, 5, 1), mean, 40_000);
            assertThat(sample.mean()).as("mean at " + mean).isCloseTo(mean, within(5 * Math.sqrt(mean / sample.n())));
            assertThat(sample.variance()).as("variance at " + mean).isCloseTo(mean, within(mean * 0.05));
            // P(|X - mean| <= sigma) = 0.683 for the normal law and, within 0.5 %, for the Poisson
            assertThat(sample.withinOneSigma())
                    .as("within one sigma at " + mean)
                    .isCloseTo(0.683, within(0.015));
        }
    }

    /** Counts of one cell over {@code n} ticks at a constant mean: their mean, variance and share within one sigma. */
    private record Sample(int n, double mean, double variance, double withinOneSigma) {
        static Sample of(ArrivalProcess process, double expected, int n) {
            double sum = 0;
            double sumSq = 0;
            int within = 0;
            for (int t = 0; t < n; t++) {
                long k = process.next(0, 1, t, expected);
                sum += k;
                sumSq += (double) k * k;
                within += Math.abs(k - expected) <= Math.sqrt(expected) ? 1 : 0;
            }
            double m = sum / n;
            return new Sample(n, m, sumSq / n - m * m, within / (double) n);
        }
    }

    @Test
    @DisplayName("poisson arrival: counts have the expected mean and variance")
    void poissonMoments() {
        double mean = 50;
        Sample sample = Sample.of(ArrivalProcess.of(Arrival.POISSON, 3, 1), mean, 20_000);
        assertThat(sample.mean()).isCloseTo(mean, within(4 * Math.sqrt(mean / sample.n())));
        assertThat(sample.variance()).isCloseTo(mean, within(mean * 0.06));
    }

    @Test
    @DisplayName("poisson arrival handles internet-scale means")
    void poissonLargeMeans() {
        ArrivalProcess poisson = ArrivalProcess.of(Arrival.POISSON, 3, 1);
        long k = poisson.next(0, 1, 0, 5.0e9);
        assertThat((double) k).isCloseTo(5.0e9, within(10 * Math.sqrt(5.0e9)));
        assertThat(poisson.next(0, 1, 1, 0.0)).isZero();
    }
}
