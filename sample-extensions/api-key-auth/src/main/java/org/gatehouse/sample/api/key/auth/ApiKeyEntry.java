package org.gatehouse.sample.api.key.auth;

import java.util.List;
import java.util.Objects;

/**
 * One line of the keys file: a key's id, the SHA-256 digest of the key (never the key itself),
 * and who presents it.
 *
 * @param keyId     a name for the key, for logs and the identity's {@code api-key-id} claim
 * @param digest    the SHA-256 of the key's UTF-8 bytes, 32 bytes
 * @param principal the identity's principal
 * @param groups    the identity's groups, possibly none
 */
record ApiKeyEntry(String keyId, byte[] digest, String principal, List<String> groups) {
    ApiKeyEntry {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(principal, "principal");
        if (digest.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + digest.length);
        }
        digest = digest.clone();
        groups = List.copyOf(groups);
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** True when the digest is this key's; {@link java.security.MessageDigest#isEqual} takes the same time wherever they differ. */
    boolean matches(byte[] presented) {
        return java.security.MessageDigest.isEqual(digest, presented);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKeyEntry e && keyId.equals(e.keyId) && java.util.Arrays.equals(digest, e.digest)
                && principal.equals(e.principal) && groups.equals(e.groups);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, java.util.Arrays.hashCode(digest), principal, groups);
    }

    @Override
    public String toString() {
        return "ApiKeyEntry[" + keyId + " -> " + principal + " " + groups + "]";
    }
}
