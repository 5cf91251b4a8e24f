package org.gatehouse.auth.saml;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gatehouse.auth.credentials.SamlAssertionExtractor;
import org.gatehouse.auth.x509.PemFiles;
import org.gatehouse.auth.xml.SafeXml;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;
import org.w3c.dom.Document;

/**
 * Checks a SAML 2.0 assertion (bladelet {@code saml}), as found by the {@code saml} credential
 * location: an enveloped XML signature over the whole assertion by one of the
 * {@code trust-certificates} (SAML core section 5), {@code Conditions} NotBefore/NotOnOrAfter
 * with {@code clock-skew}, an {@code AudienceRestriction} naming {@code audience}, and, when set,
 * the {@code issuer}. The principal is the subject's NameID; attributes become claims and
 * {@code groups-attribute} the groups.
 */
public final class SamlAuthenticator implements Authenticator {
    private final List<PublicKey> trusted;
    private final String audience;
    private final Optional<String> issuer;
    private final Duration skew;
    private final String groupsAttribute;
    private final String challenge;
    private final Clock clock;

    public SamlAuthenticator(BladeletContext context) {
        this.trusted = PemFiles.certificates(Path.of(context.parameters().string("trust-certificates")), "trust-certificates")
                .stream().map(X509Certificate::getPublicKey).toList();
        this.audience = context.parameters().string("audience");
        this.issuer = context.parameters().has("issuer") ? Optional.of(context.parameters().string("issuer")) : Optional.empty();
        this.skew = context.parameters().duration("clock-skew");
        this.groupsAttribute = context.parameters().string("groups-attribute");
        this.challenge = "SAML realm=\"" + context.parameters().string("realm") + "\"";
        this.clock = context.clock();
    }

    @Override
    public CompletionStage<AuthenticationResult> authenticate(Credentials credentials, Message message) {
        if (!(credentials instanceof Credentials.Custom custom) || !custom.kind().equals(SamlAssertionExtractor.KIND)
                || !custom.fields().containsKey(SamlAssertionExtractor.ASSERTION_FIELD)) {
            return done(AuthenticationResult.rejected("credentials of kind " + credentials.kind() + " are not a SAML assertion", challenge));
        }
        try {
            Document document = SafeXml.parse(new ByteArrayInputStream(
                    custom.fields().get(SamlAssertionExtractor.ASSERTION_FIELD).getBytes(StandardCharsets.UTF_8)));
            SamlAssertion assertion = new SamlAssertion(document.getDocumentElement());
            assertion.verifySignature(trusted);
            assertion.checkConditions(clock.instant(), skew, audience);
            issuer.ifPresent(assertion::checkIssuer);
            Identity identity = new Identity(assertion.nameId(), "saml", assertion.attributes(),
                    assertion.attributes().getOrDefault(groupsAttribute, List.of()), clock.instant());
            return done(AuthenticationResult.authenticated(identity));
        } catch (IllegalArgumentException e) {
            return done(AuthenticationResult.rejected("SAML assertion refused: " + e.getMessage(), challenge));
        }
    }

    private static CompletionStage<AuthenticationResult> done(AuthenticationResult result) {
        return CompletableFuture.completedStage(result);
    }
}
