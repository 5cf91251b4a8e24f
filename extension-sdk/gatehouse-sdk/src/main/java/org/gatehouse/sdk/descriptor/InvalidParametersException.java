package org.gatehouse.sdk.descriptor;

import java.util.List;

/**
 * The parameters a flow gives a bladelet do not fit its descriptor's attribute domain. Carries
 * every problem, each naming the bladelet and the parameter, such as
 * {@code bladelet 'deny' parameter 'status': 'x' is not an int}.
 */
public final class InvalidParametersException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidParametersException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, in the order of the descriptor's parameters. */
    public List<String> problems() {
        return problems;
    }
}
