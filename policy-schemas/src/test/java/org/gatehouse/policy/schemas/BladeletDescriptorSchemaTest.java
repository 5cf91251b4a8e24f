package org.gatehouse.policy.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bladelet descriptor schema accepts its valid examples, fills its defaults, and rejects the
 * invalid ones with the exact position and reason. The typed checks of the attribute domain are
 * tested with the descriptor model in extension-sdk.
 */
class BladeletDescriptorSchemaTest {
    record Parameter(String name, String type, boolean required, @JacksonXmlProperty(localName = "default") String defaultValue,
                     boolean secret, @JacksonXmlElementWrapper(useWrapping = false)
                     @JacksonXmlProperty(localName = "allowed-value") List<String> allowedValues) {}

    record Body(@JacksonXmlProperty(localName = "max-bytes") int maxBytes) {}

    record Bladelet(String name, String kind, @JacksonXmlProperty(localName = "class") String className, Body body,
                    @JacksonXmlElementWrapper(useWrapping = false)
                    @JacksonXmlProperty(localName = "parameter") List<Parameter> parameters) {}

    record Bladelets(@JacksonXmlElementWrapper(useWrapping = false)
                     @JacksonXmlProperty(localName = "bladelet") List<Bladelet> bladelets) {}

    private final XmlDocumentReader reader = XmlDocumentReader.forSchema(GatehouseSchema.BLADELET_DESCRIPTOR);

    private static Path example(String name) throws URISyntaxException {
        return Path.of(BladeletDescriptorSchemaTest.class.getResource("/examples/bladelet-descriptor/" + name).toURI());
    }

    @Test
    void headerRewriteBindsWithDefaults() throws Exception {
        Bladelets doc = reader.read(example("valid/header-rewrite.xml"), Bladelets.class);
        Bladelet b = doc.bladelets().get(0);
        assertEquals("com.example.ext.HeaderRewriteStep", b.className());
        assertEquals(3, b.parameters().size());
        assertTrue(b.parameters().get(0).required());
        assertEquals(false, b.parameters().get(1).required(), "schema default");
        assertEquals(List.of("set", "add", "remove"), b.parameters().get(2).allowedValues());
    }

    @Test
    void threeKindsInOneDescriptor() throws Exception {
        Bladelets doc = reader.read(example("valid/token-service.xml"), Bladelets.class);
        assertEquals(List.of("authenticator", "authorizer", "step"),
                doc.bladelets().stream().map(Bladelet::kind).toList());
        assertTrue(doc.bladelets().get(0).parameters().get(1).secret());
        assertEquals(65536, doc.bladelets().get(2).body().maxBytes());
    }

    @Test
    void unknownKindIsRejected() {
        assertRejected("invalid/unknown-kind.xml",
                "unknown-kind.xml [3:67] /bladelets/bladelet[1]: Value 'filter' is not facet-valid with respect to enumeration "
                + "'[step, authenticator, authorizer]'. It must be a value from the enumeration.");
    }

    @Test
    void bladeletNamesAreUnique() {
        assertRejected("invalid/duplicate-bladelet.xml",
                "duplicate-bladelet.xml [4:68] /bladelets/bladelet[2]: "
                + "Duplicate unique value [audit] declared for identity constraint \"unique-bladelet-name\" of element \"bladelets\".");
    }

    @Test
    void parameterNamesAreUniqueWithinABladelet() {
        assertRejected("invalid/duplicate-parameter.xml",
                "duplicate-parameter.xml [5:41] /bladelets/bladelet[1]/parameter[2]: "
                + "Duplicate unique value [level] declared for identity constraint \"unique-parameter-name\" of element \"bladelet\".");
    }

    @Test
    void unknownParameterTypeIsRejected() {
        assertRejected("invalid/unknown-type.xml",
                "unknown-type.xml [4:45] /bladelets/bladelet[1]/parameter[1]: Value 'integer' is not facet-valid with respect to "
                + "enumeration '[string, int, long, boolean, duration, url, host-port, enum]'. It must be a value from the enumeration.");
    }

    @Test
    void classIsRequired() {
        assertRejected("invalid/missing-class.xml",
                "missing-class.xml [3:39] /bladelets/bladelet[1]: Attribute 'class' must appear on element 'bladelet'.");
    }

    @Test
    void bodyBoundIsCapped() {
        assertRejected("invalid/body-too-large.xml",
                "body-too-large.xml [4:35] /bladelets/bladelet[1]/body[1]: "
                + "Value '1073741824' is not facet-valid with respect to maxInclusive '16777216' for type 'BodyLimit'.");
    }

    @Test
    void atLeastOneBladelet() {
        assertRejected("invalid/no-bladelet.xml",
                "no-bladelet.xml [3:13] /bladelets: The content of element 'bladelets' is not complete. "
                + "One of '{\"urn:gatehouse:bladelet-descriptor:1\":bladelet}' is expected.");
    }

    @Test
    void externalEntitiesNeverResolve() {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> reader.read(example("invalid/xxe.xml"), Bladelets.class));
        assertEquals(2, e.line());
        assertTrue(e.reason().contains("DOCTYPE"), e.reason());
    }

    private void assertRejected(String name, String message) {
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> reader.read(example(name), Object.class));
        assertEquals(message, e.getMessage());
    }
}
