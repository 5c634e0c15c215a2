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
            // RunIds says it in English; the command says it in its language
            throw new InvalidInputException(Language.messages().text("option.run", "run", run));
        }
        return run;
    }

    /** "OPTION: what is wrong" for a value the domain could not read (--set, --speed), in the command's language. */
    static InvalidInputException of(String option, IllegalArgumentException e) {
        return new InvalidInputException(Language.messages()
                .text(
                        "option.problem",
                        "option",
                        option,
                        "problem",
                        org.rebound.domain.scenario.ValueSyntaxException.message(e, Language.current())));
    }
}
