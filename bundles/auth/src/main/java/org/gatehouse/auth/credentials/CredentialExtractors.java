package org.gatehouse.auth.credentials;

import java.util.ArrayList;
import java.util.List;
import org.gatehouse.flow.engine.spi.CredentialLocation;

/**
 * Builds the extractors of a message type's credential locations. Without declared locations the
 * standard ones apply, in this order: the {@code Authorization} header's Basic, Bearer and
 * Negotiate credentials, then the TLS client certificate.
 *
 * <pre>{@code
 * List<CredentialExtractor> extractors = CredentialExtractors.of(context.credentialLocations());
 * }</pre>
 */
public final class CredentialExtractors {
    private static final String AUTHORIZATION = "Authorization";
    private static final List<CredentialExtractor> STANDARD = List.of(new BasicExtractor(AUTHORIZATION),
            new BearerExtractor(AUTHORIZATION), new NegotiateExtractor(AUTHORIZATION), new ClientCertificateExtractor());

    private CredentialExtractors() {
    }

    /** The standard locations. */
    public static List<CredentialExtractor> standard() {
        return STANDARD;
    }

    /**
     * The extractors of the locations, in order; the standard ones when there are none.
     *
     * @throws IllegalArgumentException naming the location kind and attribute that make no sense
     */
    public static List<CredentialExtractor> of(List<CredentialLocation> locations) {
        if (locations.isEmpty()) {
            return STANDARD;
        }
        List<CredentialExtractor> extractors = new ArrayList<>(locations.size());
        for (CredentialLocation location : locations) {
            extractors.add(of(location));
        }
        return List.copyOf(extractors);
    }

    /** The extractor of one location. */
    public static CredentialExtractor of(CredentialLocation location) {
        LocationAttributes attributes = new LocationAttributes(location);
        switch (location.kind()) {
            case "basic": return new BasicExtractor(attributes.optional("header", AUTHORIZATION));
            case "bearer": return new BearerExtractor(attributes.optional("header", AUTHORIZATION));
            case "negotiate": return new NegotiateExtractor(attributes.optional("header", AUTHORIZATION));
            case "client-certificate": return new ClientCertificateExtractor();
            case "ws-security": return new WsSecurityExtractor();
            case "ws-security-x509": return new WsSecurityX509Extractor();
            case "ws-security-kerberos": return new WsSecurityKerberosExtractor();
            case "saml": return new SamlAssertionExtractor();
            case "jwt": return new JwtExtractor(attributes.optional("header", AUTHORIZATION),
                    location.attributes().getOrDefault("prefix", "Bearer ")); // an empty prefix is meaningful: the whole value
            case "header": return new HeaderExtractor(attributes);
            case "query": return new QueryExtractor(attributes);
            case "cookie": return new CookieExtractor(attributes);
            case "xpath": return new XPathExtractor(attributes);
            case "json-pointer": return new JsonPointerExtractor(attributes);
            case "regex": return new RegexExtractor(attributes);
            case "name-value": return new NameValueExtractor(attributes);
            default:
                throw new IllegalArgumentException("credential location kind <" + location.kind() + "> is unknown");
        }
    }
}
