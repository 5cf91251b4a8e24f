package org.gatehouse.auth.credentials;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;
import org.w3c.dom.Document;

/**
 * An X.509 certificate carried as a {@code wsse:BinarySecurityToken} (OASIS X.509 Token Profile
 * 1.1 section 3.1: {@code X509v3}, {@code X509PKIPathv1} or {@code PKCS7}) in the Security header
 * of a SOAP 1.1 or 1.2 envelope, handed on as a certificate chain, the end entity first, for the
 * {@code x509} method to validate.
 *
 * <p>A certificate proves nothing by itself: anyone can copy one. Like the TLS handshake for
 * {@code client-certificate}, this location only hands a chain on when the sender proved it holds
 * the end entity's private key: the Security header's signature over the Body and a current
 * Timestamp, made with that key ({@link SignedSoapBody}). A token without it is unreadable (401),
 * and so is an envelope whose signed Body and Timestamp this location accepted before (a replay
 * within the Timestamp's minutes; {@link SeenSignatures}).
 */
public final class WsSecurityX509Extractor implements CredentialExtractor {
    private static final String PROFILE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#";
    static final String X509V3 = PROFILE + "X509v3";
    static final String PKI_PATH = PROFILE + "X509PKIPathv1";
    static final String PKCS7 = PROFILE + "PKCS7";
    private static final String LOCATION = "ws-security-x509 BinarySecurityToken";

    /** The Timestamp is checked against the host's clock, as the Kerberos acceptor checks authenticators. */
    private final Clock clock = Clock.systemUTC();
    /** The signed envelopes accepted here, for as long as their Timestamps could be accepted. */
    private final SeenSignatures seen = new SeenSignatures();

    @Override
    public Optional<Credentials> extract(Message message) throws UnreadableCredentialsException {
        Optional<Document> document = MessageBodies.xml(message, LOCATION);
        if (document.isEmpty()) {
            return Optional.empty();
        }
        Optional<SoapEnvelope> soap = SoapEnvelope.read(document.get(), LOCATION);
        if (soap.isEmpty()) {
            return Optional.empty();
        }
        Optional<BinarySecurityToken> token = BinarySecurityToken.find(soap.get().security(), Set.of(X509V3, PKI_PATH, PKCS7), LOCATION);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        List<X509Certificate> chain = certificates(token.get());
        Instant now = clock.instant();
        SignedSoapBody.Signed signed = SignedSoapBody.verify(soap.get(), token.get(), chain.get(0).getPublicKey(), now, LOCATION);
        if (!seen.firstTime(signed.digests(), signed.acceptable(), now)) {
            throw new UnreadableCredentialsException(LOCATION + ": replayed: this signed Body and Timestamp were accepted before");
        }
        return Optional.of(new Credentials.CertificateChain(chain));
    }

    private static List<X509Certificate> certificates(BinarySecurityToken token) throws UnreadableCredentialsException {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            ByteArrayInputStream in = new ByteArrayInputStream(token.value());
            List<? extends java.security.cert.Certificate> certificates = switch (token.valueType()) {
                case X509V3 -> List.of(factory.generateCertificate(in));
                case PKI_PATH -> factory.generateCertPath(in, "PkiPath").getCertificates(); // read with the end entity first
                default -> factory.generateCertPath(in, "PKCS7").getCertificates();
            };
            if (certificates.isEmpty()) {
                throw new UnreadableCredentialsException(LOCATION + ": the token holds no certificate");
            }
            if (token.valueType().equals(X509V3) && in.available() > 0) {
                throw new UnreadableCredentialsException(LOCATION + ": X509v3 token holds more than one certificate");
            }
            List<X509Certificate> chain = certificates.stream().map(X509Certificate.class::cast).toList();
            return token.valueType().equals(PKCS7) ? endEntityFirst(chain) : chain;
        } catch (CertificateException | ClassCastException e) {
            throw new UnreadableCredentialsException(LOCATION + ": the token is not a certificate (" + token.valueType() + "): "
                    + e.getMessage(), e);
        }
    }

    /**
     * PKCS#7 keeps certificates in a SET, which DER sorts: the end entity is the one certificate
     * that issued none of the others, and the chain follows the issuers from it.
     */
    private static List<X509Certificate> endEntityFirst(List<X509Certificate> set) throws UnreadableCredentialsException {
        List<X509Certificate> leaves = set.stream().filter(c -> set.stream().noneMatch(d -> d != c
                && d.getIssuerX500Principal().equals(c.getSubjectX500Principal()))).toList();
        if (leaves.size() != 1) {
            throw new UnreadableCredentialsException(LOCATION + ": the PKCS7 token holds " + leaves.size() + " end-entity certificates, expected one");
        }
        List<X509Certificate> chain = new ArrayList<>(List.of(leaves.get(0)));
        for (int i = 1; i < set.size(); i++) {
            X509Certificate last = chain.get(chain.size() - 1);
            Optional<X509Certificate> issuer = set.stream().filter(c -> !chain.contains(c)
                    && c.getSubjectX500Principal().equals(last.getIssuerX500Principal())).findFirst();
            if (issuer.isEmpty()) {
                break;
            }
            chain.add(issuer.get());
        }
        return List.copyOf(chain);
    }

    @Override
    public String challenge(String realm) {
        return CredentialExtractor.realmChallenge("WSSE", realm);
    }
}
