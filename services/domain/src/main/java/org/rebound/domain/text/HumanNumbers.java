package org.rebound.domain.text;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Numbers and dates for people, in one language: three significant figures, the locale's
 * separators ({@code 12,300} / {@code 12 300}, {@code 2.70} / {@code 2,70}), words for millions and
 * beyond ("2.84 million", « 2,84 millions », « 1,3 billion » is 10¹² in French, never "trillion"),
 * a true minus sign. Every method returns plain text.
 */
public final class HumanNumbers {

    /** U+202F, the narrow no-break space French puts between thousands and before % and units. */
    public static final String NARROW_NBSP = "\u202F";

    private static final MathContext THREE = new MathContext(3, RoundingMode.HALF_EVEN);
    private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";
    private static final String MINUS = "\u2212";
    private static final String[] EN_WORDS = {"million", "billion", "trillion", "quadrillion"};
    private static final String[] FR_WORDS = {"million", "milliard", "billion", "billiard"};

    private static final HumanNumbers ENGLISH = new HumanNumbers(Lang.EN);
    private static final HumanNumbers FRENCH = new HumanNumbers(Lang.FR);

    private final Lang lang;
    private final DecimalFormatSymbols symbols;
    private final DateTimeFormatter date;
    private final DateTimeFormatter dateTime;

    private HumanNumbers(Lang lang) {
        this.lang = lang;
        this.symbols = DecimalFormatSymbols.getInstance(lang.locale());
        if (lang == Lang.FR) {
            symbols.setGroupingSeparator('\u202F');
            symbols.setDecimalSeparator(',');
        } else {
            symbols.setGroupingSeparator(',');
            symbols.setDecimalSeparator('.');
        }
        this.date = DateTimeFormatter.ofPattern("d MMM yyyy", lang.locale()).withZone(ZoneOffset.UTC);
        this.dateTime = DateTimeFormatter.ofPattern(
                        lang == Lang.FR ? "d MMM yyyy, HH' h 'mm" : "d MMM yyyy, HH:mm", lang.locale())
                .withZone(ZoneOffset.UTC);
    }

    public static HumanNumbers of(Lang lang) {
        return lang == Lang.FR ? FRENCH : ENGLISH;
    }

    public Lang lang() {
        return lang;
    }

    /** 3 significant figures: 0.430, 2.70, 526, 12,300, 2.84 million, 4.59 × 10⁻⁵; "–" if not finite. */
    public String sig3(double value) {
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
        String[] words = lang == Lang.FR ? FR_WORDS : EN_WORDS;
        for (int i = words.length - 1; i >= 0; i--) {
            int power = 6 + 3 * i;
            if (rounded.compareTo(BigDecimal.TEN.pow(power)) >= 0) {
                if (i == words.length - 1 && rounded.compareTo(BigDecimal.TEN.pow(power + 3)) >= 0) {
                    return sign + scientific(rounded);
                }
                // movePointLeft keeps the significant zeros: "2.10 billion", not "2.1 billion"
                BigDecimal mantissa = rounded.movePointLeft(power);
                String word = words[i];
                if (lang == Lang.FR && mantissa.compareTo(BigDecimal.valueOf(2)) >= 0) {
                    word = word + "s"; // 1,50 million, 2,00 millions
                }
                return sign + decimal(mantissa) + " " + word;
            }
        }
        throw new AssertionError(value);
    }

    /** A low – high range, the scale word said once when both ends share it: "1.25 – 72.1 million". */
    public String range(double low, double high) {
        String from = sig3(low);
        String to = sig3(high);
        String[] words = lang == Lang.FR ? FR_WORDS : EN_WORDS;
        for (String word : words) {
            for (String suffix : new String[] {" " + word + "s", " " + word}) {
                if (from.endsWith(suffix) && (to.endsWith(" " + word) || to.endsWith(" " + word + "s"))) {
                    from = from.substring(0, from.length() - suffix.length());
                }
            }
        }
        return from + " – " + to;
    }

    /** A count, exactly, with the locale's thousands separators: 1,000,095 / 1 000 095. */
    public String count(long value) {
        DecimalFormat format = new DecimalFormat("#,##0", symbols);
        return (value < 0 ? MINUS : "") + format.format(Math.abs(value));
    }

    /** A fraction as a percentage with 3 significant figures: 5.26 → "526 %", 0.0199 → "1.99 %" / « 1,99 % ». */
    public String percent(double fraction) {
        return sig3(100 * fraction) + (lang == Lang.FR ? NARROW_NBSP : " ") + "%";
    }

    /** An axis tick: as few digits as it needs, thousands separated (0, 2.5, 1,000). */
    public String tick(double value) {
        if (value == 0) {
            return "0";
        }
        BigDecimal exact = new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros();
        return (value < 0 ? MINUS : "") + grouped(exact.abs());
    }

    /** A number and its unit, with the space the language puts between them: "0.24 Wh", « 0,24 Wh ». */
    public String withUnit(String number, String unit) {
        return number + (lang == Lang.FR ? "\u00A0" : " ") + unit;
    }

    /** A day: "1 Dec 2025", « 1 déc. 2025 » (UTC, the simulated clock's zone). */
    public String date(Instant instant) {
        return date.format(instant);
    }

    /** A day and time: "1 Dec 2025, 14:30", « 1 déc. 2025, 14 h 30 » (UTC). */
    public String dateTime(Instant instant) {
        return dateTime.format(instant);
    }

    private String decimal(BigDecimal abs) {
        return abs.toPlainString().replace('.', symbols.getDecimalSeparator());
    }

    private String grouped(BigDecimal abs) {
        if (abs.compareTo(BigDecimal.valueOf(1000)) < 0) {
            return decimal(abs);
        }
        DecimalFormat format = new DecimalFormat("#,##0.###", symbols);
        return format.format(abs);
    }

    private String scientific(BigDecimal abs) {
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
        return decimal(mantissa) + " × 10" + power;
    }
}
