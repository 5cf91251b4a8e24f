package org.gatehouse.auth.x509;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** Where in a client certificate the principal's name is read (parameter {@code principal}). */
enum PrincipalSource {
    SUBJECT_CN("subject-cn"),
    SUBJECT_DN("subject-dn"),
    SAN_EMAIL("san-email"),
    SAN_URI("san-uri"),
    SAN_DNS("san-dns");

    /** RFC 5280 section 4.2.1.6 GeneralName tags. */
    private static final int RFC822 = 1;
    private static final int DNS = 2;
    private static final int URI = 6;

    private final String parameterValue;

    PrincipalSource(String parameterValue) {
        this.parameterValue = parameterValue;
    }

    String parameterValue() {
        return parameterValue;
    }

    static PrincipalSource fromName(String value) {
        for (PrincipalSource source : values()) {
            if (source.parameterValue.equals(value)) {
                return source;
            }
        }
        throw new IllegalArgumentException("parameter 'principal': '" + value + "' is not subject-cn, subject-dn, san-email, san-uri or san-dns");
    }

    Optional<String> of(X509Certificate certificate) {
        switch (this) {
            case SUBJECT_DN:
                return Optional.of(certificate.getSubjectX500Principal().getName());
            case SUBJECT_CN:
                return commonName(certificate);
            case SAN_EMAIL:
                return alternativeName(certificate, RFC822);
            case SAN_URI:
                return alternativeName(certificate, URI);
            default:
                return alternativeName(certificate, DNS);
        }
    }

    private static Optional<String> commonName(X509Certificate certificate) {
        try {
            List<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
            // getRdns() runs from the most significant RDN (C=...) to the least (usually CN=...): the most specific CN wins
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
                    return Optional.of(rdns.get(i).getValue().toString());
                }
            }
            return Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> alternativeName(X509Certificate certificate, int tag) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return Optional.empty();
            }
            return names.stream().filter(n -> ((Integer) n.get(0)) == tag).map(n -> (String) n.get(1)).findFirst();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
    }
}
