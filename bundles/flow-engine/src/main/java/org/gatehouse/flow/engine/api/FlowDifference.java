package org.gatehouse.flow.engine.api;

import java.util.Objects;
import java.util.Optional;

/**
 * One thing replacing the flows document in force would change ({@link FlowService#differences}):
 * an aspect of a part of the document, its value before and after. A value only {@code before} was
 * taken away, one only {@code after} is added, both: it changes.
 *
 * <p>Parts are {@code settings}, {@code authenticator <name>}, {@code authorizer <name>}, {@code
 * message types} (their classification order), {@code message type <name>} and {@code flow
 * <name>}; aspects name what of the part, in the document's words: {@code flow}, {@code match},
 * {@code credentials}, {@code bladelet}, {@code param <name>}, {@code steps}, {@code step 2 param
 * <name>}, {@code step-timeout}... An aspect that can hold several values at once (the matches of a
 * message type, which are OR-ed) is one difference per value added or taken away.
 *
 * <p>A parameter its bladelet declares secret (or whose bladelet cannot be told now) is {@code
 * secret}: {@code before} and {@code after} then hold {@link #SECRET} rather than the value, and
 * say only whether there was one; the difference itself says it changed.
 *
 * @param part   the part of the document, such as {@code message type api}
 * @param aspect what of it, such as {@code match}
 * @param before the value in force, when there is one
 * @param after  the value it would have, when there is one
 * @param secret whether the values are withheld
 */
public record FlowDifference(String part, String aspect, Optional<String> before, Optional<String> after, boolean secret) {
    /** What a secret value is shown as. */
    public static final String SECRET = "(secret, not shown)";

    public FlowDifference {
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(aspect, "aspect");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        if (before.isEmpty() && after.isEmpty()) {
            throw new IllegalArgumentException(part + " " + aspect + ": a difference has a value before, after, or both");
        }
    }
}
