package org.rebound.cli;

/** Input a person gave that cannot be used (a bad option value, an unwritable file): exit 2 with this message. */
public final class InvalidInputException extends Exception {

    public InvalidInputException(String message) {
        super(message);
    }

    /** {@code run} as given to {@code --run} (null when not given), or this exception saying what a run id may be. */
    static String checkedRun(String run) throws InvalidInputException {
        java.util.Optional<String> problem = org.rebound.kafka.RunIds.problem(run);
        if (problem.isPresent()) {
            throw new InvalidInputException("--run: " + problem.get());
        }
        return run;
    }
}
