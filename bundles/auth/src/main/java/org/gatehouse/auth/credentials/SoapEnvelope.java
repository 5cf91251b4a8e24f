package org.gatehouse.auth.credentials;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A SOAP 1.1 or 1.2 envelope read strictly, for the token locations whose proof depends on which
 * element is which: exactly one {@code Header}, one {@code Body} and one {@code wsse:Security}
 * block, so that what a signature covers and what the upstream processes cannot be two different
 * elements (signature wrapping), and a second Security header cannot carry a second opinion.
 *
 * @param envelope the document element
 * @param body     the envelope's one Body: the one the upstream processes
 * @param security the one {@code wsse:Security} header block
 */
record SoapEnvelope(Element envelope, Element body, Element security) {
    static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

    /**
     * The envelope's parts; empty when there is no Security header (the client did not try).
     *
     * @throws UnreadableCredentialsException when it is not a SOAP envelope, or a part is missing or repeated
     */
    static Optional<SoapEnvelope> read(Document document, String location) throws UnreadableCredentialsException {
        Element envelope = document.getDocumentElement();
        Optional<Element> security = SoapSecurityHeader.find(document, location); // checks the root is a SOAP envelope
        if (security.isEmpty()) {
            return Optional.empty();
        }
        String soap = envelope.getNamespaceURI();
        single(envelope, soap, "Header", location);
        Element header = (Element) security.get().getParentNode();
        single(header, SoapSecurityHeader.WSSE, "Security", location);
        Element body = single(envelope, soap, "Body", location);
        return Optional.of(new SoapEnvelope(envelope, body, security.get()));
    }

    /** The one child of that name. */
    static Element single(Element parent, String namespace, String localName, String location) throws UnreadableCredentialsException {
        List<Element> found = children(parent, namespace, localName);
        if (found.size() != 1) {
            throw new UnreadableCredentialsException(location + ": " + found.size() + " " + localName + " elements in " + parent.getLocalName()
                    + ", expected exactly one");
        }
        return found.get(0);
    }

    /** Every child element of that name, in order. */
    static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName()) && namespace.equals(e.getNamespaceURI())) {
                found.add(e);
            }
        }
        return found;
    }
}
