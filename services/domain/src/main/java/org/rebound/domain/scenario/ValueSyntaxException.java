package org.rebound.domain.scenario;

import org.rebound.domain.text.Lang;

/**
 * A value given on the command line in place of the scenario file's ({@code --set KEY.PATH=VALUE},
 * {@code --speed S}) that cannot even be read. {@link #getMessage()} is the English sentence, as it
 * always was; {@link #message(Lang)} tells the same {@link ProblemText} in another language.
 */
public final class ValueSyntaxException extends IllegalArgumentException {

    private final transient ProblemText problem;

    ValueSyntaxException(ProblemText problem) {
        super(problem.render(Lang.EN));
        this.problem = problem;
    }

    public ProblemText problem() {
        return problem;
    }

    /** The sentence in {@code lang} (English: {@link #getMessage()}). */
    public String message(Lang lang) {
        return problem.render(lang);
    }

    /** What {@code e} says in {@code lang}: translated when it is a {@code ValueSyntaxException}, else its message. */
    public static String message(IllegalArgumentException e, Lang lang) {
        return e instanceof ValueSyntaxException syntax ? syntax.message(lang) : e.getMessage();
    }
}
