package org.gatehouse.auth.credentials;

import java.util.Optional;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;
import org.gatehouse.sdk.message.TlsInfo;

/** The TLS peer's certificate chain, when the client authenticated with one during the handshake. */
public final class ClientCertificateExtractor implements CredentialExtractor {

    @Override
    public Optional<Credentials> extract(Message message) {
        return message.tls().filter(TlsInfo::clientAuthenticated)
                .map(tls -> new Credentials.CertificateChain(tls.peerCertificates()));
    }

    @Override
    public String challenge(String realm) {
        // no HTTP scheme asks for a TLS certificate; a named one tells the client what is missing
        return CredentialExtractor.realmChallenge("ClientCertificate", realm);
    }
}
