package org.gatehouse.policy.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The flows schema accepts its valid examples, fills its defaults, and rejects the invalid ones
 * with the exact position and reason. What the flow engine checks beyond the schema (bladelets,
 * parameters, regular expressions) is tested in bundles/flow-engine.
 */
class FlowsSchemaTest {
    record Settings(@JacksonXmlProperty(localName = "step-timeout") Duration stepTimeout,
                    @JacksonXmlProperty(localName = "step-threads") int stepThreads,
                    @JacksonXmlProperty(localName = "step-queue") int stepQueue,
                    @JacksonXmlProperty(localName = "extension-queue") int extensionQueue,
                    @JacksonXmlProperty(localName = "runaway-grace") Duration runawayGrace,
                    @JacksonXmlProperty(localName = "runaway-threads") int runawayThreads,
                    @JacksonXmlProperty(localName = "body-limit") int bodyLimit) {}

    record Header(String name, String regex, boolean present) {}

    record Match(String listener, String host, String methods, @JacksonXmlElementWrapper(useWrapping = false)
                 @JacksonXmlProperty(localName = "header") List<Header> headers,
                 @JacksonXmlElementWrapper(useWrapping = false)
                 @JacksonXmlProperty(localName = "body-token") List<String> bodyTokens) {}

    record MessageType(String name, String flow, @JacksonXmlElementWrapper(useWrapping = false)
                       @JacksonXmlProperty(localName = "match") List<Match> matches) {}

    record Step(String bladelet, String extension, String name) {}

    record Flow(String name, @JacksonXmlElementWrapper(useWrapping = false)
                @JacksonXmlProperty(localName = "step") List<Step> steps) {}

    record Flows(Settings settings, @JacksonXmlElementWrapper(useWrapping = false)
                 @JacksonXmlProperty(localName = "message-type") List<MessageType> messageTypes,
                 @JacksonXmlElementWrapper(useWrapping = false)
                 @JacksonXmlProperty(localName = "flow") List<Flow> flows) {}

    private final XmlDocumentReader reader = XmlDocumentReader.forSchema(GatehouseSchema.FLOWS);

    private static Path example(String name) throws URISyntaxException {
        return Path.of(FlowsSchemaTest.class.getResource("/examples/flows/" + name).toURI());
    }

    @Test
    void fullDocumentBindsWithDefaults() throws Exception {
        Flows flows = reader.read(example("valid/full.xml"), Flows.class);
        assertEquals(Duration.ofSeconds(2), flows.settings().stepTimeout());
        assertEquals(256, flows.settings().stepQueue(), "schema default");
        assertEquals(8, flows.settings().extensionQueue());
        assertEquals(Duration.ofMillis(500), flows.settings().runawayGrace());
        assertEquals(2, flows.settings().runawayThreads());
        assertEquals(2, flows.messageTypes().size());
        Match first = flows.messageTypes().get(0).matches().get(0);
        assertEquals("api.example.com *.example.org", first.host());
        assertEquals(new Header("Content-Type", "application/json.*", true), first.headers().get(0), "present defaults to true");
        assertEquals(List.of("wsse:Security"), flows.messageTypes().get(1).matches().get(0).bodyTokens());
        assertEquals(new Step("authenticate", null, "login"), flows.flows().get(0).steps().get(0));
        assertEquals("org.gatehouse.sample.header-rewrite", flows.flows().get(0).steps().get(1).extension());
    }

    @Test
    void emptyDocumentIsValid() throws Exception {
        Flows flows = reader.read(example("valid/empty.xml"), Flows.class);
        assertNull(flows.flows());
    }

    @Test
    void messageTypeMustNameAFlowOfTheDocument() {
        assertRejected("unknown-flow.xml", "unknown-flow.xml [5:9] /flows: "
                + "Key 'messageTypeFlow' with value 'missing' not found for identity constraint of element 'flows'.");
    }

    @Test
    void flowNamesAreUnique() {
        assertRejected("duplicate-flow.xml", "duplicate-flow.xml [4:22] /flows/flow[2]: "
                + "Duplicate key value [twice] declared for identity constraint \"flowName\" of element \"flows\".");
    }

    @Test
    void flowNeedsAStep() {
        assertRejected("flow-without-steps.xml", "flow-without-steps.xml [3:23] /flows/flow[1]: "
                + "The content of element 'flow' is not complete. One of '{\"urn:gatehouse:flows:1\":step}' is expected.");
    }

    @Test
    void methodsAreTokens() {
        assertRejected("bad-method-name.xml", "bad-method-name.xml [4:35] /flows/message-type[1]/match[1]: "
                + "Value 'ST(' is not facet-valid with respect to pattern '[!#$%&'*+\\-.\\^_`|~0-9A-Za-z]+' for type 'Token'.");
    }

    @Test
    void durationsHaveAUnit() {
        assertRejected("bad-timeout.xml", "bad-timeout.xml [3:39] /flows/settings[1]: "
                + "Value '2 seconds' is not facet-valid with respect to pattern '[0-9]{1,9}(ms|s|m|h)' for type 'Duration'.");
    }

    @Test
    void runawayDefaultsApplyToAnEmptySettingsElement() throws Exception {
        Flows flows = reader.read(example("valid/settings-defaults.xml"), Flows.class);
        assertEquals(Duration.ofSeconds(1), flows.settings().runawayGrace());
        assertEquals(4, flows.settings().runawayThreads());
        assertEquals(32, flows.settings().extensionQueue());
    }

    @Test
    void extensionQueueIsNeverNegative() {
        assertRejected("bad-extension-queue.xml", "bad-extension-queue.xml [3:61] /flows/settings[1]: "
                + "Value '-1' is not facet-valid with respect to minInclusive '0' for type 'QueueLength'.");
    }

    @Test
    void atLeastOneRunawayThreadIsTolerated() {
        assertRejected("no-runaway-threads.xml", "no-runaway-threads.xml [3:53] /flows/settings[1]: "
                + "Value '0' is not facet-valid with respect to minInclusive '1' for type 'Count'.");
    }

    @Test
    void runawayGraceHasAUnit() {
        assertRejected("bad-runaway-grace.xml", "bad-runaway-grace.xml [3:33] /flows/settings[1]: "
                + "Value '-1' is not facet-valid with respect to pattern '[0-9]{1,9}(ms|s|m|h)' for type 'Duration'.");
    }

    @Test
    void unknownCredentialLocationIsRejected() {
        assertRejected("unknown-credential-location.xml", "unknown-credential-location.xml [5:35] "
                + "/flows/message-type[1]/credentials[1]/carrier-pigeon[1]: Invalid content was found starting with element "
                + "'{\"urn:gatehouse:flows:1\":carrier-pigeon}'. One of '{\"urn:gatehouse:flows:1\":basic, \"urn:gatehouse:flows:1\":bearer, "
                + "\"urn:gatehouse:flows:1\":negotiate, \"urn:gatehouse:flows:1\":client-certificate, \"urn:gatehouse:flows:1\":ws-security, "
                + "\"urn:gatehouse:flows:1\":ws-security-x509, \"urn:gatehouse:flows:1\":ws-security-kerberos, "
                + "\"urn:gatehouse:flows:1\":saml, \"urn:gatehouse:flows:1\":jwt, \"urn:gatehouse:flows:1\":header, \"urn:gatehouse:flows:1\":query, "
                + "\"urn:gatehouse:flows:1\":cookie, \"urn:gatehouse:flows:1\":xpath, \"urn:gatehouse:flows:1\":json-pointer, "
                + "\"urn:gatehouse:flows:1\":regex, \"urn:gatehouse:flows:1\":name-value}' is expected.");
    }

    /** The SOAP token locations read the one Security header: nothing to say where. */
    @Test
    void soapTokenLocationsTakeNoAttributes() {
        assertRejected("soap-token-location-attribute.xml", "soap-token-location-attribute.xml [5:83] "
                + "/flows/message-type[1]/credentials[1]/ws-security-kerberos[1]: Attribute 'header' is not allowed to appear in element "
                + "'ws-security-kerberos'.");
    }

    @Test
    void doctypeIsRefused() {
        assertRejected("xxe.xml", "xxe.xml [2:10]: "
                + "DOCTYPE is disallowed when the feature \"http://apache.org/xml/features/disallow-doctype-decl\" set to true.");
    }

    private void assertRejected(String file, String expected) {
        XmlDocumentException e = assertThrows(XmlDocumentException.class,
                () -> reader.read(example("invalid/" + file), Flows.class));
        assertEquals(expected, e.getMessage());
    }
}
