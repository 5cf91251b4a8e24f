package org.gatehouse.extension.qualification.internal.signature;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;
import org.gatehouse.extension.qualification.internal.Denial;

/**
 * Decides whether a jar's signer is a trusted publisher: its certificate must be valid now and
 * chain, through the certificates the signature block carries, to one of the configured publisher
 * certificates (RFC 5280 path validation, Bouncy Castle's PKIX builder).
 *
 * <p>Revocation is not checked: the element runs without access to CRL or OCSP responders; an
 * administrator withdraws a publisher by removing its certificate from the trusted set.
 */
public final class PublisherTrust {
    private final List<X509Certificate> trustedPublishers;
    private final Clock clock;

    public PublisherTrust(List<X509Certificate> trustedPublishers, Clock clock) {
        this.trustedPublishers = List.copyOf(trustedPublishers);
        this.clock = clock;
    }

    /** The subject of a certificate in RFC 2253 form, as rules match it. */
    public static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    void requireTrusted(X509Certificate signer, List<X509Certificate> carried) throws Denial {
        Date now = Date.from(clock.instant());
        requireValidAt(signer, now);
        if (trustedPublishers.isEmpty()) {
            throw new Denial("untrusted publisher: signer [" + subject(signer) + "]: no trusted publisher certificates are configured");
        }
        if (trustedPublishers.contains(signer)) {
            return;
        }
        try {
            CertPathBuilder.getInstance("PKIX", BouncyCastle.PROVIDER).build(parameters(signer, carried, now));
        } catch (GeneralSecurityException e) {
            throw new Denial("untrusted publisher: signer [" + subject(signer) + "] does not chain to a trusted publisher certificate ("
                    + e.getMessage() + ")");
        }
    }

    private static void requireValidAt(X509Certificate signer, Date now) throws Denial {
        try {
            signer.checkValidity(now);
        } catch (CertificateExpiredException e) {
            throw new Denial("expired certificate: signer [" + subject(signer) + "] expired at " + signer.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new Denial("certificate not yet valid: signer [" + subject(signer) + "] is valid from " + signer.getNotBefore().toInstant());
        }
    }

    private PKIXBuilderParameters parameters(X509Certificate signer, List<X509Certificate> carried, Date now)
            throws GeneralSecurityException {
        Set<TrustAnchor> anchors = trustedPublishers.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toSet());
        X509CertSelector target = new X509CertSelector();
        target.setCertificate(signer);
        PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
        parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(carried), BouncyCastle.PROVIDER));
        parameters.setRevocationEnabled(false);
        parameters.setDate(now);
        return parameters;
    }
}
