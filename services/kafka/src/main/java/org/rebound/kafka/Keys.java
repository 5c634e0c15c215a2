package org.rebound.kafka;

/** Record keys: a run, and a member of a run (a data centre or a kind) joined by '/'. */
public final class Keys {

    private static final char SEPARATOR = '/';

    private Keys() {
    }

    public static String member(String run, String member) {
        return run + SEPARATOR + member;
    }

    public static String runOf(String key) {
        int at = key.indexOf(SEPARATOR);
        return at < 0 ? key : key.substring(0, at);
    }
}
