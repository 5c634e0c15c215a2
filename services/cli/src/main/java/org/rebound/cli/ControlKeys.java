package org.rebound.cli;

import java.util.regex.Pattern;

/** What a facilitator's key given on the command line (`--control-key`) may be. */
final class ControlKeys {

    static final String FORM = "12 to 128 characters among A-Z a-z 0-9 _ -";

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_-]{12,128}");

    private ControlKeys() {}

    /** Null (a fresh key) or a key of the allowed form; otherwise exit 2 with what is expected. */
    static void check(String key) throws InvalidInputException {
        if (key != null && !ALLOWED.matcher(key).matches()) {
            org.rebound.domain.text.Messages text = Language.messages();
            throw new InvalidInputException(text.text(
                    "option.controlkey",
                    "count",
                    key.length(),
                    "others",
                    key.length() >= 12 ? text.text("option.controlkey.others") : ""));
        }
    }
}
