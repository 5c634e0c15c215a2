package org.rebound.cli;

/** Input a person gave that cannot be used (a bad option value, an unwritable file): exit 2 with this message. */
public final class InvalidInputException extends Exception {

    public InvalidInputException(String message) {
        super(message);
    }
}
