package org.gatehouse.auth.testing;

import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** SAML 2.0 assertions signed in the test with the JDK's XML signature (enveloped, exclusive c14n, RSA-SHA256). */
public final class SamlAssertions {
    public static final String SAML2 = "urn:oasis:names:tc:SAML:2.0:assertion";

    private SamlAssertions() {
    }

    /** A signed assertion for the subject, valid in [notBefore, notOnOrAfter), for the audience, as XML text. */
    public static String signed(String subject, String audience, Instant notBefore, Instant notOnOrAfter, List<String> groups,
                                X509Certificate certificate, PrivateKey key) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().newDocument();
        Element assertion = element(doc, "Assertion");
        assertion.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:saml2", SAML2);
        assertion.setAttribute("ID", "_a" + Long.toHexString(System.nanoTime()));
        assertion.setAttribute("Version", "2.0");
        assertion.setAttribute("IssueInstant", notBefore.toString());
        doc.appendChild(assertion);
        assertion.appendChild(text(doc, "Issuer", "https://idp.example.com"));
        Element subjectElement = element(doc, "Subject");
        subjectElement.appendChild(text(doc, "NameID", subject));
        assertion.appendChild(subjectElement);
        Element conditions = element(doc, "Conditions");
        conditions.setAttribute("NotBefore", notBefore.toString());
        conditions.setAttribute("NotOnOrAfter", notOnOrAfter.toString());
        Element restriction = element(doc, "AudienceRestriction");
        restriction.appendChild(text(doc, "Audience", audience));
        conditions.appendChild(restriction);
        assertion.appendChild(conditions);
        Element statement = element(doc, "AttributeStatement");
        Element attribute = element(doc, "Attribute");
        attribute.setAttribute("Name", "groups");
        groups.forEach(g -> attribute.appendChild(text(doc, "AttributeValue", g)));
        statement.appendChild(attribute);
        assertion.appendChild(statement);
        assertion.setIdAttributeNS(null, "ID", true);
        sign(assertion, subjectElement, certificate, key);
        return serialize(assertion);
    }

    /** The assertion inside the wsse:Security header of a SOAP 1.1 envelope. */
    public static String inSoap(String assertionXml) {
        return "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<s:Header><wsse:Security xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd\">"
                + assertionXml + "</wsse:Security></s:Header><s:Body><getOrder id=\"7\"/></s:Body></s:Envelope>";
    }

    private static void sign(Element assertion, Element before, X509Certificate certificate, PrivateKey key) throws Exception {
        XMLSignatureFactory f = XMLSignatureFactory.getInstance("DOM");
        Reference reference = f.newReference("#" + assertion.getAttribute("ID"), f.newDigestMethod(DigestMethod.SHA256, null),
                List.of(f.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                        f.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)), null, null);
        SignedInfo signedInfo = f.newSignedInfo(f.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                f.newSignatureMethod(SignatureMethod.RSA_SHA256, null), List.of(reference));
        KeyInfoFactory keyInfo = f.getKeyInfoFactory();
        DOMSignContext context = new DOMSignContext(key, assertion, before); // SAML core: the Signature follows the Issuer
        context.setDefaultNamespacePrefix("ds");
        f.newXMLSignature(signedInfo, keyInfo.newKeyInfo(List.of(keyInfo.newX509Data(List.of(certificate))))).sign(context);
    }

    private static Element element(Document doc, String name) {
        return doc.createElementNS(SAML2, "saml2:" + name);
    }

    private static Element text(Document doc, String name, String value) {
        Element e = element(doc, name);
        e.setTextContent(value);
        return e;
    }

    private static String serialize(Element element) throws Exception {
        Transformer transformer = TransformerFactory.newDefaultInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        StringWriter out = new StringWriter();
        transformer.transform(new DOMSource(element), new StreamResult(out));
        return out.toString();
    }
}
