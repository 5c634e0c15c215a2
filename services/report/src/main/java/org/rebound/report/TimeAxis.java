package org.rebound.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The ticks of a simulated-time axis (UTC): round instants (hours, days, month starts) about evenly
 * spread, few enough that their labels do not touch on a 370-pixel axis. A tick at midnight is
 * labelled with its date, any other with its time of day.
 */
final class TimeAxis {

    /** One tick: its instant and its label. */
    record Tick(long atMs, String label) {}

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    /** Steps under a month, in hours; then steps in months. */
    private static final long[] HOURS = {1, 2, 3, 6, 12, 24, 48, 7 * 24, 14 * 24};

    private static final int[] MONTHS = {1, 2, 3, 6, 12, 24, 60, 120};

    private TimeAxis() {}

    /** The ticks in [from, to], at most {@code max} of them (at least the first round instant). */
    static List<Tick> ticks(long fromMs, long toMs, int max, ReportText text) {
        for (long hours : HOURS) {
            long step = hours * HOUR;
            // steps within a day at round hours (00:00, 06:00, 12:00…); steps of days from the first midnight
            long align = Math.min(step, DAY);
            long first = Math.floorDiv(fromMs + align - 1, align) * align;
            if (first + step * (long) (max - 1) >= toMs) {
                List<Tick> ticks = new ArrayList<>();
                for (long at = first; at <= toMs; at += step) {
                    ticks.add(new Tick(at, label(at, text)));
                }
                return ticks;
            }
        }
        ZonedDateTime from = Instant.ofEpochMilli(fromMs).atZone(ZoneOffset.UTC);
        ZonedDateTime firstMonth = from.withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC);
        if (firstMonth.toInstant().toEpochMilli() < fromMs) {
            firstMonth = firstMonth.plusMonths(1);
        }
        for (int months : MONTHS) {
            // month starts divisible by the step (January, April, July, October for 3 months)
            ZonedDateTime first = firstMonth;
            while ((first.getYear() * 12 + first.getMonthValue() - 1) % months != 0) {
                first = first.plusMonths(1);
            }
            List<Tick> ticks = new ArrayList<>();
            for (ZonedDateTime at = first; at.toInstant().toEpochMilli() <= toMs; at = at.plusMonths(months)) {
                ticks.add(new Tick(
                        at.toInstant().toEpochMilli(), label(at.toInstant().toEpochMilli(), text)));
            }
            if (ticks.size() <= max) {
                return ticks;
            }
        }
        return List.of(new Tick(fromMs, label(fromMs, text)));
    }

    private static String label(long atMs, ReportText text) {
        Instant at = Instant.ofEpochMilli(atMs);
        return atMs % DAY == 0 ? text.date(at.toString()) : text.timeOfDay(at);
    }
}
