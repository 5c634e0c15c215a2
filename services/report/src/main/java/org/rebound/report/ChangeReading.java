package org.rebound.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import org.rebound.report.results.Results;
import org.rebound.report.results.RunResults.Decomposition;
import org.rebound.report.results.RunResults.Period;

/**
 * One sentence that reads the decomposition of a run's change (summary {@code periods[k].decomposition}):
 * from the first period to the last, what growth, the mix, efficiency and the rebound did to the
 * facility energy per day. Shared by the console, the report and the dashboard.
 */
public final class ChangeReading {

    private ChangeReading() {}

    /**
     * The sentence for the last period of a summary's period table, or empty when it has no
     * decomposition (a single period, or a first period without requests).
     */
    public static String of(JsonNode periods) {
        return of(Results.periods(periods));
    }

    /** The sentence for the last period of a typed period table (see {@link #of(JsonNode)}). */
    public static String of(List<Period> periods) {
        if (periods.size() < 2) {
            return "";
        }
        Period first = periods.get(0);
        Period last = periods.get(periods.size() - 1);
        Decomposition d = last.decomposition();
        if (d == null) {
            return "";
        }
        return of(
                date(first.start()),
                date(last.start()),
                first.perDay().facilityEnergyKwh().central(),
                last.perDay().facilityEnergyKwh().central(),
                d.activity(),
                d.mix(),
                d.intensity(),
                d.rebound());
    }

    /** The sentence from its numbers (kWh per day, central). */
    public static String of(
            String fromLabel,
            String toLabel,
            double fromKwhPerDay,
            double toKwhPerDay,
            double activity,
            double mix,
            double intensity,
            double rebound) {
        return String.format(
                Locale.ROOT,
                "From the period starting %s to the one starting %s, facility energy went from %s to %s a day (%s): "
                        + "growth in demand %s, the shift of the mix %s, efficiency %s, and the demand that efficiency itself brought "
                        + "(the rebound) %s.",
                fromLabel,
                toLabel,
                energy(fromKwhPerDay),
                energy(toKwhPerDay),
                signed(toKwhPerDay - fromKwhPerDay),
                effect(activity, fromKwhPerDay),
                effect(mix, fromKwhPerDay),
                effect(intensity, fromKwhPerDay),
                effect(rebound, fromKwhPerDay));
    }

    /** "added 2.62 GWh", "took away 10.0 GWh", or "changed nothing" for an effect that is zero up to rounding. */
    private static String effect(double kwhPerDay, double scale) {
        if (Math.abs(kwhPerDay) <= 1e-9 * Math.abs(scale)) {
            return "changed nothing";
        }
        return (kwhPerDay >= 0 ? "added " : "took away ") + energy(Math.abs(kwhPerDay));
    }

    private static String signed(double kwhPerDay) {
        return (kwhPerDay >= 0 ? "+" : "\u2212") + energy(Math.abs(kwhPerDay));
    }

    /** kWh with a unit prefix that keeps three significant figures short: 2.84 GWh, 950 kWh. */
    public static String energy(double kwh) {
        String[] units = {"kWh", "MWh", "GWh", "TWh", "PWh"};
        double value = kwh;
        int i = 0;
        while (Math.abs(value) >= 999.5 && i < units.length - 1) {
            value /= 1000;
            i++;
        }
        double abs = Math.abs(value);
        String digits = abs >= 99.95 ? "%.0f" : abs >= 9.995 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, digits, value) + " " + units[i];
    }

    private static String date(String instant) {
        return instant.length() >= 10 ? instant.substring(0, 10) : instant;
    }
}
