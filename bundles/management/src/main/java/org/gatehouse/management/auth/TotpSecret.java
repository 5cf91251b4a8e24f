package org.gatehouse.management.auth;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A person's TOTP secret (RFC 6238) as kept in {@code <totp secret="..." algorithm="SHA1"
 * digits="6" period="30"/>}: the shared key in RFC 4648 base32, HMAC-SHA-1 or HMAC-SHA-256, six or
 * eight digits, a step of 30 or 60 seconds from the Unix epoch.
 *
 * <pre>{@code
 * TotpSecret secret = TotpSecret.generate();            // 160 random bits, SHA-1, 6 digits, 30 s
 * String uri = secret.otpauthUri("Gatehouse", "alice"); // for an authenticator app
 * OptionalLong step = secret.matchingStep("492039", Instant.now().getEpochSecond(), 1);
 * }</pre>
 *
 * <p>{@link #matchingStep} computes the code of every step in the window and compares each with
 * the one presented in constant time, never stopping early. Replay protection (a step once used is
 * not taken again) is the caller's: it knows what was used. {@link #toString} never shows the key.
 */
public final class TotpSecret {
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final int GENERATED_BYTES = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The HMAC of the codes. */
    public enum Algorithm {
        SHA1("HmacSHA1"), SHA256("HmacSHA256");

        final String mac;

        Algorithm(String mac) {
            this.mac = mac;
        }
    }

    private final byte[] key;
    private final Algorithm algorithm;
    private final int digits;
    private final int period;

    public TotpSecret(byte[] key, Algorithm algorithm, int digits, int period) {
        if (key.length < 16) {
            throw new IllegalArgumentException("a TOTP key has at least 128 bits (RFC 4226 section 4), not " + key.length * 8);
        }
        if (digits != 6 && digits != 8) {
            throw new IllegalArgumentException("a TOTP code has 6 or 8 digits, not " + digits);
        }
        if (period != 30 && period != 60) {
            throw new IllegalArgumentException("a TOTP step is 30 or 60 seconds, not " + period);
        }
        this.key = key.clone();
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.digits = digits;
        this.period = period;
    }

    /** From the users file's attributes: a base32 key (upper case, no padding), {@code SHA1} or {@code SHA256}. */
    public static TotpSecret of(String base32, String algorithm, int digits, int period) {
        return new TotpSecret(base32Decode(base32), Algorithm.valueOf(algorithm.toUpperCase(Locale.ROOT)), digits, period);
    }

    /** A fresh secret of 160 random bits (RFC 4226's recommendation), SHA-1, six digits, 30 s: what authenticator apps expect. */
    public static TotpSecret generate() {
        byte[] key = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(key);
        return new TotpSecret(key, Algorithm.SHA1, 6, 30);
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    public int digits() {
        return digits;
    }

    public int period() {
        return period;
    }

    /** The key in base32, as kept in the users file. */
    public String base32() {
        return base32Encode(key);
    }

    /** The time step of a moment: {@code floor(epochSecond / period)} (RFC 6238 section 4.2, T0 = 0). */
    public long step(long epochSecond) {
        return Math.floorDiv(epochSecond, period);
    }

    /** The code of one time step, zero-padded to {@link #digits()} (RFC 4226 section 5.3, dynamic truncation). */
    public String code(long step) {
        byte[] mac;
        try {
            Mac hmac = Mac.getInstance(algorithm.mac);
            hmac.init(new SecretKeySpec(key, algorithm.mac));
            mac = hmac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + algorithm.mac, e);
        }
        int offset = mac[mac.length - 1] & 0x0f;
        int binary = ((mac[offset] & 0x7f) << 24) | ((mac[offset + 1] & 0xff) << 16) | ((mac[offset + 2] & 0xff) << 8)
                | (mac[offset + 3] & 0xff);
        int modulus = digits == 6 ? 1_000_000 : 100_000_000;
        String code = Integer.toString(binary % modulus);
        return "0".repeat(digits - code.length()) + code;
    }

    /**
     * The latest step within {@code window} steps of {@code epochSecond} whose code is {@code
     * presented}, if any. Every step of the window is computed and compared in constant time, and
     * a presented code that is not exactly {@link #digits()} ASCII digits matches none.
     */
    public OptionalLong matchingStep(String presented, long epochSecond, int window) {
        boolean wellFormed = presented.length() == digits && presented.chars().allMatch(c -> c >= '0' && c <= '9');
        byte[] given = (wellFormed ? presented : "0".repeat(digits)).getBytes(StandardCharsets.US_ASCII);
        long now = step(epochSecond);
        long found = Long.MIN_VALUE;
        for (long step = now - window; step <= now + window; step++) {
            byte[] expected = code(step).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, given) & wellFormed) {
                found = step;
            }
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /**
     * The {@code otpauth://totp/} URI authenticator apps read (as a QR code or typed in): issuer,
     * account, key, algorithm, digits and period. It holds the key: show it once, to the person.
     */
    public String otpauthUri(String issuer, String account) {
        String label = uriEncode(issuer) + ":" + uriEncode(account);
        return "otpauth://totp/" + label + "?secret=" + base32() + "&issuer=" + uriEncode(issuer) + "&algorithm=" + algorithm.name()
                + "&digits=" + digits + "&period=" + period;
    }

    private static String uriEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static byte[] base32Decode(String text) {
        ByteBuffer out = ByteBuffer.allocate(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < text.length(); i++) {
            int value = BASE32.indexOf(text.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("not base32 (A-Z, 2-7, no padding): character " + (i + 1));
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        // the bits left over (fewer than 8) are padding of the last character, as RFC 4648 section 6 pads
        return out.array();
    }

    static String base32Encode(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                text.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            text.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "TotpSecret[" + algorithm + ", " + digits + " digits, " + period + " s]";
    }
}
