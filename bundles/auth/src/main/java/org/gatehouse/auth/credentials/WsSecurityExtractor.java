package org.gatehouse.auth.credentials;

import java.util.Optional;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A WS-Security UsernameToken (OASIS Username Token Profile 1.1) from the SOAP envelope in the
 * body, handed on as user name and password. Only {@code PasswordText} is accepted: a
 * {@code PasswordDigest} cannot be checked by binding to a directory, so it is reported as
 * unreadable rather than silently failing later.
 */
public final class WsSecurityExtractor implements CredentialExtractor {
    private static final String PASSWORD_TEXT =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";
    private static final String LOCATION = "ws-security UsernameToken";

    @Override
    public Optional<Credentials> extract(Message message) throws UnreadableCredentialsException {
        Optional<Document> document = MessageBodies.xml(message, LOCATION);
        if (document.isEmpty()) {
            return Optional.empty();
        }
        Optional<Element> token = SoapSecurityHeader.find(document.get(), LOCATION)
                .flatMap(security -> SoapSecurityHeader.child(security, SoapSecurityHeader.WSSE, "UsernameToken"));
        if (token.isEmpty()) {
            return Optional.empty();
        }
        Element username = required(token.get(), "Username");
        Element password = required(token.get(), "Password");
        String type = password.getAttribute("Type");
        if (!type.isEmpty() && !PASSWORD_TEXT.equals(type)) {
            throw new UnreadableCredentialsException(LOCATION + ": password type " + type + " is not PasswordText");
        }
        return Optional.of(new Credentials.Basic(username.getTextContent().strip(), password.getTextContent()));
    }

    private static Element required(Element token, String name) throws UnreadableCredentialsException {
        return SoapSecurityHeader.child(token, SoapSecurityHeader.WSSE, name)
                .orElseThrow(() -> new UnreadableCredentialsException(LOCATION + ": wsse:" + name + " is missing"));
    }

    @Override
    public String challenge(String realm) {
        return CredentialExtractor.realmChallenge("WSSE", realm);
    }
}
