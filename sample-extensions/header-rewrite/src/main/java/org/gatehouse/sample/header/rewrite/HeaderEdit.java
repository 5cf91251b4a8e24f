package org.gatehouse.sample.header.rewrite;

import java.util.List;
import org.gatehouse.sdk.message.Headers;
import org.gatehouse.sdk.message.MessageChanges;

/**
 * The header changes of one message, with the headers as they stand after each change, so that a
 * later rule (a rename) sees what an earlier one (a removal) did. Not thread-safe: one per message.
 */
final class HeaderEdit {
    private final MessageChanges.Builder changes = MessageChanges.builder();
    private Headers current;
    private boolean empty = true;

    HeaderEdit(Headers received) {
        this.current = received;
    }

    /** Removes every field of that name, if there is one. */
    void remove(String name) {
        if (current.contains(name)) {
            changes.removeHeader(name);
            current = current.without(name);
            empty = false;
        }
    }

    /** Moves every field of {@code from} to {@code to}, in order, replacing fields {@code to} had. */
    void rename(String from, String to) {
        List<String> values = current.all(from);
        if (values.isEmpty()) {
            return;
        }
        remove(from);
        remove(to);
        for (String value : values) {
            changes.addHeader(to, value);
            current = current.plus(to, value);
        }
    }

    /** Replaces every field of that name by one with the value. */
    void set(String name, String value) {
        changes.setHeader(name, value);
        current = current.with(name, value);
        empty = false;
    }

    boolean isEmpty() {
        return empty;
    }

    MessageChanges changes() {
        return changes.build();
    }
}
