package org.gatehouse.policy.engine.xml;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.util.List;

/**
 * The shapes of the two policy documents exactly as their schemas define them, bound by Jackson.
 * They exist only between reading and {@link PolicyParser} building the model; public so binding
 * needs no access overrides.
 */
public final class PolicyDocuments {
    private PolicyDocuments() {
    }

    /** {@code <permission type name actions/>}. */
    public record PermissionXml(String type, String name, String actions) {}

    /** {@code <codebase symbolic-name version location signer/>}. */
    public record CodebaseXml(@JacksonXmlProperty(localName = "symbolic-name") String symbolicName,
                              String version, String location, String signer) {}

    /** {@code <default-grants>} and {@code <restrictions>}. */
    public record PermissionListXml(@JacksonXmlElementWrapper(useWrapping = false)
                                    @JacksonXmlProperty(localName = "permission") List<PermissionXml> permissions) {}

    /** {@code <overridable>}. */
    public record OverridableXml(@JacksonXmlElementWrapper(useWrapping = false)
                                 @JacksonXmlProperty(localName = "codebase") List<CodebaseXml> codebases,
                                 @JacksonXmlElementWrapper(useWrapping = false)
                                 @JacksonXmlProperty(localName = "permission") List<PermissionXml> permissions) {}

    /** {@code <allow-package name/>}. */
    public record AllowPackageXml(String name) {}

    /** {@code <class-space>}. */
    public record ClassSpaceXml(@JacksonXmlElementWrapper(useWrapping = false)
                                @JacksonXmlProperty(localName = "allow-package") List<AllowPackageXml> allowPackages) {}

    /** {@code <system-policy>}. */
    public record SystemPolicyXml(@JacksonXmlProperty(localName = "default-grants") PermissionListXml defaultGrants,
                                  @JacksonXmlElementWrapper(useWrapping = false)
                                  @JacksonXmlProperty(localName = "overridable") List<OverridableXml> overridables,
                                  PermissionListXml restrictions,
                                  @JacksonXmlProperty(localName = "class-space") ClassSpaceXml classSpace,
                                  @JacksonXmlProperty(isAttribute = true, localName = "max-threads-per-extension")
                                  Integer maxThreadsPerExtension) {}

    /** {@code <extension-policy>}. */
    public record ExtensionPolicyXml(@JacksonXmlElementWrapper(useWrapping = false)
                                     @JacksonXmlProperty(localName = "permission") List<PermissionXml> permissions) {}
}
