package org.rebound.domain.text;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.text.StringSubstitutor;

/**
 * The sentences of one part of Rebound in one language, from a resource bundle
 * ({@code base.properties} in English, {@code base_fr.properties} in French, UTF-8).
 *
 * <p>Placeholders are named, {@code ${requests}}, not MessageFormat's {@code {0}}: French text is
 * full of apostrophes, which MessageFormat would take for quotes. Callers format numbers and dates
 * themselves (with {@link HumanNumbers}) and pass text.
 */
public final class Messages {

    /** No fallback to the JVM's default locale: English is the base bundle, French its child. */
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final ResourceBundle bundle;
    private final Lang lang;

    private Messages(ResourceBundle bundle, Lang lang) {
        this.bundle = bundle;
        this.lang = lang;
    }

    /** The bundle {@code baseName} (e.g. "org.rebound.cli.messages") in {@code lang}, from {@code owner}'s class loader. */
    public static Messages of(String baseName, Lang lang, Class<?> owner) {
        Locale locale = lang == Lang.EN ? Locale.ROOT : new Locale(lang.code());
        return new Messages(ResourceBundle.getBundle(baseName, locale, owner.getClassLoader(), NO_FALLBACK), lang);
    }

    public Lang lang() {
        return lang;
    }

    /**
     * The sentence {@code key} with its placeholders filled from {@code namesAndValues}
     * ("requests", "1 234", "kind", "texte"…). A missing key or placeholder is a bug: it throws.
     */
    public String text(String key, Object... namesAndValues) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalArgumentException(
                    "no message '" + key + "' in " + bundle.getBaseBundleName() + " (" + lang.code() + ")", e);
        }
        if (namesAndValues.length == 0) {
            return pattern;
        }
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs: " + key);
        }
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put(String.valueOf(namesAndValues[i]), namesAndValues[i + 1]);
        }
        StringSubstitutor substitutor = new StringSubstitutor(values);
        substitutor.setEnableUndefinedVariableException(true);
        substitutor.setDisableSubstitutionInValues(true); // a title "Costs ${x}" is text, not a placeholder
        try {
            return substitutor.replace(pattern);
        } catch (IllegalArgumentException undefined) {
            throw new IllegalArgumentException(key + ": " + undefined.getMessage(), undefined);
        }
    }

    /** Whether the bundle has {@code key} (for optional texts, such as a preset's translated note). */
    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    /** Every key of the bundle in this language (its own and its parent's). */
    public Set<String> keys() {
        return Collections.unmodifiableSet(new TreeSet<>(bundle.keySet()));
    }

    /** Every key, with its sentence: for a page that needs the whole bundle as JSON. */
    public Map<String, String> all() {
        Map<String, String> all = new java.util.TreeMap<>();
        bundle.keySet().forEach(k -> all.put(k, bundle.getString(k)));
        return all;
    }

    /**
     * The keys defined in one language's own file and not in the other's: empty when the two files
     * of {@code baseName} say the same things. For each module's "every key in both languages" test.
     */
    public static Map<Lang, Set<String>> missingKeys(String baseName, Class<?> owner) {
        Map<Lang, Set<String>> own = new java.util.EnumMap<>(Lang.class);
        for (Lang lang : Lang.values()) {
            String file = baseName.replace('.', '/') + (lang == Lang.EN ? "" : "_" + lang.code()) + ".properties";
            java.util.Properties properties = new java.util.Properties();
            try (var in = owner.getClassLoader().getResourceAsStream(file)) {
                if (in == null) {
                    throw new IllegalArgumentException("no resource " + file);
                }
                properties.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            own.put(lang, properties.stringPropertyNames());
        }
        Map<Lang, Set<String>> missing = new java.util.EnumMap<>(Lang.class);
        for (Lang lang : Lang.values()) {
            Set<String> absent = new TreeSet<>();
            own.values().forEach(absent::addAll);
            absent.removeAll(own.get(lang));
            missing.put(lang, absent);
        }
        return missing;
    }
}
