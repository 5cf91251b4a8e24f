package org.gatehouse.auth.rule;

/** A rule that does not parse or does not type-check; the message starts with {@code rule [1:col]}. */
public final class RuleSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    RuleSyntaxException(int column, String problem) {
        super("rule [1:" + column + "]: " + problem);
    }
}
