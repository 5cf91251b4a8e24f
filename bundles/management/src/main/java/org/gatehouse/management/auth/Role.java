package org.gatehouse.management.auth;

import java.util.Arrays;
import java.util.Locale;

/**
 * The four management roles (docs/management.md "Roles"). What each may do is decided per route (see
 * {@code org.gatehouse.management.api.ApiRoutes} and the README's role matrix).
 */
public enum Role {
    /** Runs the element: health, status, reads extensions and flows. */
    OPERATOR("operator"),
    /** Changes the element: extensions and flows. */
    ADMIN("admin"),
    /** Decides what extensions may do: policies and their previews. */
    SECURITY_OFFICER("security-officer"),
    /** Reads everything, changes nothing. */
    AUDITOR("auditor");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the users file, the OpenAPI document and JSON. */
    public String wireName() {
        return wireName;
    }

    public static Role fromWireName(String name) {
        return Arrays.stream(values())
                .filter(r -> r.wireName.equals(name.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown role [" + name + "]; expected one of operator, admin, security-officer, auditor"));
    }
}
