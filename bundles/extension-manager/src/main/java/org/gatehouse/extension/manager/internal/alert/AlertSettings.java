package org.gatehouse.extension.manager.internal.alert;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where load alerts are posted, read from the element's settings ({@code conf/gatehouse.properties},
 * i.e. the framework properties), checked when the extension manager starts:
 * <ul>
 *   <li>{@value #URL}: an {@code https} URL; absent or empty: no webhook (the log line and the counter remain);</li>
 *   <li>{@value #TRUSTSTORE} and {@value #TRUSTSTORE_PASSWORD}: a PKCS#12 trust store of the CAs the
 *       webhook's certificate must chain to; absent: the JVM's trust store, the element's own;</li>
 *   <li>{@value #TIMEOUT}: the bound of one attempt, connect to answer ({@code 250ms}, {@code 5s}; default 5s);</li>
 *   <li>{@value #ATTEMPTS}: attempts per alert, 1 to 10 (default 3), a second apart, then doubling.</li>
 * </ul>
 * A value that does not read stops the start with one line naming the key and the value.
 */
public record AlertSettings(Optional<URI> url, Optional<Path> trustStore, char[] trustStorePassword, Duration timeout, int attempts) {
    public static final String URL = "gatehouse.extensions.alert.url";
    public static final String TRUSTSTORE = "gatehouse.extensions.alert.truststore";
    public static final String TRUSTSTORE_PASSWORD = "gatehouse.extensions.alert.truststore.password";
    public static final String TIMEOUT = "gatehouse.extensions.alert.timeout";
    public static final String ATTEMPTS = "gatehouse.extensions.alert.attempts";
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})(ms|s)");
    private static final int MAX_ATTEMPTS = 10;

    public AlertSettings {
        trustStorePassword = trustStorePassword.clone();
    }

    /** No webhook. */
    public static AlertSettings none() {
        return new AlertSettings(Optional.empty(), Optional.empty(), new char[0], Duration.ofSeconds(5), 3);
    }

    /**
     * Reads the settings through {@code property} (a framework property, null when unset).
     *
     * @throws IllegalArgumentException naming the key and the value that does not read
     */
    public static AlertSettings from(Function<String, String> property) {
        Optional<URI> url = value(property, URL).map(AlertSettings::https);
        Optional<Path> store = value(property, TRUSTSTORE).map(Path::of);
        char[] password = value(property, TRUSTSTORE_PASSWORD).orElse("").toCharArray();
        Duration timeout = value(property, TIMEOUT).map(AlertSettings::duration).orElse(Duration.ofSeconds(5));
        int attempts = value(property, ATTEMPTS).map(AlertSettings::attempts).orElse(3);
        AlertSettings settings = new AlertSettings(url, store, password, timeout, attempts);
        if (url.isPresent()) {
            settings.sslContext(); // a trust store that does not read stops the start, not the first alert
        }
        return settings;
    }

    /** The TLS context the webhook is posted with: the configured trust store, else the JVM's default trust. */
    public SSLContext sslContext() {
        try {
            if (trustStore.isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(trustStore.get())) {
                store.load(in, trustStorePassword);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(TRUSTSTORE + ": trust store [" + trustStore.map(Path::toString).orElse("(the JVM's)")
                    + "] does not read: " + e.getMessage(), e);
        }
    }

    @Override
    public char[] trustStorePassword() {
        return trustStorePassword.clone();
    }

    private static Optional<String> value(Function<String, String> property, String key) {
        String value = property.apply(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static URI https(String text) {
        try {
            URI uri = new URI(text);
            if (!"https".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT)) || uri.getHost() == null) {
                throw new IllegalArgumentException(URL + ": [" + text + "] is not an https URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(URL + ": [" + text + "] is not a URL: " + e.getMessage(), e);
        }
    }

    private static Duration duration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(TIMEOUT + ": [" + text + "] is not a positive duration such as 500ms or 5s");
        }
        long n = Long.parseLong(m.group(1));
        return "ms".equals(m.group(2)) ? Duration.ofMillis(n) : Duration.ofSeconds(n);
    }

    private static int attempts(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_ATTEMPTS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(ATTEMPTS + ": [" + text + "] is not a number from 1 to " + MAX_ATTEMPTS);
    }
}
