package org.gatehouse.management.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The management listener's settings, from framework properties:
 * <ul>
 * <li>{@code gatehouse.management.address}: {@code host:port}, default {@code 127.0.0.1:9443}
 *     ({@code [::1]:9443} for IPv6). Without TLS only a loopback address is accepted.</li>
 * <li>{@code gatehouse.management.keystore} (+ {@code .keystore.password}, {@code .keystore.type},
 *     default PKCS12): turns TLS on.</li>
 * <li>{@code gatehouse.management.truststore} (+ {@code .truststore.password}) and
 *     {@code gatehouse.management.client-auth} ({@code none}, {@code optional}, {@code required};
 *     default {@code optional} with a trust store, else {@code none}).</li>
 * <li>{@code gatehouse.management.users}: default {@code <conf>/management-users.xml}.</li>
 * <li>{@code gatehouse.management.max-upload-bytes}: default 64 MiB.</li>
 * <li>{@code gatehouse.management.threads}: request threads, default 4.</li>
 * </ul>
 */
public record ManagementSettings(InetSocketAddress address, Optional<TlsSettings> tls, Path usersFile, Path dataDir,
                                 long maxUploadBytes, int threads) {
    public static final String PREFIX = "gatehouse.management.";
    public static final String DEFAULT_ADDRESS = "127.0.0.1:9443";
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 64L * 1024 * 1024;

    public ManagementSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(usersFile, "usersFile");
        Objects.requireNonNull(dataDir, "dataDir");
        if (tls.isEmpty() && !address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException(PREFIX + "address " + address + " is not a loopback address: "
                    + "the management API listens beyond this host only with TLS (set " + PREFIX + "keystore)");
        }
        if (maxUploadBytes < 1) {
            throw new IllegalArgumentException(PREFIX + "max-upload-bytes must be at least 1, not " + maxUploadBytes);
        }
        if (threads < 1) {
            throw new IllegalArgumentException(PREFIX + "threads must be at least 1, not " + threads);
        }
    }

    /** Reads the settings through a property lookup such as {@code BundleContext::getProperty}. */
    public static ManagementSettings from(Function<String, String> properties) {
        Path conf = Path.of(required(properties, "gatehouse.conf.dir"));
        Path data = Path.of(required(properties, "gatehouse.data.dir"));
        InetSocketAddress address = address(value(properties, "address").orElse(DEFAULT_ADDRESS));
        Path users = value(properties, "users").map(Path::of).orElse(conf.resolve("management-users.xml"));
        return new ManagementSettings(address, tls(properties), users, data,
                number(properties, "max-upload-bytes", DEFAULT_MAX_UPLOAD_BYTES), (int) number(properties, "threads", 4));
    }

    private static Optional<TlsSettings> tls(Function<String, String> properties) {
        Optional<String> keyStore = value(properties, "keystore");
        if (keyStore.isEmpty()) {
            return Optional.empty();
        }
        Optional<Path> trustStore = value(properties, "truststore").map(Path::of);
        ClientAuth clientAuth = value(properties, "client-auth").map(ClientAuth::parse)
                .orElse(trustStore.isPresent() ? ClientAuth.OPTIONAL : ClientAuth.NONE);
        return Optional.of(new TlsSettings(Path.of(keyStore.get()), value(properties, "keystore.password").orElse(""),
                value(properties, "keystore.type").orElse("PKCS12"), trustStore,
                value(properties, "truststore.password").orElse(""), clientAuth));
    }

    /** {@code host:port} or {@code [v6]:port}; the host must be a literal address or resolve here. */
    static InetSocketAddress address(String text) {
        return address(PREFIX + "address", text);
    }

    /** {@link #address(String)} for another listener's property, named in errors. */
    public static InetSocketAddress address(String property, String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException(property + " must be host:port, not '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " '" + text + "' has no port number", e);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(property + " '" + text + "': port must be 0 to 65535");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(property + " '" + text + "': unknown host " + host, e);
        }
    }

    private static Optional<String> value(Function<String, String> properties, String name) {
        return Optional.ofNullable(properties.apply(PREFIX + name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static String required(Function<String, String> properties, String name) {
        String value = properties.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("framework property " + name + " is not set");
        }
        return value;
    }

    private static long number(Function<String, String> properties, String name, long fallback) {
        Optional<String> text = value(properties, name);
        try {
            return text.map(Long::parseLong).orElse(fallback);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + name + " must be a whole number, not '" + text.get() + "'", e);
        }
    }
}
