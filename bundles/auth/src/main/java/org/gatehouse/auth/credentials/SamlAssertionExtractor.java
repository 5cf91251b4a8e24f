package org.gatehouse.auth.credentials;

import java.util.Map;
import java.util.Optional;
import org.gatehouse.auth.xml.SafeXml;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A SAML 2.0 assertion carried in the {@code wsse:Security} header of a SOAP envelope (OASIS WSS
 * SAML Token Profile 1.1). Handed on as custom credentials of kind {@code saml} with the field
 * {@code assertion} holding the assertion element as XML; the SAML authenticator checks it.
 */
public final class SamlAssertionExtractor implements CredentialExtractor {
    /** The kind of the credentials this location yields. */
    public static final String KIND = "saml";
    /** The field holding the assertion's XML. */
    public static final String ASSERTION_FIELD = "assertion";
    static final String SAML2 = "urn:oasis:names:tc:SAML:2.0:assertion";
    private static final String LOCATION = "saml assertion";

    @Override
    public Optional<Credentials> extract(Message message) throws UnreadableCredentialsException {
        Optional<Document> document = MessageBodies.xml(message, LOCATION);
        if (document.isEmpty()) {
            return Optional.empty();
        }
        Optional<Element> assertion = SoapSecurityHeader.find(document.get(), LOCATION)
                .flatMap(security -> SoapSecurityHeader.child(security, SAML2, "Assertion"));
        return assertion.map(a -> new Credentials.Custom(KIND, Map.of(ASSERTION_FIELD, SafeXml.serialize(a))));
    }

    @Override
    public String challenge(String realm) {
        return CredentialExtractor.realmChallenge("SAML", realm);
    }
}
