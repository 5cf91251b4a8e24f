package org.gatehouse.auth.credentials;

import java.util.Optional;
import java.util.Set;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;
import org.w3c.dom.Document;

/**
 * A Kerberos AP-REQ carried as a {@code wsse:BinarySecurityToken} in the Security header of a SOAP
 * 1.1 or 1.2 envelope (OASIS Kerberos Token Profile 1.1 section 3.1: ValueType
 * {@code GSS_Kerberosv5_AP_REQ} or {@code GSS_Kerberosv5_AP_REQ1510}, the AP-REQ in its GSS-API
 * framing, RFC 4121 section 4.1), handed on as a Negotiate token for the {@code kerberos} method,
 * which reads Kerberos and SPNEGO initial tokens alike. The bare {@code Kerberosv5_AP_REQ} types,
 * without the GSS framing, are unreadable: the JDK's acceptor takes framed tokens only.
 *
 * <p>What this proves is what {@code Authorization: Negotiate} proves: the sender obtained a ticket
 * for the service, and the authenticator in it is fresh and not replayed (the acceptor's replay
 * cache). The ticket does not cover the Body; over plain HTTP a token taken from a message can be
 * put on another body once, before the original arrives. Use TLS.
 */
public final class WsSecurityKerberosExtractor implements CredentialExtractor {
    private static final String PROFILE = "http://docs.oasis-open.org/wss/oasis-wss-kerberos-token-profile-1.1#";
    static final String GSS_AP_REQ = PROFILE + "GSS_Kerberosv5_AP_REQ";
    static final String GSS_AP_REQ_1510 = PROFILE + "GSS_Kerberosv5_AP_REQ1510";
    private static final Set<String> BARE = Set.of(PROFILE + "Kerberosv5_AP_REQ", PROFILE + "Kerberosv5_AP_REQ1510");
    private static final String LOCATION = "ws-security-kerberos BinarySecurityToken";

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
        if (BinarySecurityToken.find(soap.get().security(), BARE, LOCATION).isPresent()) {
            throw new UnreadableCredentialsException(LOCATION + ": a bare Kerberosv5_AP_REQ is not read, send GSS_Kerberosv5_AP_REQ");
        }
        return BinarySecurityToken.find(soap.get().security(), Set.of(GSS_AP_REQ, GSS_AP_REQ_1510), LOCATION)
                .map(token -> new Credentials.Negotiate(token.value()));
    }

    @Override
    public String challenge(String realm) {
        return CredentialExtractor.realmChallenge("WSSE", realm);
    }
}
