package org.gatehouse.auth.credentials;

import org.gatehouse.flow.engine.spi.CredentialLocation;

/** Reads a credential location's attributes, naming the location in every complaint. */
final class LocationAttributes {
    private final CredentialLocation location;

    LocationAttributes(CredentialLocation location) {
        this.location = location;
    }

    String required(String name) {
        String value = location.attribute(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("credential location <" + location.kind() + ">: attribute '" + name + "' is required");
        }
        return value;
    }

    String optional(String name, String defaultValue) {
        String value = location.attribute(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }

    String describe(String detail) {
        return "<" + location.kind() + " " + detail + ">";
    }
}
