package org.rebound.domain.impact;

import java.time.LocalDate;
import org.rebound.domain.scenario.Cooling;
import org.rebound.domain.scenario.Weather;

/**
 * Outdoor temperature over simulated time and what it does to cooling (docs/impact-model.md,
 * "Weather and cooling"): a pure function of the instant, like the grid's daily profile, so every
 * tick is valued at its own instant whatever order its records come in.
 *
 * <p>The temperature at an instant is the monthly mean interpolated linearly between the middles
 * of the months (the normals are monthly means), plus {@code amplitude × cos(2π (h − 15) / 24)}
 * at local hour {@code h} (warmest at 15:00, coolest at 03:00), plus the anomaly. The cooling's
 * extra PUE and WUE follow {@code max(0, T − above)}; over a tick they are averaged hour by hour
 * (the cooling answers each hour's temperature, not the tick's mean: a day at 28 °C on average
 * spends its afternoon well above a 30 °C threshold).
 */
public final class Climate {

    private static final long HOUR_MS = GridClock.HOUR_MS;
    private static final long DAY_MS = GridClock.DAY_MS;
    /** The hour of the day's warmest temperature, local time. */
    static final double WARMEST_HOUR = 15;

    private Climate() {}

    /**
     * Over a tick: the mean outdoor temperature and the mean excess over the cooling's threshold
     * (0 without cooling), °C.
     */
    public record Tick(double meanC, double excessC) {}

    /** The temperature at an instant, °C. */
    public static double temperatureC(Weather weather, double utcOffsetHours, long epochMs) {
        long local = epochMs + Math.round(utcOffsetHours * HOUR_MS);
        double hour = Math.floorMod(local, DAY_MS) / (double) HOUR_MS;
        double daily = weather.dailyAmplitudeC() * Math.cos(2 * Math.PI * (hour - WARMEST_HOUR) / 24);
        return monthlyMeanC(weather, local) + daily + weather.anomalyC();
    }

    /**
     * The tick [start, start + lengthMs) sampled hour by hour (at the middle of each of
     * ⌈length / 1 h⌉ equal parts): its mean temperature and its mean excess over
     * {@code cooling.aboveC()} (0 when {@code cooling} is null).
     */
    public static Tick over(Weather weather, Cooling cooling, double utcOffsetHours, long startMs, long lengthMs) {
        if (lengthMs <= 0) {
            throw new IllegalArgumentException("interval length must be positive, found " + lengthMs + " ms");
        }
        long parts = Math.max(1, (lengthMs + HOUR_MS - 1) / HOUR_MS);
        double step = lengthMs / (double) parts;
        double sum = 0;
        double excess = 0;
        for (long i = 0; i < parts; i++) {
            double t = temperatureC(weather, utcOffsetHours, startMs + Math.round(step * (i + 0.5)));
            sum += t;
            if (cooling != null) {
                excess += Math.max(0, t - cooling.aboveC());
            }
        }
        return new Tick(sum / parts, excess / parts);
    }

    /**
     * The monthly means interpolated linearly between the middles of the months, at a local
     * instant (ms since the epoch, shifted by the region's offset); December and January join
     * across the new year.
     */
    static double monthlyMeanC(Weather weather, long localMs) {
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(localMs, DAY_MS));
        LocalDate month = day.withDayOfMonth(1);
        double middle = middleMs(month);
        LocalDate other = localMs < middle ? month.minusMonths(1) : month.plusMonths(1);
        double otherMiddle = middleMs(other);
        double from = localMs < middle ? otherMiddle : middle;
        double to = localMs < middle ? middle : otherMiddle;
        double a = weather.monthlyMeanC((localMs < middle ? other : month).getMonthValue());
        double b = weather.monthlyMeanC((localMs < middle ? month : other).getMonthValue());
        return a + (b - a) * (localMs - from) / (to - from);
    }

    /** The middle of a month (its first day given), local ms. */
    private static double middleMs(LocalDate firstDay) {
        long start = firstDay.toEpochDay() * DAY_MS;
        return start + firstDay.lengthOfMonth() * DAY_MS / 2.0;
    }
}
