package org.gatehouse.policy.engine.model;

import org.gatehouse.policy.engine.api.Version;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OSGi version range (OSGi Core 3.2.6): {@code [1.0,2.0)} with inclusive or exclusive ends,
 * or a single version meaning "this version or later".
 */
public record VersionRange(Version floor, boolean floorInclusive, Version ceiling, boolean ceilingInclusive) {
    private static final Pattern INTERVAL = Pattern.compile("([\\[(])\\s*([^,\\s]+)\\s*,\\s*([^\\])\\s]+)\\s*([\\])])");

    /** Every version. */
    public static final VersionRange ANY = new VersionRange(Version.ZERO, true, null, false);

    /** Parses {@code [1.0,2.0)}, {@code (1,2]} or {@code 1.0} (at least 1.0). */
    public static VersionRange parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        Matcher m = INTERVAL.matcher(trimmed);
        if (m.matches()) {
            VersionRange range = new VersionRange(Version.parse(m.group(2)), m.group(1).equals("["),
                    Version.parse(m.group(3)), m.group(4).equals("]"));
            if (range.floor.compareTo(range.ceiling) > 0) {
                throw new IllegalArgumentException("version range [" + text + "] is empty: its floor is above its ceiling");
            }
            return range;
        }
        if (trimmed.startsWith("[") || trimmed.startsWith("(")) {
            throw new IllegalArgumentException("not an OSGi version range: [" + text + "]");
        }
        return new VersionRange(Version.parse(trimmed), true, null, false);
    }

    /** Whether the version lies in this range. */
    public boolean includes(Version version) {
        int low = version.compareTo(floor);
        if (low < 0 || (low == 0 && !floorInclusive)) {
            return false;
        }
        if (ceiling == null) {
            return true;
        }
        int high = version.compareTo(ceiling);
        return high < 0 || (high == 0 && ceilingInclusive);
    }

    @Override
    public String toString() {
        if (ceiling == null) {
            return floor.toString();
        }
        return (floorInclusive ? "[" : "(") + floor + "," + ceiling + (ceilingInclusive ? "]" : ")");
    }
}
