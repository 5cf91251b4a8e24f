package org.gatehouse.policy.engine.api;

import java.util.List;
import java.util.Objects;

/**
 * Who an extension is: its bundle's symbolic name, version, location and the signers of its JAR
 * (docs/policy-language.md "Codebases"). Policies name codebases through {@link CodebasePattern}s;
 * denials and audit events name them by {@link #id()}, e.g. {@code ext:com.acme.limiter/1.0.0}.
 */
public record Codebase(String symbolicName, Version version, String location, List<String> signers) {

    public Codebase {
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(location, "location");
        signers = List.copyOf(signers);
    }

    /** An unsigned codebase. */
    public static Codebase of(String symbolicName, String version, String location) {
        return new Codebase(symbolicName, Version.parse(version), location, List.of());
    }

    /** {@code ext:<symbolic name>/<version>}: unique among installed bundles (OSGi Core 4.4.1). */
    public String id() {
        return "ext:" + symbolicName + "/" + version;
    }

    @Override
    public String toString() {
        return id();
    }
}
