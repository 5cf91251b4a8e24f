package org.gatehouse.dataplane.http1;

import java.util.Locale;

/**
 * What a request head says about its own framing, collected field by field while the head is
 * read, and judged once it ends (RFC 9112 section 6).
 */
final class HeadFacts {
    /** The framing of the body that follows the head. */
    enum Body { NONE, FIXED, CHUNKED }

    private static final int MAX_VALUE = 256;

    private boolean http10;
    private int contentLengths;
    private int transferEncodings;
    private boolean upgradeH2c;
    private final StringBuilder contentLength = new StringBuilder();
    private final StringBuilder transferEncoding = new StringBuilder();
    private final StringBuilder upgrade = new StringBuilder();
    private StringBuilder capturing;
    private long length;

    void reset(boolean http10) {
        this.http10 = http10;
        contentLengths = 0;
        transferEncodings = 0;
        upgradeH2c = false;
        contentLength.setLength(0);
        transferEncoding.setLength(0);
        upgrade.setLength(0);
        capturing = null;
    }

    /** A field named {@code lowerName} starts; its value is kept when the framing depends on it. */
    void field(String lowerName) {
        capturing = null;
        switch (lowerName) {
            case "content-length" -> {
                contentLengths++;
                capturing = contentLength;
            }
            case "transfer-encoding" -> {
                transferEncodings++;
                capturing = transferEncoding;
            }
            case "upgrade" -> {
                upgrade.append(',');
                capturing = upgrade;
            }
            default -> capturing = null;
        }
    }

    /** One byte of the current field's value. */
    void valueByte(int b) {
        if (capturing != null && capturing.length() < MAX_VALUE) {
            capturing.append((char) b);
        }
    }

    /** Judges the head's framing fields. */
    Body body() throws FramingException {
        if (contentLengths > 1 || transferEncodings > 1) {
            // two lines can be read two ways by two parsers (RFC 9112 section 6.3, items 3 and 5)
            throw new FramingException(FramingViolation.badRequest("the request repeats Content-Length or Transfer-Encoding"));
        }
        upgradeH2c = upgrade.toString().toLowerCase(Locale.ROOT).contains("h2c");
        if (transferEncodings == 1) {
            return transferCoding();
        }
        if (contentLengths == 1) {
            length = parseLength(contentLength.toString().strip());
            return length == 0 ? Body.NONE : Body.FIXED;
        }
        return Body.NONE;
    }

    private Body transferCoding() throws FramingException {
        if (contentLengths > 0) {
            // RFC 9112 section 6.1: a smuggling shape (CL.TE / TE.CL); refused rather than guessed
            throw new FramingException(FramingViolation.badRequest("the request has both Content-Length and Transfer-Encoding"));
        }
        if (http10) {
            throw new FramingException(FramingViolation.badRequest("an HTTP/1.0 request cannot use Transfer-Encoding"));
        }
        String codings = transferEncoding.toString().strip();
        String[] list = codings.toLowerCase(Locale.ROOT).split(",", -1);
        int chunked = 0;
        for (String coding : list) {
            chunked += coding.strip().equals("chunked") ? 1 : 0;
        }
        if (chunked == 1 && list.length == 1) {
            return Body.CHUNKED;
        }
        if (chunked > 1 || (chunked == 1 && !list[list.length - 1].strip().equals("chunked"))) {
            // RFC 9112 section 6.3: chunked must be applied once, and last
            throw new FramingException(FramingViolation.badRequest("Transfer-Encoding must end with one 'chunked', not '" + codings + "'"));
        }
        // RFC 9112 section 6.1: a transfer coding the server does not understand is 501
        return unsupported(codings);
    }

    private static Body unsupported(String codings) throws FramingException {
        throw new FramingException(new FramingViolation(501, "unsupported_transfer_coding",
                "the element does not implement the transfer coding '" + codings + "'"));
    }

    private static long parseLength(String value) throws FramingException {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new FramingException(FramingViolation.badRequest("Content-Length is not one decimal number: '" + value + "'"));
        }
        return Long.parseLong(value);
    }

    long length() {
        return length;
    }

    /** Whether the client asked to switch to h2c: what follows may not be HTTP/1.1. */
    boolean upgradeH2c() {
        return upgradeH2c;
    }
}
