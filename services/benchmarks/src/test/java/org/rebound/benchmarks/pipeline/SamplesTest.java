package org.rebound.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the bench's samples, medians and percentiles")
class SamplesTest {

    @Test
    @DisplayName("the median of an even number of samples is the mean of the middle two")
    void median() {
        assertThat(Samples.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(Samples.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Samples.median(new double[] {7})).isEqualTo(7);
        assertThat(Samples.median(new double[0])).isNaN();
    }

    @Test
    @DisplayName("percentiles are nearest-rank, within the samples, NaN without samples")
    void percentile() {
        double[] hundred = new double[100];
        for (int i = 0; i < hundred.length; i++) {
            hundred[hundred.length - 1 - i] = i + 1; // 100 .. 1: the input need not be sorted
        }
        assertThat(Samples.percentile(hundred, 0.50)).isEqualTo(50);
        assertThat(Samples.percentile(hundred, 0.99)).isEqualTo(99);
        assertThat(Samples.percentile(hundred, 1.0)).isEqualTo(100);
        assertThat(Samples.percentile(hundred, 0.0)).isEqualTo(1);
        assertThat(Samples.percentile(new double[] {5, 1, 3}, 0.5)).isEqualTo(3);
        assertThat(Samples.percentile(new double[] {42}, 0.99)).isEqualTo(42);
        assertThat(Samples.percentile(new double[0], 0.5)).isNaN();
    }

    @Test
    @DisplayName(
            "a row is the median of its samples with their range, ratios the median of theirs, rows in the order first measured")
    void rows() {
        Samples samples = new Samples();
        samples.add("reference", 100, "records/s", 1.0);
        samples.add("generator", 50, "records/s", 0.5);
        samples.add("records", 720, "records", null);
        samples.add("reference", 300, "records/s", 1.0);
        samples.add("generator", 90, "records/s", 0.3);
        samples.add("records", 720, "records", null);
        samples.add("generator", 60, "records/s", 0.2);

        List<BenchRow> rows = samples.rows();

        assertThat(rows).extracting(BenchRow::what).containsExactly("reference", "generator", "records");
        BenchRow reference = rows.get(0);
        assertThat(reference.value()).isEqualTo(200);
        assertThat(reference.ratio()).isEqualTo(1.0);
        assertThat(reference.min()).isEqualTo(100);
        assertThat(reference.max()).isEqualTo(300);
        assertThat(reference.samples()).isEqualTo(2);
        BenchRow generator = rows.get(1);
        assertThat(generator.value()).isEqualTo(60);
        assertThat(generator.ratio()).isEqualTo(0.3);
        assertThat(generator.values()).containsExactly(50.0, 90.0, 60.0);
        assertThat(generator.ratios()).containsExactly(0.5, 0.3, 0.2);
        assertThat(generator.unit()).isEqualTo("records/s");
        BenchRow records = rows.get(2);
        assertThat(records.ratio()).isNull();
        assertThat(records.ratios()).isEmpty();
        assertThat(records.min()).isEqualTo(records.max()).isEqualTo(720);
    }

    @Test
    @DisplayName("a row of one sample is its own median, range and only value")
    void oneSample() {
        BenchRow row = new BenchRow("latency", 12.5, "ms", null);
        assertThat(row.samples()).isEqualTo(1);
        assertThat(row.min()).isEqualTo(row.max()).isEqualTo(12.5);
        assertThat(row.values()).containsExactly(12.5);
        assertThat(row.ratios()).isEmpty();
        assertThat(new BenchRow("reference", 3, "records/s", 1.0).ratios()).containsExactly(1.0);
    }
}
