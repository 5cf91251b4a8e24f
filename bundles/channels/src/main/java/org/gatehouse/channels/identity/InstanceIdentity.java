package org.gatehouse.channels.identity;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * Who an application instance is, as its client certificate says (docs/channels.md "Channel
 * policy"): the certificate's subject DN and, when it has one, its SPIFFE ID (a URI subject
 * alternative name with the scheme {@code spiffe}). The certificate is taken as already verified
 * (its chain, validity and key) by the TLS layer that received it; this class only reads names.
 *
 * <p>Any URI name whose scheme reads {@code spiffe} in any case claims to be a SPIFFE ID and must
 * be a valid one; a certificate with two such names is refused rather than one of them chosen.
 * The names are read with Bouncy Castle from the extension's DER, not through the JDK's
 * {@code getSubjectAlternativeNames}, which drops the whole extension when one URI does not parse
 * and so would let a certificate hide a SPIFFE ID.
 *
 * <pre>{@code
 * InstanceIdentity source = InstanceIdentity.of(clientCertificate);
 * source.spiffeId();   // Optional[spiffe://example.org/billing/api]
 * }</pre>
 *
 * @param subject  the certificate's subject DN (possibly empty, as in many SPIFFE certificates)
 * @param spiffeId the SPIFFE ID, when the certificate has one
 */
public record InstanceIdentity(X500Principal subject, Optional<SpiffeId> spiffeId) {
    /** RFC 5280 section 4.2.1.6: uniformResourceIdentifier [6] IA5String. */
    private static final int URI = GeneralName.uniformResourceIdentifier;

    public InstanceIdentity {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(spiffeId, "spiffeId");
    }

    /** An identity by subject DN only (RFC 4514 text). */
    public static InstanceIdentity ofSubject(String subjectDn) {
        return new InstanceIdentity(new X500Principal(subjectDn), Optional.empty());
    }

    /** An identity by SPIFFE ID, with an empty subject. */
    public static InstanceIdentity ofSpiffeId(String spiffeId) {
        return new InstanceIdentity(new X500Principal(""), Optional.of(SpiffeId.parse(spiffeId)));
    }

    /** The identity in a client certificate; refused, naming the subject and the reason, when its SPIFFE names are not usable. */
    public static InstanceIdentity of(X509Certificate certificate) throws InstanceIdentityException {
        X500Principal subject = certificate.getSubjectX500Principal();
        List<String> claimed = new ArrayList<>();
        for (String uri : uriNames(certificate)) {
            if (uri.regionMatches(true, 0, "spiffe:", 0, "spiffe:".length())) {
                claimed.add(uri);
            }
        }
        if (claimed.size() > 1) {
            throw new InstanceIdentityException(describe(subject) + " has " + claimed.size() + " SPIFFE IDs " + claimed + "; at most one is allowed");
        }
        if (claimed.isEmpty()) {
            return new InstanceIdentity(subject, Optional.empty());
        }
        try {
            return new InstanceIdentity(subject, Optional.of(SpiffeId.parse(claimed.get(0))));
        } catch (IllegalArgumentException e) {
            throw new InstanceIdentityException(describe(subject) + ": " + e.getMessage(), e);
        }
    }

    /** The key connection counts are kept under: the SPIFFE ID when there is one, otherwise the canonical subject DN. */
    public String key() {
        return spiffeId.map(SpiffeId::toString).orElseGet(() -> "dn:" + subject.getName(X500Principal.CANONICAL));
    }

    private static List<String> uriNames(X509Certificate certificate) throws InstanceIdentityException {
        byte[] extension = certificate.getExtensionValue(Extension.subjectAlternativeName.getId());
        if (extension == null) {
            return List.of();
        }
        try {
            GeneralNames names = GeneralNames.getInstance(
                    ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(extension).getOctets()));
            List<String> uris = new ArrayList<>();
            for (GeneralName name : names.getNames()) {
                if (name.getTagNo() == URI) {
                    uris.add(ASN1IA5String.getInstance(name.getName()).getString());
                }
            }
            return uris;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new InstanceIdentityException(describe(certificate.getSubjectX500Principal())
                    + ": its subject alternative names cannot be read: " + e.getMessage(), e);
        }
    }

    private static String describe(X500Principal subject) {
        String name = subject.getName();
        return "certificate [" + (name.isEmpty() ? "empty subject" : name) + "]";
    }

    /** {@code spiffe://example.org/billing [CN=billing,O=Example]}, either part left out when absent. */
    @Override
    public String toString() {
        String dn = subject.getName();
        String id = spiffeId.map(SpiffeId::toString).orElse("");
        return dn.isEmpty() ? id : (id.isEmpty() ? "" : id + " ") + "[" + dn + "]";
    }
}
