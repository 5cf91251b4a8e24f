package org.gatehouse.itest.support;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;

import org.gatehouse.test.support.pki.Issued;
import org.gatehouse.test.support.pki.TestPki;

/**
 * An HTTPS upstream on 127.0.0.1 (JDK {@code HttpsServer}) with a certificate made by the test:
 * every request is answered {@code upstream=<name>} and {@code sni=<server name the client sent>},
 * one per line.
 *
 * <pre>{@code
 * TlsLoopbackUpstream upstream = TlsLoopbackUpstream.start("secure", ca.server("CN=localhost"), workDir);
 * }</pre>
 */
public final class TlsLoopbackUpstream implements AutoCloseable {
    private final HttpsServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "itest-tls-upstream");
        thread.setDaemon(true);
        return thread;
    });

    private TlsLoopbackUpstream(String name, SSLContext tls) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = ("upstream=" + name + "\nsni=" + sni((HttpsExchange) exchange) + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Starts an upstream named {@code name} presenting {@code identity}; its key store is written under {@code workDir}. */
    public static TlsLoopbackUpstream start(String name, Issued identity, Path workDir) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (var in = java.nio.file.Files.newInputStream(TestPki.keyStore(workDir.resolve(name + "-upstream.p12"), identity))) {
                keys.load(in, TestPki.PASSWORD.toCharArray());
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, TestPki.PASSWORD.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(factory.getKeyManagers(), null, null);
            return new TlsLoopbackUpstream(name, tls);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start upstream " + name, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the TLS context of upstream " + name, e);
        }
    }

    private static String sni(HttpsExchange exchange) {
        if (exchange.getSSLSession() instanceof ExtendedSSLSession) {
            for (SNIServerName name : ((ExtendedSSLSession) exchange.getSSLSession()).getRequestedServerNames()) {
                if (name instanceof SNIHostName) {
                    return ((SNIHostName) name).getAsciiName();
                }
            }
        }
        return "none";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests answered so far. */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
