package org.gatehouse.sdk.identity;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Credentials found in a message, before anyone has checked them (docs/data-plane.md
 * "Authentication and authorization"). The kinds are closed so that an authenticator can tell which ones it supports;
 * anything else a message type's credential location definition extracts is {@link Custom}.
 *
 * <p>{@code toString()} never shows a secret: credentials end up in logs.
 *
 * <pre>{@code
 * if (credentials instanceof Credentials.Basic basic) {
 *     check(basic.username(), basic.password());
 * }
 * }</pre>
 */
public sealed interface Credentials {
    /** A short name of the kind, as used in logs and audit events: {@code basic}, {@code bearer}... */
    String kind();

    /** HTTP Basic user name and password (RFC 7617). */
    record Basic(String username, String password) implements Credentials {
        public Basic {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String kind() {
            return "basic";
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=***]";
        }
    }

    /** A bearer token (RFC 6750), such as a JWT or an opaque access token. */
    record Bearer(String token) implements Credentials {
        public Bearer {
            if (token == null || token.isEmpty()) {
                throw new IllegalArgumentException("bearer token must not be empty");
            }
        }

        @Override
        public String kind() {
            return "bearer";
        }

        @Override
        public String toString() {
            return "Bearer[token=***]";
        }
    }

    /** An SPNEGO token from an {@code Authorization: Negotiate} header (RFC 4559), already base64-decoded. */
    record Negotiate(byte[] token) implements Credentials {
        public Negotiate {
            if (token == null || token.length == 0) {
                throw new IllegalArgumentException("negotiate token must not be empty");
            }
            token = token.clone();
        }

        /** A copy of the token: the caller may keep or wipe it. */
        @Override
        public byte[] token() {
            return token.clone();
        }

        /** The token as it appeared on the wire. */
        public String base64() {
            return Base64.getEncoder().encodeToString(token);
        }

        @Override
        public String kind() {
            return "negotiate";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Negotiate n && Arrays.equals(token, n.token);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(token);
        }

        @Override
        public String toString() {
            return "Negotiate[token=*** (" + token.length + " bytes)]";
        }
    }

    /** The TLS peer's certificate chain, the end-entity certificate first. */
    record CertificateChain(List<X509Certificate> chain) implements Credentials {
        public CertificateChain {
            chain = List.copyOf(chain);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("certificate chain must hold at least the peer's certificate");
            }
        }

        /** The peer's own certificate. */
        public X509Certificate endEntity() {
            return chain.get(0);
        }

        @Override
        public String kind() {
            return "certificate";
        }

        @Override
        public String toString() {
            return "CertificateChain[subject=" + endEntity().getSubjectX500Principal().getName() + ", length=" + chain.size() + "]";
        }
    }

    /**
     * Credentials from a user-defined location (header, query, cookie, XPath, JSON pointer, regular
     * expression, name-value pair), such as an API key.
     *
     * @param kind   the name the credential location definition gives them, such as {@code api-key}
     * @param fields the extracted values by name, such as {@code key -> 3f9a...}
     */
    record Custom(String kind, Map<String, String> fields) implements Credentials {
        public Custom {
            if (kind == null || !kind.matches("[a-z][a-z0-9-]{0,63}")) {
                throw new IllegalArgumentException("custom credentials kind '" + kind + "' must match [a-z][a-z0-9-]{0,63}");
            }
            fields = Map.copyOf(fields);
        }

        @Override
        public String toString() {
            return "Custom[kind=" + kind + ", fields=" + new java.util.TreeSet<>(fields.keySet()) + " (values hidden)]";
        }
    }
}
