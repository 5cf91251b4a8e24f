package org.gatehouse.policy.engine.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OSGi version {@code major.minor.micro.qualifier} (OSGi Core 3.2.5), compared the OSGi way:
 * numerically, then the qualifier as a string. Kept here so the policy core needs no framework.
 */
public record Version(int major, int minor, int micro, String qualifier) implements Comparable<Version> {
    private static final Pattern FORM =
            Pattern.compile("([0-9]{1,9})(?:\\.([0-9]{1,9})(?:\\.([0-9]{1,9})(?:\\.([A-Za-z0-9_\\-]+))?)?)?");

    public static final Version ZERO = new Version(0, 0, 0, "");

    public Version {
        if (major < 0 || minor < 0 || micro < 0) {
            throw new IllegalArgumentException("version parts must not be negative: " + major + "." + minor + "." + micro);
        }
        qualifier = qualifier == null ? "" : qualifier;
    }

    /** Parses {@code 1}, {@code 1.2}, {@code 1.2.3} or {@code 1.2.3.qualifier}. */
    public static Version parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an OSGi version: [" + text + "]");
        }
        return new Version(Integer.parseInt(m.group(1)), part(m.group(2)), part(m.group(3)), m.group(4));
    }

    private static int part(String digits) {
        return digits == null ? 0 : Integer.parseInt(digits);
    }

    @Override
    public int compareTo(Version other) {
        int c = Integer.compare(major, other.major);
        if (c == 0) {
            c = Integer.compare(minor, other.minor);
        }
        if (c == 0) {
            c = Integer.compare(micro, other.micro);
        }
        return c != 0 ? c : qualifier.compareTo(other.qualifier);
    }

    @Override
    public String toString() {
        String base = major + "." + minor + "." + micro;
        return qualifier.isEmpty() ? base : base + "." + qualifier;
    }
}
