package org.gatehouse.itest.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import org.gatehouse.test.support.pki.TestPki;
import org.gatehouse.test.support.pki.TlsFolder;

/**
 * JDK {@link HttpClient}s for talking to the element: plain HTTP/1.1, HTTP/2, and TLS clients that
 * trust the {@link TlsFolder} CA, with or without a client certificate. JDK classes only (the PKI's
 * file names and password are constants, compiled in), so the Pax Exam probe can use it inside the
 * framework.
 */
public final class TestClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private TestClients() {
    }

    /** A client that speaks only HTTP/1.1 over plain sockets. */
    public static HttpClient http1() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** A client that asks for HTTP/2 (h2c Upgrade over plain sockets, ALPN h2 over TLS). */
    public static HttpClient http2() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(CONNECT_TIMEOUT).build();
    }

    /**
     * A TLS client trusting the test CA in {@code pkiDir}; presents the client certificate from
     * {@code clientStore} (a {@link TlsFolder} PKCS#12 file name) unless it is null.
     */
    public static HttpClient tls(Path pkiDir, String clientStore, HttpClient.Version version) {
        return HttpClient.newBuilder()
                .version(version)
                .connectTimeout(CONNECT_TIMEOUT)
                .sslContext(sslContext(pkiDir, clientStore))
                .build();
    }

    /** Sends {@code request} for a text answer; an I/O failure or an interruption fails the caller unchecked. */
    public static HttpResponse<String> sendForText(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The TLS context behind {@link #tls}. */
    public static SSLContext sslContext(Path pkiDir, String clientStore) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(pkiDir.resolve(TlsFolder.TRUST_STORE)));
            KeyManager[] keys = null;
            if (clientStore != null) {
                KeyManagerFactory keyFactory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyFactory.init(load(pkiDir.resolve(clientStore)), TestPki.PASSWORD.toCharArray());
                keys = new KeyManager[] {new AlwaysPresentingKeyManager((X509KeyManager) keyFactory.getKeyManagers()[0])};
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS client from " + pkiDir + " (store " + clientStore + ")", e);
        }
    }

    private static KeyStore load(Path file) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, TestPki.PASSWORD.toCharArray());
        }
        return store;
    }

    /**
     * Presents the store's one client certificate whatever CAs the server names in its
     * CertificateRequest. The JDK's own key manager sends nothing when the issuer is not among
     * them, so without this a certificate from an unknown CA would never reach the element and a
     * test of its refusal would pass for the wrong reason.
     */
    private static final class AlwaysPresentingKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = TestPki.KEY_ALIAS;
        private final X509KeyManager delegate;

        AlwaysPresentingKeyManager(X509KeyManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, java.net.Socket socket) {
            return ALIAS;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[0];
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, java.net.Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }
    }
}
