package org.gatehouse.management.command;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * A change prepared when it is submitted and run only once a person confirmed it
 * (docs/management.md "Commands"). It holds what the request brought (an uploaded bundle is kept
 * in the command book's staging folder until then).
 *
 * @param <T> what running it produces
 */
public interface PreparedChange<T> {

    /**
     * What the change will do, worked out now against the element as it is (a qualification
     * verdict and merged permissions, grants added and revoked, message types that change), and
     * the modification count of each object that result depends on. Changes nothing. Throws when
     * the change cannot be made as things stand; the command is then aborted with that reason.
     */
    Preview preview() throws Exception;

    /** Makes the change: all or nothing, as every operation behind a command is. */
    CommandBook.Outcome<T> apply() throws Exception;

    /** Lets go of what the change holds (a staged upload) once it ran, was cancelled or expired. */
    default void discard() {
    }

    /** A change of three parts: its preview, what applies it, and what lets go of what it holds. */
    static <T> PreparedChange<T> of(Callable<Preview> preview, Callable<CommandBook.Outcome<T>> apply, Runnable discard) {
        return new PreparedChange<>() {
            @Override
            public Preview preview() throws Exception {
                return preview.call();
            }

            @Override
            public CommandBook.Outcome<T> apply() throws Exception {
                return apply.call();
            }

            @Override
            public void discard() {
                discard.run();
            }
        };
    }

    /** Lines saying what the change will do, and the counts of the objects they were worked out from. */
    record Preview(List<String> lines, SortedMap<String, Long> basis) {
        public Preview {
            lines = List.copyOf(lines);
            basis = new TreeMap<>(Objects.requireNonNull(basis, "basis"));
        }

        public static Preview of(List<String> lines, Map<String, Long> basis) {
            return new Preview(lines, new TreeMap<>(basis));
        }
    }
}
