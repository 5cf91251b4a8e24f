package org.gatehouse.extension.qualification.internal.archive;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Entry names that could escape the folder an archive is unpacked into, or mean different files
 * to different readers (docs/extensions.md "Install qualification", path traversal). The checks hold for every reader, not only for
 * the framework, because tools and people unpack uploaded bundles too.
 */
final class EntryNames {
    private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*", Pattern.DOTALL);

    private EntryNames() {
    }

    /** Why {@code name} is unsafe, or empty when it is safe. */
    static Optional<String> problem(String name) {
        if (name.isEmpty()) {
            return Optional.of("is empty");
        }
        if (name.indexOf('\0') >= 0) {
            return Optional.of("contains a NUL character");
        }
        if (name.startsWith("/")) {
            return Optional.of("is absolute");
        }
        if (name.indexOf('\\') >= 0) {
            return Optional.of("contains a backslash");
        }
        if (DRIVE_LETTER.matcher(name).matches()) {
            return Optional.of("starts with a drive letter");
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                return Optional.of("contains a '..' segment");
            }
        }
        return Optional.empty();
    }

    /** Shows a name in a reason with control characters made visible. */
    static String printable(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}
