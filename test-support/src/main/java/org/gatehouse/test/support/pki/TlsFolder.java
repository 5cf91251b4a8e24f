package org.gatehouse.test.support.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;

/**
 * The files of a TLS test in one folder: the server side reads PEM ({@value #CA_PEM},
 * {@value #SERVER_PEM}, {@value #SERVER_KEY_PEM}); clients read PKCS#12 ({@value #TRUST_STORE},
 * {@value #CLIENT_STORE}, {@value #ROGUE_CLIENT_STORE}, password {@link TestPki#PASSWORD}), which
 * the JDK loads without Bouncy Castle. The server certificate ({@code CN=localhost}) names
 * {@code localhost}, {@code 127.0.0.1} and {@code ::1}; the client certificate comes from the same
 * CA, the rogue client's from a second CA nobody trusts.
 *
 * <pre>{@code
 * TlsFolder tls = TlsFolder.writeTo(conf.resolve("tls"), "test-client");
 * // <tls certificate="tls/server.pem" private-key="tls/server-key.pem" trusted-client-cas="tls/ca.pem" .../>
 * HttpClient.newBuilder().sslContext(tls.clientContext(true))...
 * }</pre>
 *
 * @param folder      where the files are
 * @param ca          the authority of the server and the client
 * @param server      the server's certificate and key
 * @param client      a client certificate of {@code ca}
 * @param rogueClient a client certificate of another, untrusted authority
 */
public record TlsFolder(Path folder, Authority ca, Issued server, Issued client, Issued rogueClient) {
    public static final String CA_PEM = "ca.pem";
    public static final String SERVER_PEM = "server.pem";
    public static final String SERVER_KEY_PEM = "server-key.pem";
    public static final String TRUST_STORE = "client-truststore.p12";
    public static final String CLIENT_STORE = "client.p12";
    public static final String ROGUE_CLIENT_STORE = "rogue-client.p12";

    /**
     * Makes a new PKI whose client certificate is {@code CN=<clientName>} and writes its files into
     * {@code folder}. Unchecked, so that a configuration method that may not throw can call it.
     */
    public static TlsFolder writeTo(Path folder, String clientName) {
        try {
            Authority ca = TestPki.authority("CN=Gatehouse Test CA");
            Authority rogueCa = TestPki.authority("CN=Untrusted Test CA");
            TlsFolder tls = new TlsFolder(folder, ca, ca.server("CN=localhost"), ca.client("CN=" + clientName),
                    rogueCa.client("CN=rogue-client"));
            TestPki.pem(folder.resolve(CA_PEM), ca.certificate());
            TestPki.pem(folder.resolve(SERVER_PEM), tls.server().certificate());
            TestPki.pem(folder.resolve(SERVER_KEY_PEM), tls.server().privateKey());
            ca.trustStore(folder.resolve(TRUST_STORE));
            TestPki.keyStore(folder.resolve(CLIENT_STORE), tls.client());
            TestPki.keyStore(folder.resolve(ROGUE_CLIENT_STORE), tls.rogueClient());
            return tls;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create the test PKI in " + folder, e);
        }
    }

    /** A client context trusting the CA, presenting the client certificate when {@code withClientCertificate}. */
    public SSLContext clientContext(boolean withClientCertificate) throws GeneralSecurityException, IOException {
        return ca.clientContext(withClientCertificate ? client : null);
    }
}
