package org.gatehouse.auth.credentials;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import javax.xml.xpath.XPathFactoryConfigurationException;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;
import org.w3c.dom.Document;

/**
 * A value selected by an XPath 1.0 expression from an XML body, such as
 * {@code /soap:Envelope/soap:Header/acme:ApiKey}. Prefixes are bound by the {@code namespaces}
 * attribute, written {@code soap=http://schemas.xmlsoap.org/soap/envelope/ acme=urn:acme}.
 * The body is parsed with DTDs refused; XPath extension functions are off (secure processing).
 */
final class XPathExtractor implements CredentialExtractor {
    private final String expression;
    private final Map<String, String> namespaces;
    private final UserDefinedCredentials result;
    private final String location;
    /** XPathExpression is not thread-safe: one compiled copy per thread. */
    private final ThreadLocal<XPathExpression> compiled;

    XPathExtractor(LocationAttributes attributes) {
        this.expression = attributes.required("expression");
        this.namespaces = parseNamespaces(attributes.optional("namespaces", ""));
        this.result = UserDefinedCredentials.from(attributes);
        this.location = attributes.describe("expression=" + expression);
        try {
            compile(); // fail at load time, naming the expression
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException("credential location <xpath>: expression '" + expression + "' does not compile: "
                    + e.getMessage(), e);
        }
        this.compiled = ThreadLocal.withInitial(this::compileChecked);
    }

    @Override
    public Optional<Credentials> extract(Message message) throws UnreadableCredentialsException {
        Optional<Document> document = MessageBodies.xml(message, location);
        if (document.isEmpty()) {
            return Optional.empty();
        }
        try {
            String value = compiled.get().evaluate(document.get()).strip();
            return value.isEmpty() ? Optional.empty() : Optional.of(result.of(value, location));
        } catch (XPathExpressionException e) {
            throw new UnreadableCredentialsException(location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String challenge(String realm) {
        return result.challengeFor(realm);
    }

    private XPathExpression compileChecked() {
        try {
            return compile();
        } catch (XPathExpressionException e) {
            throw new IllegalStateException(e); // compiled once already in the constructor
        }
    }

    private XPathExpression compile() throws XPathExpressionException {
        XPathFactory factory = XPathFactory.newDefaultInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (XPathFactoryConfigurationException e) {
            throw new IllegalStateException("the JDK's XPath does not support secure processing", e);
        }
        XPath xpath = factory.newXPath();
        xpath.setNamespaceContext(new Prefixes(namespaces));
        return xpath.compile(expression);
    }

    private static Map<String, String> parseNamespaces(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String binding : text.strip().split("\\s+")) {
            if (binding.isEmpty()) {
                continue;
            }
            int eq = binding.indexOf('=');
            if (eq <= 0 || eq == binding.length() - 1) {
                throw new IllegalArgumentException("credential location <xpath>: namespace binding '" + binding
                        + "' is not prefix=uri");
            }
            map.put(binding.substring(0, eq), binding.substring(eq + 1));
        }
        return Map.copyOf(map);
    }

    private record Prefixes(Map<String, String> bindings) implements NamespaceContext {
        @Override
        public String getNamespaceURI(String prefix) {
            return bindings.getOrDefault(prefix, XMLConstants.NULL_NS_URI);
        }

        @Override
        public String getPrefix(String namespaceURI) {
            return bindings.entrySet().stream().filter(e -> e.getValue().equals(namespaceURI)).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
        }

        @Override
        public Iterator<String> getPrefixes(String namespaceURI) {
            return bindings.entrySet().stream().filter(e -> e.getValue().equals(namespaceURI)).map(Map.Entry::getKey).iterator();
        }
    }
}
