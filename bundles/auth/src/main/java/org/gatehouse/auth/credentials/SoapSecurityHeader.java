package org.gatehouse.auth.credentials;

import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Finds the {@code wsse:Security} header block of a SOAP 1.1 or 1.2 envelope (WSS 1.1 section 5). */
final class SoapSecurityHeader {
    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    private static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";

    private SoapSecurityHeader() {
    }

    /** The Security element; empty when the envelope has no header or no Security block. */
    static Optional<Element> find(Document document, String location) throws UnreadableCredentialsException {
        Element envelope = document.getDocumentElement();
        String ns = envelope.getNamespaceURI();
        if (!"Envelope".equals(envelope.getLocalName()) || !(SOAP11.equals(ns) || SOAP12.equals(ns))) {
            throw new UnreadableCredentialsException(location + ": body is not a SOAP envelope (root is {" + ns + "}"
                    + envelope.getLocalName() + ")");
        }
        Optional<Element> header = child(envelope, ns, "Header");
        return header.isEmpty() ? Optional.empty() : child(header.get(), WSSE, "Security");
    }

    /** The first child element with that name. */
    static Optional<Element> child(Element parent, String namespace, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName()) && namespace.equals(e.getNamespaceURI())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
