package org.gatehouse.auth.saml;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.KeySelector;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * One SAML 2.0 assertion element and the checks on it. Every failure is an
 * {@link IllegalArgumentException} whose message names what failed.
 */
final class SamlAssertion {
    static final String SAML2 = "urn:oasis:names:tc:SAML:2.0:assertion";
    private static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";

    private final Element assertion;

    SamlAssertion(Element assertion) {
        if (!"Assertion".equals(assertion.getLocalName()) || !SAML2.equals(assertion.getNamespaceURI())) {
            throw new IllegalArgumentException("not a SAML 2.0 Assertion element");
        }
        this.assertion = assertion;
    }

    /**
     * The signature must be a direct child of the assertion with one reference, to the assertion's
     * own ID: a signature over some other element (signature wrapping) does not count.
     */
    void verifySignature(List<PublicKey> trusted) {
        String id = assertion.getAttribute("ID");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("the assertion has no ID");
        }
        Element signature = child(assertion, DSIG, "Signature").orElseThrow(() -> new IllegalArgumentException("the assertion is not signed"));
        XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
        for (PublicKey key : trusted) {
            try {
                DOMValidateContext context = new DOMValidateContext(KeySelector.singletonKeySelector(key), signature);
                context.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
                context.setIdAttributeNS(assertion, null, "ID");
                XMLSignature xmlSignature = factory.unmarshalXMLSignature(context);
                List<?> references = xmlSignature.getSignedInfo().getReferences();
                if (references.size() != 1 || !("#" + id).equals(((Reference) references.get(0)).getURI())) {
                    throw new IllegalArgumentException("the signature does not cover exactly the assertion " + id);
                }
                if (xmlSignature.validate(context)) {
                    return;
                }
            } catch (MarshalException | XMLSignatureException e) {
                throw new IllegalArgumentException("the signature cannot be checked: " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("the signature does not verify with any trusted certificate");
    }

    void checkConditions(Instant now, Duration skew, String audience) {
        Element conditions = child(assertion, SAML2, "Conditions").orElseThrow(() -> new IllegalArgumentException("no Conditions"));
        instant(conditions, "NotBefore").filter(t -> now.plus(skew).isBefore(t)).ifPresent(t -> {
            throw new IllegalArgumentException("not valid before " + t);
        });
        Instant notOnOrAfter = instant(conditions, "NotOnOrAfter")
                .orElseThrow(() -> new IllegalArgumentException("Conditions have no NotOnOrAfter"));
        if (!now.minus(skew).isBefore(notOnOrAfter)) {
            throw new IllegalArgumentException("expired at " + notOnOrAfter);
        }
        List<String> audiences = new ArrayList<>();
        for (Element restriction : children(conditions, SAML2, "AudienceRestriction")) {
            children(restriction, SAML2, "Audience").forEach(a -> audiences.add(a.getTextContent().strip()));
        }
        if (!audiences.contains(audience)) {
            throw new IllegalArgumentException("audience " + audiences + " does not include " + audience);
        }
    }

    void checkIssuer(String expected) {
        String actual = child(assertion, SAML2, "Issuer").map(e -> e.getTextContent().strip()).orElse("");
        if (!actual.equals(expected)) {
            throw new IllegalArgumentException("issuer '" + actual + "' is not '" + expected + "'");
        }
    }

    String nameId() {
        return child(assertion, SAML2, "Subject").flatMap(s -> child(s, SAML2, "NameID")).map(e -> e.getTextContent().strip())
                .filter(s -> !s.isEmpty()).orElseThrow(() -> new IllegalArgumentException("no Subject/NameID"));
    }

    Map<String, List<String>> attributes() {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        for (Element statement : children(assertion, SAML2, "AttributeStatement")) {
            for (Element attribute : children(statement, SAML2, "Attribute")) {
                List<String> values = attributes.computeIfAbsent(attribute.getAttribute("Name"), n -> new ArrayList<>());
                children(attribute, SAML2, "AttributeValue").forEach(v -> values.add(v.getTextContent().strip()));
            }
        }
        attributes.remove("");
        return attributes;
    }

    private static Optional<Instant> instant(Element element, String attribute) {
        String text = element.getAttribute(attribute);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(attribute + " '" + text + "' is not an xs:dateTime in UTC", e);
        }
    }

    private static Optional<Element> child(Element parent, String namespace, String name) {
        List<Element> found = children(parent, namespace, name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static List<Element> children(Element parent, String namespace, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName()) && namespace.equals(e.getNamespaceURI())) {
                found.add(e);
            }
        }
        return found;
    }
}
