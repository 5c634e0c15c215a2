package org.rebound.domain.scenario;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rebound.domain.text.HumanNumbers;
import org.rebound.domain.text.Lang;
import org.rebound.domain.text.Messages;

/**
 * What is wrong with a scenario, kept as a sentence of the bundle
 * {@code org.rebound.domain.scenario.problems} ({@code problems_fr} in French) and its named values,
 * so that one problem can be told in every language. A value is shown as it is (what the file says,
 * a key name, an instant), unless it is itself a {@code ProblemText} (told in the same language) or
 * a {@link #number(double) number Rebound computed or states}, written the language's way.
 *
 * <p>{@code key} is null for a {@link #literal(String) literal}: a text from elsewhere (a library's
 * message), the same in every language.
 */
public record ProblemText(String key, Map<String, Object> values) {

    static final String BUNDLE = "org.rebound.domain.scenario.problems";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)}");
    private static final String LITERAL = "text";

    public ProblemText {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The sentence {@code key} with its values: {@code say("key.missing", "key", "tick")}. */
    static ProblemText say(String key, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs: " + key);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new ProblemText(key, values);
    }

    /** A text the same in every language (e.g. a message of the YAML parser). */
    public static ProblemText literal(String text) {
        return new ProblemText(null, Map.of(LITERAL, text));
    }

    /**
     * A number Rebound states or computes (a limit, a sum, a mean), not one quoted from the file:
     * {@code 1.0E12} and {@code 0.95} in English as the messages always said, « 1 000 000 000 000 »
     * and « 0,95 » in French.
     */
    static Prose number(double value) {
        return new Prose(value);
    }

    /** A number told in each language ({@link #number(double)}). */
    public record Prose(double value) {
        String in(Lang lang) {
            if (lang == Lang.EN) {
                return Double.toString(value);
            }
            DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(lang.locale());
            symbols.setGroupingSeparator(HumanNumbers.NARROW_NBSP.charAt(0));
            symbols.setDecimalSeparator(',');
            symbols.setMinusSign('\u2212');
            return new DecimalFormat("#,##0.####################", symbols).format(value);
        }

        @Override
        public String toString() {
            return in(Lang.EN);
        }
    }

    /** The sentence in {@code lang}, every placeholder filled (once: a value's own "${…}" is left as it is). */
    public String render(Lang lang) {
        if (key == null) {
            return String.valueOf(values.get(LITERAL));
        }
        String pattern = Messages.of(BUNDLE, lang, ProblemText.class).text(key);
        Matcher m = PLACEHOLDER.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException(
                        key + " (" + lang.code() + "): no value for ${" + name + "}, given " + values.keySet());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(show(values.get(name), lang)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String show(Object value, Lang lang) {
        if (value instanceof ProblemText text) {
            return text.render(lang);
        }
        if (value instanceof Prose number) {
            return number.in(lang);
        }
        return String.valueOf(value);
    }

    @Override
    public String toString() {
        return render(Lang.EN);
    }
}
