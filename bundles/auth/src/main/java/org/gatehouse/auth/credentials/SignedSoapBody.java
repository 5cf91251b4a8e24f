package org.gatehouse.auth.credentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.xml.crypto.KeySelector;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The proof that whoever sent a certificate in a SOAP envelope holds its private key (WSS 1.1 SOAP
 * Message Security section 8, X.509 Token Profile 1.1 section 3.3): the one {@code ds:Signature}
 * of the Security header, made with that key, covering the Body the upstream processes and a
 * current {@code wsu:Timestamp}. Checked with the JDK's XML signature, secure validation on, and
 * more narrowly than XML DSig allows, because a signature that verifies is worthless when it
 * covers something else than what is acted upon:
 * <ul>
 *   <li>references only by {@code #Id} to the Body, the Timestamp or the token itself: no external
 *       or whole-document references;</li>
 *   <li>the Body and the Timestamp must both be referenced, by an Id no other element in the
 *       document carries (a signed Body moved into a wrapper and a new Body put in its place is
 *       refused: signature wrapping);</li>
 *   <li>canonicalization only as transforms (no XPath or XSLT filter that would sign part of the
 *       Body), SHA-2 digests, RSA or ECDSA with SHA-2;</li>
 *   <li>no XML comment in the Body or the Timestamp: a reference by Id leaves comments out;</li>
 *   <li>the Timestamp created at most {@link #MAX_AGE} ago and not expired, give or take
 *       {@link #CLOCK_SKEW}: the location remembers accepted envelopes for that long only, and
 *       refuses them when sent again ({@link SeenSignatures}).</li>
 * </ul>
 */
final class SignedSoapBody {
    /** How old a Timestamp's Created may be. */
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    /** The clock difference tolerated between the client and the element. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    private static final String DSIG = XMLSignature.XMLNS;
    private static final Set<String> CANONICALIZATIONS = Set.of(CanonicalizationMethod.EXCLUSIVE,
            CanonicalizationMethod.EXCLUSIVE_WITH_COMMENTS, CanonicalizationMethod.INCLUSIVE, CanonicalizationMethod.INCLUSIVE_WITH_COMMENTS);
    private static final Set<String> DIGESTS = Set.of(DigestMethod.SHA256, DigestMethod.SHA384, DigestMethod.SHA512);
    private static final Set<String> SIGNATURES = Set.of(SignatureMethod.RSA_SHA256, SignatureMethod.RSA_SHA384, SignatureMethod.RSA_SHA512,
            SignatureMethod.ECDSA_SHA256, SignatureMethod.ECDSA_SHA384, SignatureMethod.ECDSA_SHA512);

    private SignedSoapBody() {
    }

    /**
     * Checks the envelope's signature by {@code key}.
     *
     * @return what the signature vouches for, to tell the same signed envelope sent again
     * @throws UnreadableCredentialsException naming what is missing, what is not covered or what does not verify
     */
    static Signed verify(SoapEnvelope soap, BinarySecurityToken token, PublicKey key, Instant now, String location)
            throws UnreadableCredentialsException {
        List<Element> signatures = SoapEnvelope.children(soap.security(), DSIG, "Signature");
        if (signatures.isEmpty()) {
            throw new UnreadableCredentialsException(location + ": no ds:Signature in wsse:Security: a certificate alone proves "
                    + "nothing, the Body must be signed with its key");
        }
        if (signatures.size() > 1) {
            throw new UnreadableCredentialsException(location + ": " + signatures.size() + " ds:Signature elements in wsse:Security, expected one");
        }
        Element timestamp = SoapEnvelope.single(soap.security(), SoapEnvelope.WSU, "Timestamp", location);
        checkTimestamp(timestamp, now, location);
        String bodyId = uniqueId(soap.body(), "Body", location);
        String timestampId = uniqueId(timestamp, "Timestamp", location);
        Set<String> allowed = new HashSet<>(List.of("#" + bodyId, "#" + timestampId));
        if (!token.id().isEmpty()) {
            allowed.add("#" + uniqueId(token.element(), "BinarySecurityToken", location));
        }
        DOMValidateContext context = new DOMValidateContext(KeySelector.singletonKeySelector(key), signatures.get(0));
        context.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
        // only these three elements can be referenced: the context resolves an Id to the element registered here
        context.setIdAttributeNS(soap.body(), SoapEnvelope.WSU, "Id");
        context.setIdAttributeNS(timestamp, SoapEnvelope.WSU, "Id");
        if (!token.id().isEmpty()) {
            context.setIdAttributeNS(token.element(), SoapEnvelope.WSU, "Id");
        }
        try {
            XMLSignature signature = XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(context);
            Set<String> covered = checkSignedInfo(signature.getSignedInfo(), allowed, location);
            for (String needed : List.of("#" + bodyId, "#" + timestampId)) {
                if (!covered.contains(needed)) {
                    throw new UnreadableCredentialsException(location + ": the signature does not cover the " + (needed.equals("#" + bodyId)
                            ? "Body" : "Timestamp") + " (" + needed + ")");
                }
            }
            uncoveredComments(soap.body(), location);
            uncoveredComments(timestamp, location);
            if (!signature.validate(context)) {
                throw new UnreadableCredentialsException(location + ": the signature does not verify with the certificate's key ("
                        + failed(signature, context) + ")");
            }
            return new Signed(digests(signature.getSignedInfo()), instant(timestamp, "Created", location).plus(MAX_AGE).plus(CLOCK_SKEW));
        } catch (MarshalException | XMLSignatureException | RuntimeException e) {
            throw new UnreadableCredentialsException(location + ": the signature cannot be checked: " + e.getMessage(), e);
        }
    }

    /**
     * What a verified signature vouches for: the digests of what it covers (the Body, the
     * Timestamp), which nobody can change without the key, unlike the signature value itself
     * (an ECDSA signature has a second valid form anyone can compute).
     *
     * @param digests    the references' digest values, in order, hashed
     * @param acceptable until when its Timestamp can be accepted at all
     */
    record Signed(String digests, Instant acceptable) {
    }

    private static String digests(SignedInfo info) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (Object item : info.getReferences()) {
                Reference reference = (Reference) item;
                sha256.update(reference.getURI().getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) 0);
                sha256.update(reference.getDigestValue());
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private static Set<String> checkSignedInfo(SignedInfo info, Set<String> allowed, String location) throws UnreadableCredentialsException {
        if (!CANONICALIZATIONS.contains(info.getCanonicalizationMethod().getAlgorithm())) {
            throw new UnreadableCredentialsException(location + ": canonicalization " + info.getCanonicalizationMethod().getAlgorithm()
                    + " is not accepted");
        }
        if (!SIGNATURES.contains(info.getSignatureMethod().getAlgorithm())) {
            throw new UnreadableCredentialsException(location + ": signature method " + info.getSignatureMethod().getAlgorithm()
                    + " is not RSA or ECDSA with SHA-2");
        }
        Set<String> covered = new HashSet<>();
        for (Object item : info.getReferences()) {
            Reference reference = (Reference) item;
            String uri = reference.getURI() == null ? "" : reference.getURI();
            if (!allowed.contains(uri)) {
                throw new UnreadableCredentialsException(location + ": the signature references '" + uri
                        + "', not the Body, the Timestamp or the token by their Id");
            }
            if (!DIGESTS.contains(reference.getDigestMethod().getAlgorithm())) {
                throw new UnreadableCredentialsException(location + ": digest " + reference.getDigestMethod().getAlgorithm() + " of " + uri
                        + " is not SHA-2");
            }
            for (Object t : reference.getTransforms()) {
                String algorithm = ((Transform) t).getAlgorithm();
                if (!CANONICALIZATIONS.contains(algorithm)) {
                    throw new UnreadableCredentialsException(location + ": transform " + algorithm + " of " + uri
                            + " is not a canonicalization: the whole element must be signed");
                }
            }
            if (!covered.add(uri)) {
                throw new UnreadableCredentialsException(location + ": the signature references " + uri + " twice");
            }
        }
        return covered;
    }

    /**
     * A bare-name {@code #Id} reference drops comments before any transform (XML DSig 1.1 section
     * 4.4.3.3), so comments can be added to a signed element without breaking the signature, and
     * an upstream reading the first text node of {@code <to>al<!---->ice</to>} reads another value.
     * A signed element holding a comment is refused.
     */
    private static void uncoveredComments(Element element, String location) throws UnreadableCredentialsException {
        if (holdsComment(element)) {
            throw new UnreadableCredentialsException(location + ": the " + element.getLocalName()
                    + " holds an XML comment, which no signature by Id covers");
        }
    }

    private static boolean holdsComment(Element root) {
        Node n = root;
        while (n != null) {
            if (n.getNodeType() == Node.COMMENT_NODE) {
                return true;
            }
            if (n.getFirstChild() != null) {
                n = n.getFirstChild();
                continue;
            }
            while (n != root && n.getNextSibling() == null) {
                n = n.getParentNode();
            }
            n = n == root ? null : n.getNextSibling();
        }
        return false;
    }

    private static String failed(XMLSignature signature, DOMValidateContext context) throws XMLSignatureException {
        if (!signature.getSignatureValue().validate(context)) {
            return "SignatureValue";
        }
        StringBuilder failed = new StringBuilder();
        for (Object item : signature.getSignedInfo().getReferences()) {
            Reference reference = (Reference) item;
            if (!reference.validate(context)) {
                failed.append(failed.length() == 0 ? "digest of " : ", ").append(reference.getURI());
            }
        }
        return failed.toString();
    }

    private static void checkTimestamp(Element timestamp, Instant now, String location) throws UnreadableCredentialsException {
        Instant created = instant(timestamp, "Created", location);
        Instant expires = instant(timestamp, "Expires", location);
        if (created.isAfter(now.plus(CLOCK_SKEW))) {
            throw new UnreadableCredentialsException(location + ": Timestamp Created " + created + " is in the future (now " + now + ")");
        }
        if (created.isBefore(now.minus(MAX_AGE).minus(CLOCK_SKEW))) {
            throw new UnreadableCredentialsException(location + ": Timestamp Created " + created + " is older than " + MAX_AGE.toMinutes()
                    + " minutes (now " + now + ")");
        }
        if (!expires.isAfter(now.minus(CLOCK_SKEW))) {
            throw new UnreadableCredentialsException(location + ": Timestamp expired at " + expires + " (now " + now + ")");
        }
    }

    private static Instant instant(Element timestamp, String name, String location) throws UnreadableCredentialsException {
        String text = SoapEnvelope.single(timestamp, SoapEnvelope.WSU, name, location).getTextContent().strip();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new UnreadableCredentialsException(location + ": Timestamp " + name + " '" + text + "' is not an xs:dateTime with a zone", e);
        }
    }

    /** The element's {@code wsu:Id}, carried by no other element of the document under any Id-like attribute. */
    private static String uniqueId(Element element, String what, String location) throws UnreadableCredentialsException {
        String id = element.getAttributeNS(SoapEnvelope.WSU, "Id");
        if (id.isEmpty()) {
            throw new UnreadableCredentialsException(location + ": the " + what + " has no wsu:Id for the signature to reference");
        }
        int carriers = count(element.getOwnerDocument().getDocumentElement(), id);
        if (carriers != 1) {
            throw new UnreadableCredentialsException(location + ": Id '" + id + "' of the " + what + " is carried by " + carriers
                    + " elements: one Id, one element");
        }
        return id;
    }

    /** Walks the tree without recursion: a deeply nested body must not exhaust the stack. */
    private static int count(Element root, String id) {
        int found = 0;
        Node n = root;
        while (n != null) {
            if (n instanceof Element element && carries(element, id)) {
                found++;
            }
            if (n.getFirstChild() != null) {
                n = n.getFirstChild();
                continue;
            }
            while (n != root && n.getNextSibling() == null) {
                n = n.getParentNode();
            }
            n = n == root ? null : n.getNextSibling();
        }
        return found;
    }

    private static boolean carries(Element element, String id) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            String name = attribute.getLocalName() == null ? attribute.getName() : attribute.getLocalName();
            if (name.equalsIgnoreCase("id") && attribute.getValue().equals(id)) {
                return true;
            }
        }
        return false;
    }
}
