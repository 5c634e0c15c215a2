package org.rebound.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.rebound.domain.text.Lang;

@DisplayName("ticks of a simulated-time axis")
class TimeAxisTest {

    private static List<String> labels(String from, String to, Lang lang) {
        return TimeAxis.ticks(
                        Instant.parse(from).toEpochMilli(), Instant.parse(to).toEpochMilli(), 6, ReportText.of(lang))
                .stream()
                .map(TimeAxis.Tick::label)
                .toList();
    }

    @Test
    @DisplayName("one day: every 6 hours, the midnights as dates")
    void oneDay() {
        assertThat(labels("2025-03-01T00:00:00Z", "2025-03-02T00:00:00Z", Lang.EN))
                .containsExactly("2025-03-01", "06:00", "12:00", "18:00", "2025-03-02");
        assertThat(labels("2025-03-01T00:00:00Z", "2025-03-02T00:00:00Z", Lang.FR))
                .containsExactly("1 mars 2025", "6 h 00", "12 h 00", "18 h 00", "2 mars 2025");
    }

    @Test
    @DisplayName("a start inside the hour: the first tick is the next round hour")
    void startInsideTheHour() {
        assertThat(labels("2025-03-01T10:30:00Z", "2025-03-01T15:00:00Z", Lang.EN))
                .containsExactly("11:00", "12:00", "13:00", "14:00", "15:00");
    }

    @Test
    @DisplayName("two months: every 14 days from the first midnight; a year: quarters; five years: years")
    void longerSpans() {
        assertThat(labels("2025-03-01T00:00:00Z", "2025-05-01T00:00:00Z", Lang.EN))
                .containsExactly("2025-03-01", "2025-03-15", "2025-03-29", "2025-04-12", "2025-04-26");
        assertThat(labels("2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z", Lang.EN))
                .containsExactly("2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01", "2026-01-01");
        assertThat(labels("2025-01-01T00:00:00Z", "2029-12-31T00:00:00Z", Lang.EN))
                .containsExactly("2025-01-01", "2026-01-01", "2027-01-01", "2028-01-01", "2029-01-01");
    }
}
