package org.rebound.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * Numbers for people: three significant figures, thousands separators, words for millions and
 * beyond (a class reads "2.84 million kWh" more easily than "2.84M" or "2.84E6"), a true minus sign.
 * Every method returns plain text (no markup); callers escape it like any other text.
 */
final class Numbers {

    private static final MathContext THREE = new MathContext(3, RoundingMode.HALF_EVEN);
    private static final String[] WORDS = {"million", "billion", "trillion", "quadrillion"};
    private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";
    private static final String MINUS = "\u2212";

    private Numbers() {}

    /** 3 significant figures: 0.430, 2.70, 526, 12,300, 2.84 million, 4.59 × 10⁻⁵; "–" if not finite. */
    static String sig3(double value) {
        if (!Double.isFinite(value)) {
            return "–";
        }
        if (value == 0) {
            return "0";
        }
        String sign = value < 0 ? MINUS : "";
        BigDecimal rounded = new BigDecimal(Math.abs(value)).round(THREE);
        if (rounded.precision() < 3) {
            rounded = rounded.setScale(rounded.scale() + 3 - rounded.precision()); // 5 -> 5.00, 0.5 -> 0.500
        }
        double abs = rounded.doubleValue();
        if (abs < 1e-3) {
            return sign + scientific(rounded);
        }
        if (abs < 1e6) {
            return sign + grouped(rounded);
        }
        for (int i = WORDS.length - 1; i >= 0; i--) {
            int power = 6 + 3 * i;
            if (rounded.compareTo(BigDecimal.TEN.pow(power)) >= 0) {
                if (i == WORDS.length - 1 && rounded.compareTo(BigDecimal.TEN.pow(power + 3)) >= 0) {
                    return sign + scientific(rounded);
                }
                // movePointLeft keeps the significant zeros: "2.10 billion", not "2.1 billion"
                return sign + rounded.movePointLeft(power).toPlainString() + " " + WORDS[i];
            }
        }
        throw new AssertionError(value);
    }

    /** A low – high range, the scale word said once when both ends share it: "1.25 – 72.1 million", "494,000 – 29.5 million". */
    static String range(double low, double high) {
        String from = sig3(low);
        String to = sig3(high);
        for (String word : WORDS) {
            String suffix = " " + word;
            if (from.endsWith(suffix) && to.endsWith(suffix)) {
                from = from.substring(0, from.length() - suffix.length());
            }
        }
        return from + " – " + to;
    }

    /** A count, exactly, with thousands separators: 1,000,095. */
    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value).replace("-", MINUS);
    }

    /** A fraction as a percentage with 3 significant figures: 5.26 → "526 %", 0.0199 → "1.99 %". */
    static String percent(double fraction) {
        return sig3(100 * fraction) + " %";
    }

    /** An axis tick: as few digits as it needs, thousands separated (0, 2.5, 1,000). */
    static String tick(double value) {
        if (value == 0) {
            return "0";
        }
        BigDecimal exact = new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros();
        return (value < 0 ? MINUS : "") + grouped(exact.abs());
    }

    /** Seconds for a run's wall time: 13.8 s. */
    static String seconds(double value) {
        return sig3(value) + " s";
    }

    private static String grouped(BigDecimal abs) {
        if (abs.compareTo(BigDecimal.valueOf(1000)) < 0) {
            return abs.toPlainString();
        }
        DecimalFormat format = new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return format.format(abs);
    }

    private static String scientific(BigDecimal abs) {
        int exponent = abs.precision() - abs.scale() - 1;
        BigDecimal mantissa = abs.movePointLeft(exponent).round(THREE);
        StringBuilder power = new StringBuilder();
        String digits = Integer.toString(Math.abs(exponent));
        if (exponent < 0) {
            power.append('⁻');
        }
        for (char c : digits.toCharArray()) {
            power.append(SUPERSCRIPTS.charAt(c - '0'));
        }
        return mantissa.toPlainString() + " × 10" + power;
    }
}
