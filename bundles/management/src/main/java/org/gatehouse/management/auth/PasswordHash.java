package org.gatehouse.management.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password kept as PBKDF2-HMAC-SHA256 (RFC 8018 section 5.2) with a salt of its own, written in
 * the PHC string format: {@code $pbkdf2-sha256$i=600000$<salt>$<hash>}, a 16-byte salt and a
 * 32-byte hash in base64 without padding. The JDK computes it ({@code PBKDF2WithHmacSHA256}, the
 * password as UTF-8); a hash of fewer than {@value #MIN_ITERATIONS} iterations is refused, and
 * {@link #create} uses {@value #ITERATIONS} (OWASP's figure for this function).
 *
 * <pre>{@code
 * PasswordHash hash = PasswordHash.create(password);    // char[]
 * String stored = hash.encoded();                       // into <password hash="..."/>
 * boolean ok = PasswordHash.parse(stored).matches(typed);
 * }</pre>
 *
 * <p>{@link #matches} always derives the full hash and compares in constant time, so the time
 * taken says nothing about how much of a guess was right. {@link #toString} never shows the hash.
 */
public final class PasswordHash {
    /** The iterations of a new hash. */
    public static final int ITERATIONS = 600_000;
    /** The fewest iterations a stored hash may have (the schema says the same). */
    public static final int MIN_ITERATIONS = 100_000;
    private static final int MAX_ITERATIONS = 99_999_999;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern FORMAT = Pattern.compile(
            "\\$pbkdf2-sha256\\$i=([1-9][0-9]{5,7})\\$([A-Za-z0-9+/]{22})\\$([A-Za-z0-9+/]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("a password hash has " + MIN_ITERATIONS + " to " + MAX_ITERATIONS + " iterations, not "
                    + iterations);
        }
        this.iterations = iterations;
        this.salt = salt.clone();
        this.hash = hash.clone();
    }

    /** Reads {@code $pbkdf2-sha256$i=N$salt$hash}; anything else is an {@link IllegalArgumentException}. */
    public static PasswordHash parse(String encoded) {
        Matcher m = FORMAT.matcher(Objects.requireNonNull(encoded, "encoded"));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PBKDF2-HMAC-SHA256 hash in the form $pbkdf2-sha256$i=<iterations>$<salt>$<hash>");
        }
        Base64.Decoder base64 = Base64.getDecoder();
        return new PasswordHash(Integer.parseInt(m.group(1)), base64.decode(m.group(2)), base64.decode(m.group(3)));
    }

    /** A new hash of {@code password}, with a fresh random salt and {@value #ITERATIONS} iterations. */
    public static PasswordHash create(char[] password) {
        return create(password, ITERATIONS);
    }

    /** A new hash with {@code iterations} (at least {@value #MIN_ITERATIONS}). */
    public static PasswordHash create(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    /** Whether {@code password} is the one hashed: the full derivation, then a constant-time comparison. */
    public boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    /** {@link #matches(char[])} for a password held as a string (as read from a request). */
    public boolean matches(String password) {
        char[] chars = password.toCharArray();
        try {
            return matches(chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    public int iterations() {
        return iterations;
    }

    /** The PHC string, as kept in {@code <password hash="..."/>}. */
    public String encoded() {
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return "$pbkdf2-sha256$i=" + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public String toString() {
        return "PasswordHash[PBKDF2-HMAC-SHA256, " + iterations + " iterations]";
    }
}
