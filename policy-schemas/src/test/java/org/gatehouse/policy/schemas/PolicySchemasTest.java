package org.gatehouse.policy.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The system-policy and extension-policy schemas accept their valid examples and reject the invalid ones. */
class PolicySchemasTest {
    record Permission(String type, String name, String actions) {}

    record Codebase(@JacksonXmlProperty(localName = "symbolic-name") String symbolicName, String version,
                    String location, String signer) {}

    record PermissionList(@JacksonXmlElementWrapper(useWrapping = false)
                          @JacksonXmlProperty(localName = "permission") List<Permission> permissions) {}

    record Overridable(@JacksonXmlElementWrapper(useWrapping = false)
                       @JacksonXmlProperty(localName = "codebase") List<Codebase> codebases,
                       @JacksonXmlElementWrapper(useWrapping = false)
                       @JacksonXmlProperty(localName = "permission") List<Permission> permissions) {}

    record SystemPolicy(@JacksonXmlProperty(localName = "default-grants") PermissionList defaultGrants,
                        @JacksonXmlElementWrapper(useWrapping = false)
                        @JacksonXmlProperty(localName = "overridable") List<Overridable> overridables,
                        PermissionList restrictions) {}

    record ExtensionPolicy(@JacksonXmlElementWrapper(useWrapping = false)
                           @JacksonXmlProperty(localName = "permission") List<Permission> permissions) {}

    private final XmlDocumentReader systemReader = XmlDocumentReader.forSchema(GatehouseSchema.SYSTEM_POLICY);
    private final XmlDocumentReader extensionReader = XmlDocumentReader.forSchema(GatehouseSchema.EXTENSION_POLICY);

    private static Path example(String name) throws URISyntaxException {
        return Path.of(PolicySchemasTest.class.getResource("/examples/" + name).toURI());
    }

    @Test
    void fullSystemPolicyBindsWithDefaults() throws Exception {
        SystemPolicy policy = systemReader.read(example("system-policy/valid/full.xml"), SystemPolicy.class);
        assertEquals(2, policy.defaultGrants().permissions().size());
        assertEquals(2, policy.overridables().size());
        assertEquals("com.acme.*", policy.overridables().get(0).codebases().get(0).symbolicName());
        assertEquals("*", policy.overridables().get(1).codebases().get(0).symbolicName(), "schema default");
        assertEquals("", policy.restrictions().permissions().get(0).actions(), "schema default");
        assertEquals("${gatehouse.home}/conf/-", policy.restrictions().permissions().get(2).name());
    }

    @Test
    void emptySystemPolicyIsValid() throws Exception {
        systemReader.read(example("system-policy/valid/empty.xml"), SystemPolicy.class);
    }

    @Test
    void unknownVariableIsRejectedWithPosition() {
        assertRejected(systemReader, "system-policy/invalid/unknown-variable.xml",
                "unknown-variable.xml [4:67] /system-policy/default-grants[1]/permission[1]: "
                        + "Value '${user.home}/-' is not facet-valid with respect to pattern "
                        + "'([^$]|\\$\\{(extension\\.data|extension\\.name|gatehouse\\.home|gatehouse\\.data|gatehouse\\.conf)\\})+' "
                        + "for type 'PermissionName'.");
    }

    @Test
    void malformedVersionRangeIsRejected() {
        assertRejected(systemReader, "system-policy/invalid/bad-version-range.xml",
                "bad-version-range.xml [4:63] /system-policy/overridable[1]/codebase[1]: "
                        + "Value '[1.0;2.0)' is not facet-valid with respect to pattern '[0-9]+(\\.[0-9]+(\\.[0-9]+(\\.[A-Za-z0-9_\\-]+)?)?)?|"
                        + "[\\[\\(]\\s*[0-9]+(\\.[0-9]+(\\.[0-9]+(\\.[A-Za-z0-9_\\-]+)?)?)?\\s*,\\s*"
                        + "[0-9]+(\\.[0-9]+(\\.[0-9]+(\\.[A-Za-z0-9_\\-]+)?)?)?\\s*[\\]\\)]' for type 'VersionRange'.");
    }

    @Test
    void overridableNeedsACodebase() {
        assertRejected(systemReader, "system-policy/invalid/overridable-without-codebase.xml",
                "overridable-without-codebase.xml [4:70] /system-policy/overridable[1]/permission[1]: "
                        + "Invalid content was found starting with element '{\"urn:gatehouse:system-policy:1\":permission}'. "
                        + "One of '{\"urn:gatehouse:system-policy:1\":codebase}' is expected.");
    }

    @Test
    void sectionsComeInTheirOrder() {
        assertRejected(systemReader, "system-policy/invalid/restrictions-before-defaults.xml",
                "restrictions-before-defaults.xml [6:20] /system-policy/default-grants[1]: "
                        + "Invalid content was found starting with element '{\"urn:gatehouse:system-policy:1\":default-grants}'. "
                        + "One of '{\"urn:gatehouse:system-policy:1\":class-space}' is expected.");
    }

    @Test
    void extensionPolicyBinds() throws Exception {
        ExtensionPolicy policy = extensionReader.read(example("extension-policy/valid/rate-limiter.xml"), ExtensionPolicy.class);
        assertEquals(3, policy.permissions().size());
        assertEquals(new Permission("socket", "127.0.0.1:6379", "connect, resolve"), policy.permissions().get(0));
        assertEquals("", policy.permissions().get(2).actions());
    }

    @Test
    void emptyExtensionPolicyIsValid() throws Exception {
        extensionReader.read(example("extension-policy/valid/empty.xml"), ExtensionPolicy.class);
    }

    @Test
    void extensionPolicyCannotRestrict() {
        assertRejected(extensionReader, "extension-policy/invalid/with-restrictions.xml",
                "with-restrictions.xml [4:17] /extension-policy/restrictions[1]: "
                        + "Invalid content was found starting with element '{\"urn:gatehouse:extension-policy:1\":restrictions}'. "
                        + "One of '{\"urn:gatehouse:extension-policy:1\":permission}' is expected.");
    }

    @Test
    void permissionNeedsAName() {
        assertRejected(extensionReader, "extension-policy/invalid/missing-name.xml",
                "missing-name.xml [3:43] /extension-policy/permission[1]: "
                        + "Attribute 'name' must appear on element 'permission'.");
    }

    @Test
    void actionsAreACommaSeparatedList() {
        assertRejected(extensionReader, "extension-policy/invalid/bad-actions.xml",
                "bad-actions.xml [3:63] /extension-policy/permission[1]: "
                        + "Value 'read;write' is not facet-valid with respect to pattern "
                        + "'\\s*(\\*|[A-Za-z]+(\\s*,\\s*[A-Za-z]+)*)?\\s*' for type 'Actions'.");
    }

    @Test
    void externalEntitiesNeverResolve() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> extensionReader.read(example("extension-policy/invalid/xxe.xml"), ExtensionPolicy.class));
        assertEquals(2, e.line());
    }

    private static void assertRejected(XmlDocumentReader reader, String name, String message) {
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> reader.read(example(name), Object.class));
        assertEquals(message, e.getMessage());
    }
}
