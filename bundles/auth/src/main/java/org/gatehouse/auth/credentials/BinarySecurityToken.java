package org.gatehouse.auth.credentials;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * A {@code wsse:BinarySecurityToken} of the Security header (WSS 1.1 SOAP Message Security
 * section 6.3): its {@code ValueType}, its {@code wsu:Id} and its content, base64-decoded.
 *
 * @param element   the token element
 * @param valueType its ValueType, one of those the location asked for
 * @param value     the decoded content
 */
record BinarySecurityToken(Element element, String valueType, byte[] value) {
    private static final String BASE64_BINARY =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";

    /**
     * The one token of the Security header whose ValueType is one of {@code valueTypes}; empty
     * when there is none. Tokens of other types are left to their locations.
     *
     * @throws UnreadableCredentialsException when there are several, or the one there does not decode
     */
    static Optional<BinarySecurityToken> find(Element security, Set<String> valueTypes, String location)
            throws UnreadableCredentialsException {
        List<Element> tokens = SoapEnvelope.children(security, SoapSecurityHeader.WSSE, "BinarySecurityToken").stream()
                .filter(t -> valueTypes.contains(t.getAttribute("ValueType"))).toList();
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        if (tokens.size() > 1) {
            throw new UnreadableCredentialsException(location + ": " + tokens.size() + " BinarySecurityToken elements of its types, expected one");
        }
        Element token = tokens.get(0);
        String encoding = token.getAttribute("EncodingType");
        if (!encoding.isEmpty() && !BASE64_BINARY.equals(encoding)) { // WSS 1.1 section 6.3: Base64Binary is the default
            throw new UnreadableCredentialsException(location + ": BinarySecurityToken EncodingType " + encoding + " is not Base64Binary");
        }
        byte[] value;
        try {
            value = Base64.getDecoder().decode(strict(token.getTextContent(), location));
        } catch (IllegalArgumentException e) {
            throw new UnreadableCredentialsException(location + ": BinarySecurityToken is not base64: " + e.getMessage(), e);
        }
        if (value.length == 0) {
            throw new UnreadableCredentialsException(location + ": BinarySecurityToken is empty");
        }
        return Optional.of(new BinarySecurityToken(token, token.getAttribute("ValueType"), value));
    }

    /** xs:base64Binary allows white space between characters, nothing else (the MIME decoder would skip anything). */
    private static String strict(String text, String location) throws UnreadableCredentialsException {
        String compact = text.replaceAll("[ \t\r\n]", "");
        if (!compact.matches("[A-Za-z0-9+/]*={0,2}")) {
            throw new UnreadableCredentialsException(location + ": BinarySecurityToken holds characters that are not base64");
        }
        return compact;
    }

    /** Its {@code wsu:Id}, empty when it has none. */
    String id() {
        return element.getAttributeNS(SoapEnvelope.WSU, "Id");
    }
}
