package org.gatehouse.audit.log;

import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/** SHA-256 values as the API carries them: 64 lower-case hex digits, so every record stays immutable. */
final class HashText {
    private static final Pattern FORM = Pattern.compile("[0-9a-f]{64}");

    private HashText() {
    }

    static String check(String hash, String what) {
        if (hash == null || !FORM.matcher(hash).matches()) {
            throw new IllegalArgumentException(what + " [" + hash + "] must be a SHA-256 in 64 lower-case hex digits");
        }
        return hash;
    }

    static List<String> checkAll(List<String> hashes, String what) {
        List<String> copy = List.copyOf(hashes);
        copy.forEach(h -> check(h, what));
        return copy;
    }

    static byte[] bytes(String hash) {
        return HexFormat.of().parseHex(hash);
    }

    static List<byte[]> bytes(List<String> hashes) {
        return hashes.stream().map(HashText::bytes).toList();
    }

    static String text(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }
}
