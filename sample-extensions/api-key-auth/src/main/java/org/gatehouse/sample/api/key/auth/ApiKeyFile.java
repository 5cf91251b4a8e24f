package org.gatehouse.sample.api.key.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys file format, one key per line:
 *
 * <pre>
 * # key-id : SHA-256 of the key, hex : principal [: group,group]
 * billing-1:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08:billing-service:payments,reports
 * </pre>
 *
 * <p>Blank lines and lines starting with {@code #} are ignored. Key ids and digests must be unique:
 * two lines for one key would make the principal depend on the order of the file. A problem is
 * reported as {@code <file>:<line>: <reason>}, without the line's content (it holds a digest).
 *
 * <p>Compute a digest with {@code printf %s "$KEY" | sha256sum}.
 */
final class ApiKeyFile {
    /** Keys files are a list of keys, not a database: a larger file is a mistake. */
    static final int MAX_BYTES = 1024 * 1024;

    private static final Pattern LINE = Pattern.compile(
            "([A-Za-z0-9._-]{1,64}):([0-9A-Fa-f]{64}):([^:\\s]{1,256})(?::([^:\\s]{1,256}(?:,[^:,\\s]{1,256})*))?");

    private ApiKeyFile() {
    }

    /**
     * The entries of a keys file.
     *
     * @param source how to name the file in errors
     * @throws IllegalArgumentException naming the file, the line and what is wrong
     */
    static List<ApiKeyEntry> parse(String source, byte[] content) {
        if (content.length > MAX_BYTES) {
            throw new IllegalArgumentException(source + ": " + content.length + " bytes, more than the " + MAX_BYTES + " a keys file may have");
        }
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\r?\n", -1);
        List<ApiKeyEntry> entries = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> digests = new HashSet<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            ApiKeyEntry entry = entry(source, i + 1, line);
            String hex = HexFormat.of().formatHex(entry.digest());
            if (!ids.add(entry.keyId())) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": key id '" + entry.keyId() + "' appears twice");
            }
            if (!digests.add(hex)) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": key '" + entry.keyId() + "' has the digest of an earlier key");
            }
            entries.add(entry);
        }
        return List.copyOf(entries);
    }

    private static ApiKeyEntry entry(String source, int lineNumber, String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException(source + ":" + lineNumber
                    + ": not key-id:sha256-hex:principal[:group,group] (key id [A-Za-z0-9._-]{1,64}, 64 hex digits, no spaces)");
        }
        List<String> groups = m.group(4) == null ? List.of() : List.of(m.group(4).split(","));
        return new ApiKeyEntry(m.group(1), HexFormat.of().parseHex(m.group(2)), m.group(3), groups);
    }

    /** The SHA-256 of a presented key's UTF-8 bytes. */
    static byte[] digestOf(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256 (Java SE MessageDigest requirements)", e);
        }
    }
}
