package org.gatehouse.sdk.message;

/**
 * One change to the headers of the message, as asked by a step. Applied in order by
 * {@link MessageChanges#applyTo(Headers)}.
 */
public sealed interface HeaderChange {
    /** The header the change is about. */
    String name();

    /** Applies this change to the given headers. */
    Headers applyTo(Headers headers);

    /** Replaces every field of that name by one field with the value. */
    record Set(String name, String value) implements HeaderChange {
        public Set {
            new Header(name, value); // validates name and value now, where the step can see the mistake
        }

        @Override
        public Headers applyTo(Headers headers) {
            return headers.with(name, value);
        }
    }

    /** Appends one more field with that name. */
    record Add(String name, String value) implements HeaderChange {
        public Add {
            new Header(name, value);
        }

        @Override
        public Headers applyTo(Headers headers) {
            return headers.plus(name, value);
        }
    }

    /** Removes every field of that name. */
    record Remove(String name) implements HeaderChange {
        public Remove {
            Header.requireToken(name);
        }

        @Override
        public Headers applyTo(Headers headers) {
            return headers.without(name);
        }
    }
}
