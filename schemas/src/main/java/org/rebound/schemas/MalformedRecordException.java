package org.rebound.schemas;

/** Bytes that are not a valid record of the expected type: the caller dead-letters them, never drops them silently. */
public final class MalformedRecordException extends RuntimeException {

    public MalformedRecordException(String message) {
        super(message);
    }

    public MalformedRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
