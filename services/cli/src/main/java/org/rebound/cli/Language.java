package org.rebound.cli;

import org.rebound.domain.text.Lang;
import org.rebound.domain.text.Messages;

/**
 * The language of this command: {@code --lang} when given, else the environment's (LC_ALL,
 * LC_MESSAGES, LANG), else English. One per process, like the locale of any command-line tool.
 */
final class Language {

    private static volatile Lang current = Lang.fromEnvironment();

    private Language() {}

    static Lang current() {
        return current;
    }

    static void set(Lang lang) {
        current = lang;
    }

    /** The command line's sentences in the current language. */
    static Messages messages() {
        return Messages.of("org.rebound.cli.messages", current, Language.class);
    }
}
