package org.gatehouse.extension.qualification;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One known bundle in the {@link SignatureDatabase}: its SHA-256 and the administrator-named
 * reference groups it belongs to (docs/extensions.md "Install qualification"), which qualification rules match on.
 *
 * @param sha256 64 hex digits, stored lower-case
 * @param referenceGroups at least one group name
 * @param description free text, may be empty
 * @param addedBy who added the entry
 * @param addedAt when it was added
 */
public record SignatureEntry(String sha256, List<String> referenceGroups, String description,
        String addedBy, Instant addedAt) {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public SignatureEntry {
        sha256 = normalizeSha256(sha256);
        referenceGroups = List.copyOf(referenceGroups);
        if (referenceGroups.isEmpty()) {
            throw new IllegalArgumentException("signature entry " + sha256 + " needs at least one reference group");
        }
        description = description == null ? "" : description;
        Objects.requireNonNull(addedBy, "addedBy");
        Objects.requireNonNull(addedAt, "addedAt");
    }

    /** Lower-cases and checks a hex SHA-256, naming the bad value when it is not one. */
    public static String normalizeSha256(String sha256) {
        Objects.requireNonNull(sha256, "sha256");
        String lower = sha256.toLowerCase(Locale.ROOT);
        if (!SHA256_HEX.matcher(lower).matches()) {
            throw new IllegalArgumentException("not a SHA-256 in hex (64 digits): [" + sha256 + "]");
        }
        return lower;
    }
}
