package org.rebound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import org.rebound.report.results.ImpactQuantity;
import org.rebound.report.results.Results;
import org.rebound.report.results.RunResults;
import org.rebound.report.results.RunResults.Cell;
import org.rebound.report.results.RunResults.Period;

/**
 * Two summaries side by side (A and B), computed from what each read back from the aggregate
 * topics: totals with difference and ratio, and the period table of both. When B is A's
 * declared baseline (the same world without its efficiency gains), each period also gets the
 * rebound effect measured against the baseline: E_nr = Σ over kind × data-centre cells of B's
 * requests × A's facility energy per request (the baseline's demand at A's efficiency), the
 * saving expected is E_B − E_nr, the saving realised E_B − E_A, and RE = 1 − realised / expected
 * = (E_A − E_nr) / (E_B − E_nr) (impact-data.md §7). Growth that happens in both worlds cancels
 * out: what remains is the demand that the efficiency gains themselves brought. Cell by cell,
 * because induced demand also moves A's mix (towards the kinds that got cheapest): an expected
 * saving from A's average energy per request would count that shift as efficiency. Summaries
 * without cells (written before they existed) fall back to averages: E_nr = E_B × e_A / e_B.
 * This is the run's in-stream rebound effect measured a second, independent way: B's own
 * requests (its own random draws) stand for the counterfactual.
 */
final class Comparison {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The totals a comparison pairs: the sums among the declared quantities (facility energy, CO₂e, water). */
    static final List<ImpactQuantity> QUANTITIES =
            java.util.Arrays.stream(ImpactQuantity.values()).filter(q -> q.sum).toList();

    private Comparison() {}

    /** The comparison object of the summary: titles, B's whole summary, totals and periods side by side. */
    static ObjectNode of(ObjectNode a, ObjectNode b, String titleA, String titleB, boolean bIsBaseline) {
        RunResults ra = Results.read(a);
        RunResults rb = Results.read(b);
        ObjectNode node = JSON.createObjectNode();
        node.put("a", ra.run().id());
        node.put("b", rb.run().id());
        node.put("a_title", titleA);
        node.put("b_title", titleB);
        node.put("b_is_baseline_of_a", bIsBaseline);
        ObjectNode totals = node.putObject("totals");
        totals.set("requests", pair(ra.requests(), rb.requests()));
        for (ImpactQuantity quantity : QUANTITIES) {
            totals.set(
                    quantity.field,
                    pair(
                            ra.totals().get(quantity).central(),
                            rb.totals().get(quantity).central()));
        }
        totals.set(
                "sci_gco2e_per_request",
                pair(ra.sciGco2ePerRequest().central(), rb.sciGco2ePerRequest().central()));
        ArrayNode periods = node.putArray("periods");
        List<Period> pa = ra.periods();
        List<Period> pb = rb.periods();
        for (int i = 0; i < Math.min(pa.size(), pb.size()); i++) {
            Period x = pa.get(i);
            Period y = pb.get(i);
            ObjectNode row = periods.addObject();
            row.put("start", x.start());
            row.set("requests_per_day", pair(x.requestsPerDay(), y.requestsPerDay()));
            row.set(
                    "wh_per_request",
                    pair(x.whPerRequest().central(), y.whPerRequest().central()));
            double ea = x.perDay().facilityEnergyKwh().central();
            double eb = y.perDay().facilityEnergyKwh().central();
            row.set("energy_kwh_per_day", pair(ea, eb));
            if (bIsBaseline) {
                Double re = reboundVersusBaseline(x, y);
                if (re == null) {
                    row.putNull("rebound_effect_vs_baseline");
                } else {
                    row.put("rebound_effect_vs_baseline", re);
                }
                row.put("backfire", re != null && re > 1);
            }
        }
        node.set("b_summary", b);
        return node;
    }

    /**
     * RE of A against its baseline B in one period (rows of their summaries' period tables); null
     * when the saving expected is under 1 % of B's energy (no efficiency gain to compare with;
     * see ReboundEffect.UNCHANGED).
     */
    static Double reboundVersusBaseline(Period periodA, Period periodB) {
        double energyA = periodA.impacts().facilityEnergyKwh().central();
        double energyB = periodB.impacts().facilityEnergyKwh().central();
        List<Cell> cellsA = periodA.cells() == null ? List.of() : periodA.cells();
        List<Cell> cellsB = periodB.cells() == null ? List.of() : periodB.cells();
        double noRebound;
        if (!cellsA.isEmpty() && !cellsB.isEmpty()) {
            java.util.Map<String, Double> whA = new java.util.HashMap<>();
            for (Cell cell : cellsA) {
                if (cell.requests() > 0) {
                    whA.put(cell.kind() + '/' + cell.datacentre(), cell.facilityEnergyKwh() / cell.requests());
                }
            }
            noRebound = 0;
            for (Cell cell : cellsB) {
                Double kwhPerRequest = whA.get(cell.kind() + '/' + cell.datacentre());
                // a cell A never served has no efficiency of its own: the baseline's energy stands
                noRebound += kwhPerRequest == null ? cell.facilityEnergyKwh() : cell.requests() * kwhPerRequest;
            }
        } else {
            double whPerRequestA = periodA.whPerRequest().central();
            double whPerRequestB = periodB.whPerRequest().central();
            if (whPerRequestB <= 0) {
                return null;
            }
            noRebound = energyB * whPerRequestA / whPerRequestB;
        }
        double expected = energyB - noRebound;
        if (energyB <= 0 || expected <= org.rebound.domain.impact.ReboundEffect.UNCHANGED * energyB) {
            return null;
        }
        return (energyA - noRebound) / expected;
    }

    private static ObjectNode pair(double a, double b) {
        ObjectNode node = JSON.createObjectNode().put("a", a).put("b", b).put("difference", a - b);
        if (b != 0) {
            node.put("ratio", a / b);
        } else {
            node.putNull("ratio");
        }
        return node;
    }

    /** The comparison as a terminal table, in the command's language. */
    static void print(PrintWriter out, JsonNode comparison) {
        print(out, comparison, Language.current());
    }

    static void print(PrintWriter out, JsonNode comparison, org.rebound.domain.text.Lang lang) {
        org.rebound.domain.text.Messages text =
                org.rebound.domain.text.Messages.of("org.rebound.cli.messages", lang, Comparison.class);
        String titleA = comparison.path("a_title").asText();
        String titleB = comparison.path("b_title").asText();
        out.println();
        boolean baseline = comparison.path("b_is_baseline_of_a").asBoolean();
        String heading = text.text(baseline ? "compare.against" : "compare.beside");
        out.printf("%s  A = %s%n%s  B = %s%n", heading, titleA, " ".repeat(heading.length()), titleB);
        out.printf("%-26s %14s %14s %14s %9s%n", "", "A", "B", "A − B", "A / B");
        JsonNode totals = comparison.path("totals");
        row(out, text.text("console.col.requests"), totals.path("requests"), lang);
        row(out, text.text("console.col.energy"), totals.path("facility_energy_kwh"), lang);
        row(out, text.text("console.col.co2e"), totals.path("co2e_kg"), lang);
        row(out, text.text("console.col.water"), totals.path("water_l"), lang);
        row(out, text.text("compare.sci"), totals.path("sci_gco2e_per_request"), lang);
        out.println();
        out.printf(
                "%-17s %11s %11s %10s %10s %13s %13s%s%n",
                text.text("console.periods.from"),
                text.text("compare.reqday", "run", "A"),
                text.text("compare.reqday", "run", "B"),
                "Wh/req A",
                "Wh/req B",
                text.text("compare.kwhday", "run", "A"),
                text.text("compare.kwhday", "run", "B"),
                baseline ? "   " + text.text("compare.re") : "");
        for (JsonNode row : comparison.path("periods")) {
            String re = "";
            if (baseline) {
                JsonNode value = row.path("rebound_effect_vs_baseline");
                re = value.isNull()
                        ? "   -"
                        : String.format(java.util.Locale.ROOT, "   %.0f %%", 100 * value.asDouble())
                                + (row.path("backfire").asBoolean() ? text.text("console.backfire.short") : "");
            }
            out.printf(
                    "%-17s %11s %11s %10s %10s %13s %13s%s%n",
                    row.path("start").asText().replace('T', ' ').substring(0, 16),
                    Console.compact(row.path("requests_per_day").path("a").asDouble(), lang),
                    Console.compact(row.path("requests_per_day").path("b").asDouble(), lang),
                    Console.compact(row.path("wh_per_request").path("a").asDouble(), lang),
                    Console.compact(row.path("wh_per_request").path("b").asDouble(), lang),
                    Console.compact(row.path("energy_kwh_per_day").path("a").asDouble(), lang),
                    Console.compact(row.path("energy_kwh_per_day").path("b").asDouble(), lang),
                    re);
        }
        if (baseline) {
            out.println(text.text("compare.re.note1"));
            out.println(text.text("compare.re.note2"));
        }
        out.flush();
    }

    private static void row(PrintWriter out, String label, JsonNode pair, org.rebound.domain.text.Lang lang) {
        JsonNode ratio = pair.path("ratio");
        out.printf(
                "%-26s %14s %14s %14s %9s%n",
                label,
                Console.compact(pair.path("a").asDouble(), lang),
                Console.compact(pair.path("b").asDouble(), lang),
                (pair.path("difference").asDouble() > 0 ? "+" : "")
                        + Console.compact(pair.path("difference").asDouble(), lang),
                ratio.isNull()
                        ? "-"
                        : String.format(java.util.Locale.ROOT, "%.2f×", ratio.asDouble())
                                .replace('.', lang == org.rebound.domain.text.Lang.FR ? ',' : '.'));
    }
}
