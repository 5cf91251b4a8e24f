package org.gatehouse.extension.qualification.internal.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses an OSGi manifest header (OSGi Core 8, 3.2.4): clauses separated by commas, each clause
 * one or more paths, then attributes {@code a=v} and directives {@code d:=v}, separated by
 * semicolons; values may be quoted, and quoted values may contain commas and semicolons.
 */
final class ManifestHeader {
    /**
     * One clause of a header.
     *
     * @param paths the names before the first parameter (package names, symbolic names)
     * @param attributes {@code name=value} parameters
     * @param directives {@code name:=value} parameters
     */
    record Clause(List<String> paths, Map<String, String> attributes, Map<String, String> directives) {
        Clause {
            paths = List.copyOf(paths);
            attributes = Map.copyOf(attributes);
            directives = Map.copyOf(directives);
        }
    }

    private ManifestHeader() {
    }

    /** The clauses of {@code value}; an absent or blank header has none. */
    static List<Clause> parse(String header, String value) throws MalformedHeaderException {
        List<Clause> clauses = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return clauses;
        }
        for (String clause : split(header, value, ',')) {
            clauses.add(parseClause(header, clause));
        }
        return clauses;
    }

    private static Clause parseClause(String header, String clause) throws MalformedHeaderException {
        List<String> paths = new ArrayList<>();
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, String> directives = new LinkedHashMap<>();
        for (String part : split(header, clause, ';')) {
            String trimmed = part.trim();
            int directive = trimmed.indexOf(":=");
            int attribute = trimmed.indexOf('=');
            if (directive > 0 && directive + 1 == attribute) {
                directives.put(trimmed.substring(0, directive).trim(), unquote(trimmed.substring(directive + 2).trim()));
            } else if (attribute > 0) {
                attributes.put(trimmed.substring(0, attribute).trim(), unquote(trimmed.substring(attribute + 1).trim()));
            } else if (!attributes.isEmpty() || !directives.isEmpty()) {
                throw new MalformedHeaderException(header + ": path [" + trimmed + "] after a parameter in clause [" + clause.trim() + "]");
            } else if (trimmed.isEmpty()) {
                throw new MalformedHeaderException(header + ": empty name in clause [" + clause.trim() + "]");
            } else {
                paths.add(trimmed);
            }
        }
        if (paths.isEmpty()) {
            throw new MalformedHeaderException(header + ": clause [" + clause.trim() + "] names nothing");
        }
        return new Clause(paths, attributes, directives);
    }

    /** Splits on {@code separator} outside double quotes. */
    private static List<String> split(String header, String value, char separator) throws MalformedHeaderException {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < value.length()) {
                current.append(c);
                c = value.charAt(++i);
            } else if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        if (quoted) {
            throw new MalformedHeaderException(header + ": unterminated quote in [" + value + "]");
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return value;
    }

    /** A header that does not follow the OSGi syntax. */
    static final class MalformedHeaderException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedHeaderException(String message) {
            super(message);
        }
    }
}
