package org.rebound.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.domain.text.HumanNumbers;
import org.rebound.domain.text.Lang;

/** The report's English numbers (HumanNumbers since the report speaks two languages): as they always were. */
@DisplayName("numbers for people")
class NumbersTest {

    private static final HumanNumbers EN = HumanNumbers.of(Lang.EN);

    @Test
    @DisplayName("three significant figures, keeping the significant zeros")
    void threeSignificantFigures() {
        assertThat(EN.sig3(0.43034307918029907)).isEqualTo("0.430");
        assertThat(EN.sig3(2.7)).isEqualTo("2.70");
        assertThat(EN.sig3(526.3969)).isEqualTo("526");
        assertThat(EN.sig3(5)).isEqualTo("5.00");
        assertThat(EN.sig3(0)).isEqualTo("0");
    }

    @Test
    @DisplayName("thousands are separated, millions and beyond are said in words")
    void largeNumbers() {
        assertThat(EN.sig3(12_345)).isEqualTo("12,300");
        assertThat(EN.sig3(931_000.4)).isEqualTo("931,000");
        assertThat(EN.sig3(2_840_000)).isEqualTo("2.84 million");
        assertThat(EN.sig3(2.1e9)).isEqualTo("2.10 billion");
        assertThat(EN.sig3(999.6e6)).isEqualTo("1.00 billion");
        assertThat(EN.sig3(1.16e12)).isEqualTo("1.16 trillion");
        assertThat(EN.sig3(1.0e20)).isEqualTo("1.00 × 10²⁰");
    }

    @Test
    @DisplayName("very small numbers use a power of ten, negatives a true minus sign")
    void smallAndNegative() {
        assertThat(EN.sig3(4.588319175482617e-5)).isEqualTo("4.59 × 10⁻⁵");
        assertThat(EN.sig3(0.00123)).isEqualTo("0.00123");
        assertThat(EN.sig3(-0.2)).isEqualTo("\u22120.200");
        assertThat(EN.sig3(Double.NaN)).isEqualTo("–");
    }

    @Test
    @DisplayName("counts are exact with separators, fractions become percentages")
    void countsAndPercentages() {
        assertThat(EN.count(10_658_805_137_473L)).isEqualTo("10,658,805,137,473");
        assertThat(EN.percent(5.263969185143191)).isEqualTo("526 %");
        assertThat(EN.percent(0.0199)).isEqualTo("1.99 %");
    }

    @Test
    @DisplayName("a range says a shared scale word once")
    void ranges() {
        assertThat(EN.range(1.25e6, 72.1e6)).isEqualTo("1.25 – 72.1 million");
        assertThat(EN.range(494_000, 29.5e6)).isEqualTo("494,000 – 29.5 million");
        assertThat(EN.range(0.5, 8)).isEqualTo("0.500 – 8.00");
    }

    @Test
    @DisplayName("axis ticks are round steps from zero that cover the maximum")
    void ticks() {
        assertThat(Charts.ticks(2.7)).containsExactly(0, 1, 2, 3);
        assertThat(Charts.ticks(12)).containsExactly(0, 2.5, 5, 7.5, 10, 12.5);
        assertThat(Charts.ticks(1390)).containsExactly(0, 500, 1000, 1500);
        assertThat(EN.tick(1000)).isEqualTo("1,000");
        assertThat(EN.tick(2.5)).isEqualTo("2.5");
    }
}
