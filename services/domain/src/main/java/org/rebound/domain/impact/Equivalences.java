package org.rebound.domain.impact;

import java.util.List;
import java.util.Objects;
import org.rebound.domain.Range;

/**
 * Totals restated as everyday quantities for lay readers (impact-data.md §8). Each reference
 * value is one number, as the table gives it; the uncertainty of an equivalence is that of the
 * total it restates (dividing by a positive constant keeps low ≤ central ≤ high).
 *
 * <p>These are illustrations, not a life-cycle comparison: a flight's footprint includes its
 * non-CO₂ effects, a smartphone's is its manufacture, and energy is compared at the plug.
 */
public final class Equivalences {

    /** Paris–New York return flight, one passenger, with non-CO₂ effects: 1.77 tCO₂e (§8, ADEME Impact CO₂ via ecologits-calculator constants, V). */
    public static final double PARIS_NEW_YORK_RETURN_FLIGHT_KG_CO2E = 1_770;
    /** Average French person's carbon footprint per year: 9.2 tCO₂e (§8, SDES 2022, S). */
    public static final double FRENCH_PERSON_FOOTPRINT_KG_CO2E_PER_YEAR = 9_200;
    /** Mean number of persons in a French household: 2.2 (§8, INSEE, S). */
    public static final double FRENCH_HOUSEHOLD_PERSONS = 2.2;
    /**
     * Average French household's carbon footprint per year: 2.2 persons × 9.2 tCO₂e = 20.24 tCO₂e (§8, D from
     * INSEE and SDES). Not the seed's 8.0 t ("10,113 t = 1,264 households"): that is less than one person's footprint.
     */
    public static final double FRENCH_HOUSEHOLD_KG_CO2E_PER_YEAR =
            FRENCH_HOUSEHOLD_PERSONS * FRENCH_PERSON_FOOTPRINT_KG_CO2E_PER_YEAR;
    /** One smartphone manufactured: 60 kgCO₂e (§8, Apple product environmental reports, 55–80 kg, S). */
    public static final double SMARTPHONE_MANUFACTURED_KG_CO2E = 60;
    /** Petrol car: 142 gCO₂e per km (§8, ecologits-calculator constants, V). */
    public static final double PETROL_CAR_G_CO2E_PER_KM = 142;
    /** Small bottle of water: 0.5 L (§8, seed). */
    public static final double SMALL_BOTTLE_L = 0.5;
    /**
     * Domestic water per French person per year: 54 m³ = 54,000 L, 148 L a day (§8, eaufrance / OFB 2021, S). It is
     * all the tap water of a home (washing, toilets, cooking, drinking), not drinking water, which is a few litres a day.
     */
    public static final double FRENCH_PERSON_DOMESTIC_WATER_L_PER_YEAR = 54_000;
    /** US household electricity per month: 893 kWh (§8, EIA 2020, S). */
    public static final double US_HOUSEHOLD_ELECTRICITY_KWH_PER_MONTH = 893;
    /** One full smartphone charge: 12 Wh (§8, Luccioni 2024, S). */
    public static final double SMARTPHONE_CHARGE_WH = 12;

    private static final double G_PER_KG = 1000;
    private static final double WH_PER_KWH = 1000;

    /**
     * One equivalence: {@code amount} units of what {@code unitPhrase} describes.
     *
     * @param label      a short stable key (kebab-case), for tables and JSON
     * @param amount     how many units, with the total's low / central / high
     * @param unitPhrase what one unit is, in plain words, to follow the amount in a sentence
     * @param source     the impact-data.md row of the reference value
     */
    public record Equivalence(String label, Range amount, String unitPhrase, String source) {}

    private Equivalences() {}

    /**
     * The unit phrase of the equivalence {@code id} in {@code lang} ("smartphone-charges" → « recharges
     * complètes de smartphone »), from equivalences.properties; the English phrase when the id is unknown.
     */
    public static String unitPhrase(String id, String english, org.rebound.domain.text.Lang lang) {
        org.rebound.domain.text.Messages phrases =
                org.rebound.domain.text.Messages.of("org.rebound.domain.impact.equivalences", lang, Equivalences.class);
        return phrases.has(id) ? phrases.text(id) : english;
    }

    /** Every equivalence of {@link #of(Range, Range, Range)} for a set of impacts (total CO₂e, total water, facility energy). */
    public static List<Equivalence> of(Impacts impacts) {
        return of(impacts.co2eKg(), impacts.waterL(), impacts.facilityEnergyKwh());
    }

    /**
     * The totals restated, CO₂e first, then water, then energy.
     *
     * @param co2eKg            total CO₂e (operational + embodied), kg
     * @param waterL            total water consumed (on-site + off-site; manufacturing water is not counted), litres
     * @param facilityEnergyKwh facility energy, kWh
     */
    public static List<Equivalence> of(Range co2eKg, Range waterL, Range facilityEnergyKwh) {
        Objects.requireNonNull(co2eKg, "co2eKg");
        Objects.requireNonNull(waterL, "waterL");
        Objects.requireNonNull(facilityEnergyKwh, "facilityEnergyKwh");
        return List.of(
                new Equivalence(
                        "paris-new-york-flights",
                        co2eKg.times(1 / PARIS_NEW_YORK_RETURN_FLIGHT_KG_CO2E),
                        "Paris–New York return flights (one passenger)",
                        "impact-data.md §8: 1.77 tCO2e per passenger with non-CO2 effects, ADEME Impact CO2 via ecologits-calculator constants (V)"),
                new Equivalence(
                        "french-person-footprint-years",
                        co2eKg.times(1 / FRENCH_PERSON_FOOTPRINT_KG_CO2E_PER_YEAR),
                        "years of an average French person's carbon footprint",
                        "impact-data.md §8: 9.2 tCO2e per person per year, SDES 2022 (S)"),
                new Equivalence(
                        "french-household-years",
                        co2eKg.times(1 / FRENCH_HOUSEHOLD_KG_CO2E_PER_YEAR),
                        "years of an average French household's carbon footprint (2.2 persons)",
                        "impact-data.md §8: ≈20 tCO2e per household per year, 2.2 persons (INSEE, S) × 9.2 t (SDES 2022, S)"),
                new Equivalence(
                        "smartphones-manufactured",
                        co2eKg.times(1 / SMARTPHONE_MANUFACTURED_KG_CO2E),
                        "smartphones manufactured",
                        "impact-data.md §8: 60 kgCO2e per smartphone, Apple product environmental reports 55–80 kg (S)"),
                new Equivalence(
                        "petrol-car-km",
                        co2eKg.times(G_PER_KG / PETROL_CAR_G_CO2E_PER_KM),
                        "km driven in a petrol car",
                        "impact-data.md §8: 142 gCO2e per km, ecologits-calculator constants (V)"),
                new Equivalence(
                        "water-bottles",
                        waterL.times(1 / SMALL_BOTTLE_L),
                        "500 mL bottles of water",
                        "impact-data.md §8: small bottle 0.5 L (seed)"),
                new Equivalence(
                        "french-person-domestic-water-years",
                        waterL.times(1 / FRENCH_PERSON_DOMESTIC_WATER_L_PER_YEAR),
                        "years of a French person's domestic water use (148 L a day, all uses at home)",
                        "impact-data.md §8: 54 m3 per person per year, eaufrance / OFB 2021 (S)"),
                new Equivalence(
                        "us-household-electricity-months",
                        facilityEnergyKwh.times(1 / US_HOUSEHOLD_ELECTRICITY_KWH_PER_MONTH),
                        "months of a US household's electricity",
                        "impact-data.md §8: 893 kWh per household per month, EIA 2020 (S)"),
                new Equivalence(
                        "smartphone-charges",
                        facilityEnergyKwh.times(WH_PER_KWH / SMARTPHONE_CHARGE_WH),
                        "full smartphone charges",
                        "impact-data.md §8: 12 Wh per full charge, Luccioni 2024 (S)"));
    }
}
