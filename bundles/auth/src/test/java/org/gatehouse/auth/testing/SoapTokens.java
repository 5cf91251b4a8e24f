package org.gatehouse.auth.testing;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.xml.crypto.dom.DOMStructure;
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
import org.w3c.dom.Node;

/**
 * SOAP envelopes with WS-Security BinarySecurityTokens, made in the test: an X.509 token with the
 * Security header's signature (JDK XML DSig, exclusive c14n, SHA-256) over the Body and a
 * Timestamp, or a Kerberos AP-REQ token; and the surgery an attacker would do on them.
 */
public final class SoapTokens {
    public static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    public static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    private static final String X509_PROFILE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#";
    public static final String X509V3 = X509_PROFILE + "X509v3";
    public static final String PKI_PATH = X509_PROFILE + "X509PKIPathv1";
    public static final String PKCS7 = X509_PROFILE + "PKCS7";
    private static final String KERBEROS_PROFILE = "http://docs.oasis-open.org/wss/oasis-wss-kerberos-token-profile-1.1#";
    public static final String GSS_KERBEROS = KERBEROS_PROFILE + "GSS_Kerberosv5_AP_REQ";
    public static final String BARE_KERBEROS = KERBEROS_PROFILE + "Kerberosv5_AP_REQ";
    private static final String BASE64 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";
    /** The Body's payload: what an attacker wants to change. */
    public static final String PAYLOAD = "<o:transfer xmlns:o=\"urn:example:bank\"><o:to>alice</o:to><o:amount>10</o:amount></o:transfer>";

    private SoapTokens() {
    }

    /** The token's bytes for the ValueType: the certificate (X509v3), or the chain as PkiPath or PKCS#7. */
    public static byte[] certificateToken(String valueType, X509Certificate... chain) throws Exception {
        if (valueType.equals(X509V3)) {
            return chain[0].getEncoded();
        }
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(chain));
        return path.getEncoded(valueType.equals(PKI_PATH) ? "PkiPath" : "PKCS7");
    }

    /** An envelope whose Security header holds the token (with {@code wsu:Id="token"}) and, when created is set, a Timestamp. */
    public static Document envelope(String soap, String valueType, byte[] token, Instant created, Instant expires) throws Exception {
        StringBuilder xml = new StringBuilder("<s:Envelope xmlns:s=\"" + soap + "\" xmlns:wsse=\"" + WSSE + "\" xmlns:wsu=\"" + WSU + "\">"
                + "<s:Header><wsse:Security s:mustUnderstand=\"" + (soap.equals(SOAP11) ? "1" : "true") + "\">"
                + "<wsse:BinarySecurityToken wsu:Id=\"token\" ValueType=\"" + valueType + "\" EncodingType=\"" + BASE64 + "\">"
                + Base64.getMimeEncoder().encodeToString(token) + "</wsse:BinarySecurityToken>");
        if (created != null) {
            xml.append("<wsu:Timestamp wsu:Id=\"ts\"><wsu:Created>").append(created).append("</wsu:Created><wsu:Expires>").append(expires)
                    .append("</wsu:Expires></wsu:Timestamp>");
        }
        xml.append("</wsse:Security></s:Header><s:Body wsu:Id=\"body\">").append(PAYLOAD).append("</s:Body></s:Envelope>");
        return parse(xml.toString());
    }

    /** A fresh X.509 envelope, signed by the key over the Body and the Timestamp. */
    public static String signedX509(String soap, String valueType, byte[] token, PrivateKey key) throws Exception {
        Instant now = Instant.now();
        Document doc = envelope(soap, valueType, token, now, now.plusSeconds(300));
        sign(doc, key, List.of("#body", "#ts"), List.of());
        return text(doc);
    }

    /**
     * Signs the envelope: the Signature is appended to the Security header, referencing these URIs
     * with exclusive c14n and the extra transforms; its KeyInfo points at the token.
     */
    public static void sign(Document doc, PrivateKey key, List<String> uris, List<Transform> extraTransforms) throws Exception {
        register(doc.getDocumentElement());
        XMLSignatureFactory f = XMLSignatureFactory.getInstance("DOM");
        List<Reference> references = new ArrayList<>();
        for (String uri : uris) {
            List<Transform> transforms = new ArrayList<>(extraTransforms);
            transforms.add(f.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null));
            references.add(f.newReference(uri, f.newDigestMethod(DigestMethod.SHA256, null), transforms, null, null));
        }
        String method = key.getAlgorithm().equals("EC") ? SignatureMethod.ECDSA_SHA256 : SignatureMethod.RSA_SHA256;
        SignedInfo signedInfo = f.newSignedInfo(f.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                f.newSignatureMethod(method, null), references);
        Element reference = doc.createElementNS(WSSE, "wsse:SecurityTokenReference");
        Element inner = doc.createElementNS(WSSE, "wsse:Reference");
        inner.setAttribute("URI", "#token");
        reference.appendChild(inner);
        KeyInfoFactory keyInfo = f.getKeyInfoFactory();
        DOMSignContext context = new DOMSignContext(key, security(doc));
        context.setDefaultNamespacePrefix("ds");
        f.newXMLSignature(signedInfo, keyInfo.newKeyInfo(List.of(new DOMStructure(reference)))).sign(context);
    }

    /** An envelope with a Kerberos token (no signature, no Timestamp). */
    public static String kerberos(String soap, String valueType, byte[] token) throws Exception {
        return text(envelope(soap, valueType, token, null, null));
    }

    /**
     * Signature wrapping: the signed Body moves into a wrapper in the Header, and a Body of the
     * attacker's takes its place, with the given wsu:Id (or none when null).
     */
    public static String wrapped(String signedXml, String newBodyId) throws Exception {
        Document doc = parse(signedXml);
        Element envelope = doc.getDocumentElement();
        Element body = child(envelope, "Body");
        Element header = child(envelope, "Header");
        Element wrapper = doc.createElementNS("urn:example:wrapper", "w:Wrapper");
        header.appendChild(wrapper);
        wrapper.appendChild(body);
        Element evil = (Element) envelope.appendChild(doc.createElementNS(envelope.getNamespaceURI(), "s:Body"));
        if (newBodyId != null) {
            evil.setAttributeNS(WSU, "wsu:Id", newBodyId);
        }
        evil.appendChild(doc.importNode(parse(PAYLOAD.replace("alice", "mallory").replace(">10<", ">10000<")).getDocumentElement(), true));
        return text(doc);
    }

    public static Element security(Document doc) {
        return child(child(doc.getDocumentElement(), "Header"), "Security");
    }

    public static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    public static String text(Document doc) throws Exception {
        Transformer transformer = TransformerFactory.newDefaultInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        StringWriter out = new StringWriter();
        transformer.transform(new DOMSource(doc), new StreamResult(out));
        return out.toString();
    }

    /** Every wsu:Id becomes an ID for the signer's dereferencer. */
    private static void register(Element element) {
        if (element.hasAttributeNS(WSU, "Id")) {
            element.setIdAttributeNS(WSU, "Id", true);
        }
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                register(e);
            }
        }
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getLocalName().equals(localName)) {
                return e;
            }
        }
        throw new IllegalStateException("no " + localName + " in " + parent.getLocalName());
    }
}
