package org.gatehouse.dataplane.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files of TLS settings the way the TLS contexts use them, so that a file that is
 * missing, does not parse, or a key that does not belong to its certificate is refused when the
 * configuration is read, with the file named, and not at the first connection.
 *
 * <pre>{@code
 * List<X509Certificate> cas = PemFiles.certificates(confDir.resolve("tls/upstream-ca.pem"));
 * PrivateKey key = PemFiles.privateKeyOf(confDir.resolve("tls/client-key.pem"), chain.get(0));
 * }</pre>
 */
public final class PemFiles {
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final byte[] PROBE = "gatehouse key pair check".getBytes(StandardCharsets.US_ASCII);

    private PemFiles() {
    }

    /** The X.509 certificates of a PEM file, in order; at least one. */
    public static List<X509Certificate> certificates(Path file) throws GeneralSecurityException {
        byte[] bytes = read(file);
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            factory.generateCertificates(new ByteArrayInputStream(bytes)).forEach(c -> certificates.add((X509Certificate) c));
        } catch (CertificateException e) {
            throw new GeneralSecurityException(file + " is not a PEM file of X.509 certificates: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException(file + " holds no certificate");
        }
        return List.copyOf(certificates);
    }

    /**
     * The unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}) of a PEM file, checked to be the key of
     * {@code certificate} by signing with it and verifying with the certificate's public key.
     */
    public static PrivateKey privateKeyOf(Path file, X509Certificate certificate) throws GeneralSecurityException {
        Matcher pem = PRIVATE_KEY.matcher(new String(read(file), StandardCharsets.US_ASCII));
        if (!pem.find()) {
            throw new GeneralSecurityException(file + " holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----)");
        }
        PublicKey publicKey = certificate.getPublicKey();
        PrivateKey key;
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.group(1));
            key = KeyFactory.getInstance(publicKey.getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new GeneralSecurityException(file + " is not a " + publicKey.getAlgorithm() + " private key: " + e.getMessage(), e);
        }
        if (!signsFor(key, publicKey)) {
            throw new GeneralSecurityException(file + " is not the private key of certificate " + certificate.getSubjectX500Principal().getName());
        }
        return key;
    }

    private static boolean signsFor(PrivateKey key, PublicKey publicKey) throws GeneralSecurityException {
        String algorithm;
        switch (publicKey.getAlgorithm().toUpperCase(Locale.ROOT)) {
            case "RSA":
                algorithm = "SHA256withRSA";
                break;
            case "EC":
                algorithm = "SHA256withECDSA";
                break;
            case "ED25519":
            case "ED448":
            case "EDDSA":
                algorithm = publicKey.getAlgorithm();
                break;
            default:
                throw new GeneralSecurityException("keys of type " + publicKey.getAlgorithm() + " are not supported (RSA, EC, EdDSA)");
        }
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (java.security.InvalidKeyException | java.security.SignatureException e) {
            return false; // a key of another curve or size is not this certificate's key either
        }
    }

    private static byte[] read(Path file) throws GeneralSecurityException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot read " + file + ": " + e, e);
        }
    }
}
