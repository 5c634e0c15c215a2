package org.rebound.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.rebound.domain.text.Lang;
import org.rebound.report.results.Results;
import org.rebound.report.results.RunResults.Decomposition;
import org.rebound.report.results.RunResults.Period;

/**
 * One sentence that reads the decomposition of a run's change (summary {@code periods[k].decomposition}):
 * from the first period to the last, what growth, the mix, efficiency and the rebound did to the
 * facility energy per day. Shared by the console, the report and the dashboard; in English unless
 * a language is given.
 */
public final class ChangeReading {

    private ChangeReading() {}

    /**
     * The sentence for the last period of a summary's period table, or empty when it has no
     * decomposition (a single period, or a first period without requests).
     */
    public static String of(JsonNode periods) {
        return of(Results.periods(periods), Lang.EN);
    }

    /** The sentence for the last period of a typed period table (see {@link #of(JsonNode)}). */
    public static String of(List<Period> periods) {
        return of(periods, Lang.EN);
    }

    /** The sentence in {@code lang} for the last period of a typed period table (see {@link #of(JsonNode)}). */
    public static String of(List<Period> periods, Lang lang) {
        if (periods.size() < 2) {
            return "";
        }
        Period first = periods.get(0);
        Period last = periods.get(periods.size() - 1);
        Decomposition d = last.decomposition();
        if (d == null) {
            return "";
        }
        ReportText text = ReportText.of(lang);
        return of(
                text.date(day(first.start())),
                text.date(day(last.start())),
                first.perDay().facilityEnergyKwh().central(),
                last.perDay().facilityEnergyKwh().central(),
                d.activity(),
                d.mix(),
                d.intensity(),
                d.rebound(),
                lang);
    }

    /** The sentence from its numbers (kWh per day, central), in English. */
    public static String of(
            String fromLabel,
            String toLabel,
            double fromKwhPerDay,
            double toKwhPerDay,
            double activity,
            double mix,
            double intensity,
            double rebound) {
        return of(fromLabel, toLabel, fromKwhPerDay, toKwhPerDay, activity, mix, intensity, rebound, Lang.EN);
    }

    /** The sentence from its numbers (kWh per day, central), in {@code lang}. */
    public static String of(
            String fromLabel,
            String toLabel,
            double fromKwhPerDay,
            double toKwhPerDay,
            double activity,
            double mix,
            double intensity,
            double rebound,
            Lang lang) {
        ReportText text = ReportText.of(lang);
        return text.t(
                "change.reading",
                "from",
                fromLabel,
                "to",
                toLabel,
                "fromEnergy",
                energy(fromKwhPerDay, lang),
                "toEnergy",
                energy(toKwhPerDay, lang),
                "change",
                signed(toKwhPerDay - fromKwhPerDay, lang),
                "growth",
                effect(activity, fromKwhPerDay, text),
                "mix",
                effect(mix, fromKwhPerDay, text),
                "efficiency",
                effect(intensity, fromKwhPerDay, text),
                "rebound",
                effect(rebound, fromKwhPerDay, text));
    }

    /** "added 2.62 GWh", "took away 10.0 GWh", or "changed nothing" for an effect that is zero up to rounding. */
    private static String effect(double kwhPerDay, double scale, ReportText text) {
        if (Math.abs(kwhPerDay) <= 1e-9 * Math.abs(scale)) {
            return text.t("change.nothing");
        }
        return text.t(
                kwhPerDay >= 0 ? "change.added" : "change.tookAway", "energy", energy(Math.abs(kwhPerDay), text.lang));
    }

    private static String signed(double kwhPerDay, Lang lang) {
        return (kwhPerDay >= 0 ? "+" : "\u2212") + energy(Math.abs(kwhPerDay), lang);
    }

    /** kWh with a unit prefix that keeps three significant figures short: 2.84 GWh, 950 kWh. */
    public static String energy(double kwh) {
        return energy(kwh, Lang.EN);
    }

    /** {@link #energy(double)} in {@code lang}: « 2,84 GWh ». */
    public static String energy(double kwh, Lang lang) {
        String[] units = {"kWh", "MWh", "GWh", "TWh", "PWh"};
        double value = kwh;
        int i = 0;
        while (Math.abs(value) >= 999.5 && i < units.length - 1) {
            value /= 1000;
            i++;
        }
        double abs = Math.abs(value);
        String digits = abs >= 99.95 ? "%.0f" : abs >= 9.995 ? "%.1f" : "%.2f";
        // the locale's own formatter: a decimal comma in French
        return ReportText.of(lang).withUnit(String.format(lang.locale(), digits, value), units[i]);
    }

    /** The midnight of an instant's day: the sentence names days, not times. */
    private static String day(String instant) {
        try {
            return java.time.LocalDate.parse(instant.substring(0, Math.min(10, instant.length()))) + "T00:00:00Z";
        } catch (java.time.format.DateTimeParseException e) {
            return instant;
        }
    }
}
