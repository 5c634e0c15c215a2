package org.rebound.domain.scenario;

import org.rebound.domain.text.Lang;

/**
 * One thing wrong with a scenario, said for a person: where (file, line, key path) and what was
 * expected versus found. {@code line} is 1-based, 0 when unknown. The message exists in every
 * language ({@link #message(Lang)}); {@link #message()} and {@link #toString()} are English.
 */
public record Problem(String file, int line, String path, ProblemText text) {

    /** A problem whose message is the same in every language (a text from elsewhere). */
    public Problem(String file, int line, String path, String message) {
        this(file, line, path, ProblemText.literal(message));
    }

    /** What is wrong, in English. */
    public String message() {
        return message(Lang.EN);
    }

    /** What is wrong, in {@code lang}. */
    public String message(Lang lang) {
        return text.render(lang);
    }

    /** {@code FILE:LINE: key.path: message}, in English. */
    @Override
    public String toString() {
        return toString(Lang.EN);
    }

    /**
     * {@code FILE:LINE: key.path: message} with the message in {@code lang}; the location is the
     * same in every language (no French space before its colons), so tools that read
     * {@code FILE:LINE:} read it in any language.
     */
    public String toString(Lang lang) {
        StringBuilder shown = new StringBuilder(file);
        if (line > 0) {
            shown.append(':').append(line);
        }
        shown.append(": ");
        if (path != null && !path.isEmpty()) {
            shown.append(path).append(": ");
        }
        return shown.append(message(lang)).toString();
    }
}
