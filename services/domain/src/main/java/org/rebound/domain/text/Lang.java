package org.rebound.domain.text;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The languages Rebound speaks: every message, table, report and page exists in each of them.
 * English is the fallback when nothing asks for French.
 */
public enum Lang {
    EN(Locale.ENGLISH),
    FR(Locale.FRANCE);

    private final Locale locale;

    Lang(Locale locale) {
        this.locale = locale;
    }

    /** The locale for numbers, dates and resource bundles. */
    public Locale locale() {
        return locale;
    }

    /** The two-letter code: "en", "fr" (also the value of {@code --lang} and of {@code <html lang>}). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "fr", "FR", "fr_FR.UTF-8", "fr-CA" → FR; empty when the text names no language we speak. */
    public static Optional<Lang> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String code = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(l -> code.equals(l.code())
                        || code.startsWith(l.code() + "_")
                        || code.startsWith(l.code() + "-")
                        || code.startsWith(l.code() + "."))
                .findFirst();
    }

    /** The codes {@code --lang} accepts, for help texts and error messages: "en, fr". */
    public static String codes() {
        return String.join(", ", Arrays.stream(values()).map(Lang::code).toList());
    }

    /**
     * The language of a POSIX environment, as {@code gettext} reads it: LC_ALL, then LC_MESSAGES,
     * then LANG; English when none names a language we speak ("C", "POSIX", unset).
     */
    public static Lang fromEnvironment(Map<String, String> environment) {
        for (String variable : List.of("LC_ALL", "LC_MESSAGES", "LANG")) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return parse(value).orElse(EN);
            }
        }
        return EN;
    }

    /** The language of this process's environment. */
    public static Lang fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * The language a browser prefers, from its {@code Accept-Language} header ("fr-FR,fr;q=0.9,en;q=0.8"),
     * weights respected; English when the header is missing, malformed or names neither language.
     */
    public static Lang fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return EN;
        }
        try {
            List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(header);
            for (Locale.LanguageRange range : ranges) {
                if (range.getWeight() <= 0) {
                    continue;
                }
                Optional<Lang> lang = parse(range.getRange());
                if (lang.isPresent()) {
                    return lang.get();
                }
            }
        } catch (IllegalArgumentException malformed) {
            return EN;
        }
        return EN;
    }
}
