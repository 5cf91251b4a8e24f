package org.gatehouse.management.auth;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The users document as a change over the API edits it (docs/management.md "Users"): a user
 * added or removed, a user's roles replaced, a token's SHA-256 added or a token removed, each
 * in the content in force, leaving every other element, attribute and comment as it was (a
 * user's certificates, local accounts, password hash and TOTP secret are never read out or
 * rewritten). What it makes is read again by {@link ManagementUsers#read(String, byte[])}
 * before anything uses it, so the schema has the last word.
 *
 * <pre>{@code
 * UsersDocument document = UsersDocument.of(usersFile.content());
 * document.addToken("alice", "ci", sha256Hex);
 * usersFile.replace(document.bytes());
 * }</pre>
 */
public final class UsersDocument {
    /** The namespace of {@code management-users.xml}. */
    public static final String NAMESPACE = "urn:gatehouse:management-users:1";
    /** A user's name, as the schema takes it; a token's name over the API is held to the same. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@\\-]{0,63}");
    /** A token's SHA-256: lower-case hex, as {@code sha256sum} prints it. */
    public static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Document dom;

    private UsersDocument(Document dom) {
        this.dom = dom;
    }

    /** The document of {@code content}, or an empty one when there is none. */
    public static UsersDocument of(Optional<byte[]> content) throws IOException {
        DocumentBuilder builder = builder();
        if (content.isEmpty()) {
            Document dom = builder.newDocument();
            Element root = dom.createElementNS(NAMESPACE, "management-users");
            dom.appendChild(root);
            root.appendChild(dom.createTextNode("\n"));
            return new UsersDocument(dom);
        }
        try {
            return new UsersDocument(builder.parse(new ByteArrayInputStream(content.get())));
        } catch (SAXException e) {
            throw new IOException("the management users in force do not read as XML: " + e.getMessage(), e);
        }
    }

    /** Adds {@code name} with {@code roles} and nothing else, after the last user. */
    public void addUser(String name, Set<Role> roles) {
        if (user(name).isPresent()) {
            throw new IllegalArgumentException("user [" + name + "] exists");
        }
        Element root = dom.getDocumentElement();
        Element user = dom.createElementNS(NAMESPACE, "user");
        user.setAttribute("name", name);
        sorted(roles).forEach(r -> user.appendChild(role(r)));
        root.appendChild(dom.createTextNode("  "));
        root.appendChild(user);
        root.appendChild(dom.createTextNode("\n"));
    }

    /** Removes the user {@code name}, with the line it was on. */
    public void removeUser(String name) {
        remove(existing(name));
    }

    /** Replaces the roles of {@code name} with {@code roles}, where the schema wants them: first. */
    public void setRoles(String name, Set<Role> roles) {
        Element user = existing(name);
        children(user, "role").forEach(this::remove);
        Node first = user.getFirstChild();
        sorted(roles).forEach(r -> user.insertBefore(role(r), first));
    }

    /** Adds a token named {@code tokenName} (its {@code description}) with its SHA-256, after the user's roles and tokens. */
    public void addToken(String name, String tokenName, String sha256) {
        Element user = existing(name);
        List<Element> before = new ArrayList<>(children(user, "role"));
        before.addAll(children(user, "token"));
        Element token = dom.createElementNS(NAMESPACE, "token");
        token.setAttribute("sha256", sha256);
        token.setAttribute("description", tokenName);
        user.insertBefore(token, before.get(before.size() - 1).getNextSibling());
    }

    /** Removes every token of {@code name} named {@code tokenName}; none is an IllegalArgumentException. */
    public void removeToken(String name, String tokenName) {
        List<Element> tokens = children(existing(name), "token").stream().filter(t -> t.getAttribute("description").equals(tokenName))
                .toList();
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("user [" + name + "] has no token [" + tokenName + "]");
        }
        tokens.forEach(this::remove);
    }

    /** The names of the tokens of {@code name}, in document order (a token without a name is {@code ""}). */
    public List<String> tokenNames(String name) {
        return children(existing(name), "token").stream().map(t -> t.getAttribute("description")).toList();
    }

    /** The SHA-256 of the token of {@code name} named {@code tokenName}. */
    public Optional<String> tokenSha256(String name, String tokenName) {
        return children(existing(name), "token").stream().filter(t -> t.getAttribute("description").equals(tokenName))
                .map(t -> t.getAttribute("sha256")).findFirst();
    }

    /** The document as UTF-8 bytes. */
    public byte[] bytes() {
        try {
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Transformer transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.STANDALONE, "no");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(new DOMSource(dom), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("a document read from XML is written as XML: " + e.getMessage(), e);
        }
    }

    private Optional<Element> user(String name) {
        return children(dom.getDocumentElement(), "user").stream().filter(u -> u.getAttribute("name").equals(name)).findFirst();
    }

    private Element existing(String name) {
        return user(name).orElseThrow(() -> new IllegalArgumentException("no user [" + name + "]"));
    }

    private Element role(Role role) {
        Element element = dom.createElementNS(NAMESPACE, "role");
        element.setTextContent(role.wireName());
        return element;
    }

    private static List<Role> sorted(Set<Role> roles) {
        return roles.stream().sorted().toList();
    }

    /** Removes {@code element} and the spacing before it, so that no empty line stays. */
    private void remove(Element element) {
        Node before = element.getPreviousSibling();
        if (before != null && before.getNodeType() == Node.TEXT_NODE && before.getTextContent().isBlank()) {
            String spacing = before.getTextContent();
            int newline = spacing.lastIndexOf('\n');
            if (newline >= 0) {
                before.setTextContent(spacing.substring(0, newline));
            } else {
                before.getParentNode().removeChild(before);
            }
        }
        element.getParentNode().removeChild(element);
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && NAMESPACE.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }

    /** A namespace-aware parser that reads no DTD and no external entity. */
    private static DocumentBuilder builder() throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IOException("no secure XML parser: " + e.getMessage(), e);
        }
    }
}
