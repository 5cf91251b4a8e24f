package org.gatehouse.auth.x509;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRL;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reads certificates and CRLs from PEM (or DER) files, naming the parameter and file on error. */
public final class PemFiles {
    private PemFiles() {
    }

    /** Every certificate in the file; at least one. */
    public static List<X509Certificate> certificates(Path file, String parameter) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) c);
            }
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("parameter '" + parameter + "': " + file + " holds no certificate");
            }
            return List.copyOf(certificates);
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("parameter '" + parameter + "': cannot read certificates from " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** Every CRL in the file. */
    static List<X509CRL> crls(Path file, String parameter) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends CRL> crls = CertificateFactory.getInstance("X.509").generateCRLs(in);
            return crls.stream().map(X509CRL.class::cast).toList();
        } catch (IOException | CertificateException | CRLException e) {
            throw new IllegalArgumentException("parameter '" + parameter + "': cannot read CRLs from " + file + ": " + e.getMessage(), e);
        }
    }
}
