package org.gatehouse.auth.x509;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.Parameters;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;

/**
 * Checks a TLS client's certificate chain (bladelet {@code x509}): PKIX path validation (RFC 5280
 * section 6) with Bouncy Castle's validator to the CA certificates in {@code trust-anchors}, at
 * the bladelet clock's time, and, when {@code crl-files} is set, revocation against those CRLs
 * (a certificate whose CA has no CRL there is then refused). The principal is taken as
 * {@code principal} says: the subject's CN, the whole subject DN, or the first e-mail, URI or DNS
 * name of the subject alternative names.
 */
public final class X509Authenticator implements Authenticator {
    /** Not registered in the JVM: a private instance, so no other bundle's provider order matters. */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final Set<TrustAnchor> anchors;
    private final List<X509CRL> crls;
    private final PrincipalSource principal;
    private final String realm;
    private final Clock clock;

    public X509Authenticator(BladeletContext context) {
        Parameters p = context.parameters();
        this.anchors = PemFiles.certificates(Path.of(p.string("trust-anchors")), "trust-anchors").stream()
                .map(c -> new TrustAnchor(c, null)).collect(Collectors.toUnmodifiableSet());
        List<X509CRL> loaded = new ArrayList<>();
        if (p.has("crl-files")) {
            for (String file : p.string("crl-files").strip().split("\\s+")) {
                loaded.addAll(PemFiles.crls(Path.of(file), "crl-files"));
            }
        }
        this.crls = List.copyOf(loaded);
        this.principal = PrincipalSource.fromName(p.string("principal"));
        this.realm = p.string("realm");
        this.clock = context.clock();
        warmUp();
    }

    /**
     * Runs one validation now, when the flows are loaded, so the path validator's classes are
     * loaded and initialized here and not on the first message, where on a busy host it can
     * overrun the step deadline.
     */
    private void warmUp() {
        anchors.stream().findFirst().ifPresent(anchor -> {
            try {
                CertPathValidator.getInstance("PKIX", BC).validate(
                        CertificateFactory.getInstance("X.509").generateCertPath(List.of(anchor.getTrustedCert())), parameters());
            } catch (GeneralSecurityException | RuntimeException outcomeDoesNotMatter) {
                // only the classes this loads matter, not whether an anchor validates as a path of its own
            }
        });
    }

    @Override
    public CompletionStage<AuthenticationResult> authenticate(Credentials credentials, Message message) {
        if (!(credentials instanceof Credentials.CertificateChain chain)) {
            return done(reject("credentials of kind " + credentials.kind() + " are not a certificate chain"));
        }
        try {
            validate(chain.chain());
        } catch (CertPathValidatorException e) {
            return done(reject("certificate " + chain.endEntity().getSubjectX500Principal().getName() + " refused: "
                    + e.getMessage() + (e.getReason() == null ? "" : " (" + e.getReason() + ")")));
        } catch (GeneralSecurityException e) {
            return CompletableFuture.failedFuture(e);
        }
        X509Certificate leaf = chain.endEntity();
        return principal.of(leaf)
                .map(name -> done(AuthenticationResult.authenticated(new Identity(name, "x509", claims(leaf), List.of(), clock.instant()))))
                .orElseGet(() -> done(reject("certificate " + leaf.getSubjectX500Principal().getName() + " has no " + principal.parameterValue())));
    }

    private void validate(List<X509Certificate> chain) throws GeneralSecurityException {
        // the path excludes the anchor itself: a client that sends its CA certificate too must not make it part of the path
        List<X509Certificate> path = chain.stream().filter(c -> anchors.stream().noneMatch(a -> a.getTrustedCert().equals(c))).toList();
        if (path.isEmpty()) {
            throw new CertPathValidatorException("the client sent only a trust anchor");
        }
        PKIXParameters parameters = parameters();
        CertPathValidator.getInstance("PKIX", BC).validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
    }

    private PKIXParameters parameters() throws InvalidAlgorithmParameterException, GeneralSecurityException {
        PKIXParameters parameters = new PKIXParameters(anchors);
        parameters.setDate(Date.from(clock.instant()));
        parameters.setRevocationEnabled(!crls.isEmpty());
        if (!crls.isEmpty()) {
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
        }
        return parameters;
    }

    private static Map<String, List<String>> claims(X509Certificate leaf) {
        Map<String, List<String>> claims = new LinkedHashMap<>();
        claims.put("subject", List.of(leaf.getSubjectX500Principal().getName()));
        claims.put("issuer", List.of(leaf.getIssuerX500Principal().getName()));
        claims.put("serial", List.of(leaf.getSerialNumber().toString(16)));
        return claims;
    }

    private AuthenticationResult reject(String reason) {
        return AuthenticationResult.rejected(reason, "ClientCertificate realm=\"" + realm + "\"");
    }

    private static CompletionStage<AuthenticationResult> done(AuthenticationResult result) {
        return CompletableFuture.completedStage(result);
    }
}
