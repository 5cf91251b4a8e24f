package org.gatehouse.sdk.message;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable, ordered list of header fields with case-insensitive, multi-valued look-up
 * (RFC 9110 section 5). The order of fields is kept because it matters for some fields
 * (section 5.3) and for faithful forwarding.
 *
 * <pre>{@code
 * Headers headers = Headers.of("Accept", "text/html", "Accept", "application/json");
 * headers.all("accept");   // [text/html, application/json]
 * }</pre>
 */
public final class Headers implements Iterable<Header> {
    private static final Headers EMPTY = new Headers(List.of());

    private final List<Header> fields;

    private Headers(List<Header> fields) {
        this.fields = List.copyOf(fields);
    }

    /** No headers at all. */
    public static Headers empty() {
        return EMPTY;
    }

    /** Headers from the given fields, in order. */
    public static Headers of(List<Header> fields) {
        return fields.isEmpty() ? EMPTY : new Headers(fields);
    }

    /** Headers from alternating names and values: {@code of("Host", "a", "Accept", "text/html")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Headers.of needs name, value pairs; got " + namesAndValues.length + " strings");
        }
        List<Header> list = new ArrayList<>(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            list.add(new Header(namesAndValues[i], namesAndValues[i + 1]));
        }
        return of(list);
    }

    /** The first value of the named header, if present. */
    public Optional<String> first(String name) {
        for (Header h : fields) {
            if (h.hasName(name)) {
                return Optional.of(h.value());
            }
        }
        return Optional.empty();
    }

    /** Every value of the named header, in order; empty when absent. */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>(2);
        for (Header h : fields) {
            if (h.hasName(name)) {
                values.add(h.value());
            }
        }
        return List.copyOf(values);
    }

    /** True when at least one field has the name. */
    public boolean contains(String name) {
        return first(name).isPresent();
    }

    /** The distinct names, lower-cased, in order of first appearance. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (Header h : fields) {
            names.add(h.name().toLowerCase(Locale.ROOT));
        }
        return java.util.Collections.unmodifiableSet(names);
    }

    /** All fields in order. */
    public List<Header> fields() {
        return fields;
    }

    /** Number of fields (not of distinct names). */
    public int size() {
        return fields.size();
    }

    /** A copy with every field of that name removed and one field {@code name: value} appended. */
    public Headers with(String name, String value) {
        List<Header> list = new ArrayList<>(without(name).fields);
        list.add(new Header(name, value));
        return new Headers(list);
    }

    /** A copy with one more field {@code name: value} appended. */
    public Headers plus(String name, String value) {
        List<Header> list = new ArrayList<>(fields);
        list.add(new Header(name, value));
        return new Headers(list);
    }

    /** A copy without any field of that name. */
    public Headers without(String name) {
        List<Header> list = new ArrayList<>(fields.size());
        for (Header h : fields) {
            if (!h.hasName(name)) {
                list.add(h);
            }
        }
        return list.size() == fields.size() ? this : of(list);
    }

    @Override
    public Iterator<Header> iterator() {
        return fields.iterator();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Headers h && fields.equals(h.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
