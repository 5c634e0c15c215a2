package org.rebound.kafka;

/** A run asked for by id (or "the latest") that the cluster does not know: a sentence for the person who asked. */
public final class NoSuchRunException extends Exception {

    private final String run;
    private final String address;

    /** {@code run} (null: the latest run) is not on the cluster at {@code address}. */
    public NoSuchRunException(String run, String address) {
        super(run == null ? "no run has been started on " + address : "no run '" + run + "' on " + address);
        this.run = run;
        this.address = address;
    }

    /** The run asked for, or null when the latest run was. */
    public String run() {
        return run;
    }

    /** The cluster's bootstrap servers. */
    public String address() {
        return address;
    }
}
