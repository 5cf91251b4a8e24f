package org.gatehouse.flow.engine.spi;

import java.util.Map;
import java.util.Objects;

/**
 * One {@code <credentials>} child of a message type in the flows document:
 * {@code kind} is the element's name ({@code basic}, {@code bearer},
 * {@code negotiate}, {@code client-certificate}, {@code ws-security}, {@code ws-security-x509},
 * {@code ws-security-kerberos}, {@code saml}, {@code jwt},
 * {@code header}, {@code query}, {@code cookie}, {@code xpath}, {@code json-pointer},
 * {@code regex}, {@code name-value}) and {@code attributes} its attributes as written, schema
 * defaults filled in. The schema has already checked which attributes each kind needs.
 */
public record CredentialLocation(String kind, Map<String, String> attributes) {
    public CredentialLocation {
        Objects.requireNonNull(kind, "kind");
        attributes = Map.copyOf(attributes);
    }

    public String attribute(String name) {
        return attributes.get(name);
    }
}
