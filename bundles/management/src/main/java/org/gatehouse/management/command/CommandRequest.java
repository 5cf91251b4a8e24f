package org.gatehouse.management.command;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A change as a front end parsed it: its type, its target (an extension's symbolic name, the
 * uploaded file name, {@code flows}) and its parameters (sorted by name). Uploaded content is a
 * parameter by its SHA-256, never by its bytes, so the {@link #canonicalForm()} of a request
 * names exactly what will be applied.
 */
public record CommandRequest(CommandType type, String target, SortedMap<String, String> parameters) {

    public CommandRequest {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
        parameters = Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
    }

    public static CommandRequest of(CommandType type, String target, Map<String, String> parameters) {
        return new CommandRequest(type, target, new TreeMap<>(parameters));
    }

    /**
     * The one human-readable rendering (docs/management.md "Commands"): the type's sentence with the target in
     * brackets, then one {@code name: value} line per parameter in name order. A function of the
     * request alone: the same request always gives the same text.
     */
    public String canonicalForm() {
        StringBuilder text = new StringBuilder(type.sentence()).append(" [").append(target).append("]");
        parameters.forEach((name, value) -> text.append("\n  ").append(name).append(": ").append(value));
        return text.toString();
    }
}
