package org.gatehouse.channels.policy;

import java.util.List;
import java.util.Objects;

/**
 * A path pattern of an HTTP command (docs/channels.md "Channel policy"), matched segment by
 * segment against a path in normal form ({@link NormalPath}):
 *
 * <ul>
 *   <li>a literal segment matches that segment exactly, case included;</li>
 *   <li>{@code *} matches exactly one non-empty segment;</li>
 *   <li>{@code **}, only as the last segment, matches no segment or any number of them, so
 *       {@code /api/**} matches {@code /api}, {@code /api/} and everything below;</li>
 *   <li>{@code /} alone matches only {@code /}.</li>
 * </ul>
 *
 * <p>Patterns are written in normal form too: no {@code .} or {@code ..}, no empty segment, no
 * {@code *} inside a segment ({@code a*}), no query. A path that is not in normal form matches no
 * pattern.
 */
public final class PathPattern {
    private static final String ONE = "*";
    private static final String ANY = "**";

    private final String text;
    private final List<String> segments;

    private PathPattern(String text, List<String> segments) {
        this.text = text;
        this.segments = segments;
    }

    /** Reads a pattern; an {@link IllegalArgumentException} names it and what is wrong. */
    public static PathPattern parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.equals("/")) {
            return new PathPattern(text, List.of());
        }
        if (!text.startsWith("/")) {
            throw bad(text, "it does not start with '/'");
        }
        List<String> segments = List.of(text.substring(1).split("/", -1));
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (segment.equals(ANY) && i < segments.size() - 1) {
                throw bad(text, "'**' may only be the last segment");
            }
            if (segment.isEmpty()) {
                throw bad(text, "it has an empty segment");
            }
            if (!segment.equals(ONE) && !segment.equals(ANY)) {
                if (segment.contains("*")) {
                    throw bad(text, "'*' stands for a whole segment, not part of one ('" + segment + "')");
                }
                String problem = NormalPath.problem("/" + segment);
                if (problem != null) {
                    throw bad(text, "its segment '" + segment + "' " + problem);
                }
            }
        }
        return new PathPattern(text, segments);
    }

    private static IllegalArgumentException bad(String text, String reason) {
        return new IllegalArgumentException("bad path pattern [" + text + "]: " + reason);
    }

    /** True when {@code path}, in normal form, matches; a path not in normal form never does. */
    public boolean matches(String path) {
        if (path == null || NormalPath.problem(path) != null) {
            return false;
        }
        if (segments.isEmpty()) {
            return path.equals("/");
        }
        String[] parts = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (segment.equals(ANY)) {
                return true;
            }
            if (i >= parts.length) {
                return false;
            }
            boolean ok = segment.equals(ONE) ? !parts[i].isEmpty() : segment.equals(parts[i]);
            if (!ok) {
                return false;
            }
        }
        return parts.length == segments.size();
    }

    @Override
    public String toString() {
        return text;
    }
}
