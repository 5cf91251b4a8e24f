package org.gatehouse.management.confirm;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.gatehouse.management.server.ClientAuth;
import org.gatehouse.management.server.ManagementSettings;
import org.gatehouse.management.server.TlsSettings;

/**
 * The confirmation listener's settings, from framework properties (docs/management.md "The
 * confirmation listener"). The listener is off unless {@value #ADDRESS} is set; then a key store and
 * a trust store of the CAs of client certificates are required, in the shape of the management
 * listener's:
 * <ul>
 * <li>{@code gatehouse.confirm.address}: {@code host:port};</li>
 * <li>{@code gatehouse.confirm.keystore} (+ {@code .keystore.password}, {@code .keystore.type},
 *     default PKCS12);</li>
 * <li>{@code gatehouse.confirm.truststore} (+ {@code .truststore.password}).</li>
 * </ul>
 * Client certificates are always required; there is no setting to make them optional.
 */
public record ConfirmationListenerSettings(InetSocketAddress address, TlsSettings tls, Limits limits) {
    public static final String PREFIX = "gatehouse.confirm.";
    public static final String ADDRESS = PREFIX + "address";

    /**
     * Bounds of the listener: connections at once, time for the TLS handshake, for one request
     * from its first byte to its last, and without a byte between requests; the largest request
     * body; how long a ticket of a shown rendering stays good; failed re-authentications in a row
     * before a lockout, and its length; the TOTP window in steps either side of now; threads that
     * check passwords and call the desk.
     */
    public record Limits(int maxConnections, Duration handshakeTimeout, Duration requestTimeout, Duration idleTimeout, int maxBodyBytes,
                         Duration ticketLifetime, int maxFailures, Duration lockout, int totpWindow, int threads) {
        /**
         * 16 connections; 10 s for a handshake and for a request; 60 s idle; 8 KiB bodies; tickets
         * for 5 minutes (time to read a rendering); 5 failures lock for 15 minutes; one TOTP step
         * either side; 2 threads.
         */
        public static final Limits DEFAULT = new Limits(16, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(60), 8192,
                Duration.ofMinutes(5), 5, Duration.ofMinutes(15), 1, 2);

        public Limits {
            if (maxConnections < 1 || threads < 1 || maxBodyBytes < 256 || maxFailures < 1 || totpWindow < 0 || totpWindow > 2
                    || !positive(handshakeTimeout) || !positive(requestTimeout) || !positive(idleTimeout) || !positive(ticketLifetime)
                    || !positive(lockout)) {
                throw new IllegalArgumentException("confirmation listener limits out of range: " + maxConnections + " connections, "
                        + threads + " threads, " + maxBodyBytes + " body bytes, " + maxFailures + " failures, window " + totpWindow
                        + ", timeouts " + handshakeTimeout + " " + requestTimeout + " " + idleTimeout + ", ticket " + ticketLifetime
                        + ", lockout " + lockout);
            }
        }

        private static boolean positive(Duration d) {
            return d != null && !d.isNegative() && !d.isZero();
        }
    }

    public ConfirmationListenerSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(limits, "limits");
        if (tls.clientAuth() != ClientAuth.REQUIRED || tls.trustStore().isEmpty()) {
            throw new IllegalArgumentException("the confirmation listener always requires client certificates verified by a trust store");
        }
    }

    /** The settings when {@value #ADDRESS} is set, else empty (the listener is off). */
    public static Optional<ConfirmationListenerSettings> from(Function<String, String> properties) {
        Optional<String> address = value(properties, "address");
        if (address.isEmpty()) {
            return Optional.empty();
        }
        Path keyStore = Path.of(required(properties, "keystore"));
        Path trustStore = Path.of(required(properties, "truststore"));
        TlsSettings tls = new TlsSettings(keyStore, value(properties, "keystore.password").orElse(""),
                value(properties, "keystore.type").orElse("PKCS12"), Optional.of(trustStore),
                value(properties, "truststore.password").orElse(""), ClientAuth.REQUIRED);
        return Optional.of(new ConfirmationListenerSettings(ManagementSettings.address(ADDRESS, address.get()), tls, Limits.DEFAULT));
    }

    private static String required(Function<String, String> properties, String name) {
        return value(properties, name).orElseThrow(() -> new IllegalArgumentException(ADDRESS + " is set, so " + PREFIX + name
                + " is needed: the confirmation listener serves only TLS with a client certificate verified by a trust store"));
    }

    private static Optional<String> value(Function<String, String> properties, String name) {
        return Optional.ofNullable(properties.apply(PREFIX + name)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
