package org.rebound.domain.impact;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits the change of facility energy per day between two periods into four effects by additive
 * LMDI-I (logarithmic mean Divisia index; Ang 2004, Ang &amp; Liu 2007), over the cells of a run
 * (one kind at one data centre), with per day
 * E_cell = Q · s_cell · R_cell · I_cell:
 * <ul>
 *   <li>Q, activity: the counterfactual (exogenous) requests per day, all cells together — growth, profiles;</li>
 *   <li>s, mix: the cell's share of them — the mix of kinds and the split between data centres;</li>
 *   <li>R, rebound: the cell's requests / its counterfactual requests — the demand induced by efficiency;</li>
 *   <li>I, intensity: the cell's facility Wh per request — energy factors, PUE.</li>
 * </ul>
 * Each effect is Σ_cells L(E_T, E_0) · ln(X_T / X_0), L(a, b) = (a − b) / (ln a − ln b), and the
 * four add up to Σ (E_T − E_0), the change of the total, with no residual.
 *
 * <p>Zero values (a cell that exists in one period only, a period without requests): the logarithm
 * is undefined, and Ang &amp; Liu (2007) show that as the vanishing value tends to zero, the whole
 * change of that cell, E_T − E_0, goes to the effect of the factor that vanishes, the others'
 * terms tending to zero. That limit is used directly: the whole change of such a cell goes to
 * activity when one period has no counterfactual requests at all, else to mix when the cell has
 * none in one period (its share is zero), else to rebound (no realised requests), else to
 * intensity (requests that used no energy). The sum stays exact.
 */
public final class ChangeDecomposition {

    /** One kind at one data centre during a period (central values over the whole period). */
    public record Cell(
            String kind, String datacentre, double requests, double counterfactualRequests, double facilityKwh) {}

    /** The four effects, kWh per day; {@link #total()} is the change they decompose. */
    public record Effects(double activity, double mix, double intensity, double rebound) {
        public double total() {
            return activity + mix + intensity + rebound;
        }
    }

    private ChangeDecomposition() {}

    /**
     * The change from the first period {@code from} (lasting {@code fromDays}) to {@code to}
     * (lasting {@code toDays}), per day.
     */
    public static Effects of(List<Cell> from, double fromDays, List<Cell> to, double toDays) {
        Map<String, Cell[]> cells = new HashMap<>();
        for (Cell cell : from) {
            cells.computeIfAbsent(cell.kind() + '\u0000' + cell.datacentre(), k -> new Cell[2])[0] = cell;
        }
        for (Cell cell : to) {
            cells.computeIfAbsent(cell.kind() + '\u0000' + cell.datacentre(), k -> new Cell[2])[1] = cell;
        }
        double q0 = from.stream().mapToDouble(Cell::counterfactualRequests).sum() / fromDays;
        double q1 = to.stream().mapToDouble(Cell::counterfactualRequests).sum() / toDays;
        double activity = 0;
        double mix = 0;
        double intensity = 0;
        double rebound = 0;
        for (Cell[] pair : cells.values()) {
            PerDay a = PerDay.of(pair[0], fromDays);
            PerDay b = PerDay.of(pair[1], toDays);
            double change = b.kwh - a.kwh;
            if (a.complete() && b.complete()) {
                double weight = logarithmicMean(b.kwh, a.kwh);
                activity += weight * Math.log(q1 / q0);
                mix += weight * Math.log((b.cf / q1) / (a.cf / q0));
                rebound += weight * Math.log((b.requests / b.cf) / (a.requests / a.cf));
                intensity += weight * Math.log((b.kwh / b.requests) / (a.kwh / a.requests));
            } else if (change == 0) {
                continue;
            } else if (!(q0 > 0) || !(q1 > 0)) {
                activity += change;
            } else if (!(a.cf > 0) || !(b.cf > 0)) {
                mix += change;
            } else if (!(a.requests > 0) || !(b.requests > 0)) {
                rebound += change;
            } else {
                intensity += change;
            }
        }
        return new Effects(activity, mix, intensity, rebound);
    }

    /** L(a, b) = (a − b) / (ln a − ln b), and a when a = b (its limit), for a, b &gt; 0. */
    static double logarithmicMean(double a, double b) {
        if (Math.abs(a - b) <= 1e-12 * Math.max(a, b)) {
            return (a + b) / 2; // the limit, without dividing rounding by rounding
        }
        return (a - b) / Math.log(a / b);
    }

    /** A cell's figures per day (zeros for a cell absent from the period). */
    private record PerDay(double requests, double cf, double kwh) {
        static PerDay of(Cell cell, double days) {
            return cell == null
                    ? new PerDay(0, 0, 0)
                    : new PerDay(
                            cell.requests() / days, cell.counterfactualRequests() / days, cell.facilityKwh() / days);
        }

        boolean complete() {
            return requests > 0 && cf > 0 && kwh > 0;
        }
    }
}
