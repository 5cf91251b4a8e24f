package org.gatehouse.management.server;

import java.util.Locale;

/** Whether the management listener asks TLS clients for a certificate (RFC 8446 section 4.3.2). */
public enum ClientAuth {
    /** Tokens only. */
    NONE,
    /** A certificate is asked for; without one a token is needed. */
    OPTIONAL,
    /** The handshake fails without a certificate the trust store verifies. */
    REQUIRED;

    public static ClientAuth parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("client authentication must be none, optional or required, not '" + text + "'", e);
        }
    }
}
