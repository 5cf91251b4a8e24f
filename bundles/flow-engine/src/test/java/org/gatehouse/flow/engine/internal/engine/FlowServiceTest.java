package org.gatehouse.flow.engine.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.gatehouse.dataplane.spi.FlowResult;
import org.gatehouse.flow.engine.api.BladeletInfo;
import org.gatehouse.flow.engine.api.FlowConfigurationException;
import org.gatehouse.flow.engine.api.FlowValidation;
import org.gatehouse.flow.engine.api.FlowsView;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.junit.jupiter.api.Test;
import org.gatehouse.platform.files.InForceLedger;
import java.util.Optional;

/** The management view: validation with positions, atomic replacement, an edit by hand told, not applied, the bladelet list. */
class FlowServiceTest extends StartedEngineFixture {
    private static final String EXT = EngineFixture.EXTENSION;

    private static final String GOOD = "  <message-type name=\"api\" flow=\"f\"><match path-prefix=\"/api\"/></message-type>\n"
            + "  <flow name=\"f\"><step bladelet=\"trail\" extension=\"" + EXT + "\"><param name=\"mark\" value=\"a\"/></step></flow>\n";

    @Test
    void errorsNameFilePositionPathAndReason() {
        byte[] doc = EngineFixture.flows(
                "  <message-type name=\"api\" flow=\"f\"><match/></message-type>\n"
                + "  <flow name=\"f\">\n"
                + "    <step bladelet=\"nope\" extension=\"" + EXT + "\"/>\n"
                + "    <step bladelet=\"respond\" extension=\"" + EXT + "\"><param name=\"status\" value=\"700\"/></step>\n"
                + "    <step bladelet=\"token\" extension=\"" + EXT + "\"><param name=\"token\" value=\"x\"/></step>\n"
                + "    <step bladelet=\"made-up\"/>\n"
                + "  </flow>\n");
        FlowValidation check = fixture.engine.validate("upload.xml", doc);
        assertEquals(List.of(
                "upload.xml [5:57] /flows/flow[1]/step[1]: extension 'org.example.test' 1.0.0 has no bladelet 'nope' (it has [trail, "
                        + "respond, route, fail, throw, sleep, spin, stubborn, spin-token, gate, in-order, upper-body, rewrite-path, broken, "
                        + "late-failure, token, broken-token, path-prefix, late-deny])",
                "upload.xml [6:59] /flows/flow[1]/step[2]: bladelet 'respond' parameter 'status': 700 is above the maximum 599",
                "upload.xml [7:57] /flows/flow[1]/step[3]: bladelet 'token' is of kind authenticator, not step",
                "upload.xml [8:31] /flows/flow[1]/step[4]: no built-in step 'made-up' is available (built-in: [])"), check.errors());
        assertFalse(check.valid());
    }

    @Test
    void structuralErrorsComeWithPositionsToo() {
        FlowValidation check = fixture.engine.validate("upload.xml", EngineFixture.flows(
                "  <message-type name=\"api\" flow=\"f\">\n"
                + "    <match path-regex=\"/(unclosed\" source=\"10.0.0.0/33\"><header name=\"X\" regex=\"a\" present=\"false\"/></match>\n"
                + "  </message-type>\n"
                + "  <flow name=\"f\"><step bladelet=\"x\"><param name=\"p\" value=\"1\"/><param name=\"p\" value=\"2\"/></step></flow>\n"));
        assertEquals(List.of(
                "upload.xml [4:101] /flows/message-type[1]/match[1]/header[1]: header 'X' cannot be both absent (present=\"false\") "
                        + "and match regex 'a'",
                "upload.xml [4:57] /flows/message-type[1]/match[1]: path-regex '/(unclosed' is not a regular expression: "
                        + "Unclosed group at index 10",
                "upload.xml [4:57] /flows/message-type[1]/match[1]: source '10.0.0.0/33': prefix length must be 0..32",
                "upload.xml [6:91] /flows/flow[1]/step[1]/param[2]: parameter 'p' is given twice"), check.errors());
    }

    @Test
    void schemaErrorIsOneError() {
        FlowValidation check = fixture.engine.validate("upload.xml", EngineFixture.flows("  <flow name=\"f\"/>\n"));
        assertEquals(List.of("upload.xml [3:19] /flows/flow[1]: The content of element 'flow' is not complete. "
                + "One of '{\"urn:gatehouse:flows:1\":step}' is expected."), check.errors());
    }

    @Test
    void extensionNotStartedIsAWarningOnly() {
        FlowValidation check = fixture.engine.validate("upload.xml", EngineFixture.flows(
                "  <message-type name=\"api\" flow=\"f\"><match/></message-type>\n"
                + "  <flow name=\"f\"><step bladelet=\"x\" extension=\"org.example.later\"/></flow>\n"
                + "  <flow name=\"unused\"><step bladelet=\"trail\" extension=\"" + EXT + "\"><param name=\"mark\" value=\"a\"/></step></flow>\n"));
        assertTrue(check.valid(), check.errors().toString());
        assertEquals(List.of(
                "upload.xml [4:68] /flows/flow[1]/step[1]: extension 'org.example.later' is not started; step 'f/1' answers 503 "
                        + "step_unavailable until it is",
                "upload.xml [5:23] /flows/flow[2]: flow 'unused' is run by no message type"), check.warnings());
    }

    @Test
    void replaceWritesTheFileAtomicallyAndCountsGenerations() throws Exception {
        byte[] doc = EngineFixture.flows(GOOD);
        FlowsView view = fixture.engine.replace("upload.xml", doc);
        assertEquals(1, view.generation());
        assertArrayEquals(doc, Files.readAllBytes(fixture.conf.resolve("flows.xml")));
        try (Stream<Path> files = Files.list(fixture.conf)) {
            assertEquals(List.of("flows.xml"), files.map(p -> p.getFileName().toString()).toList(), "no temporary file left");
        }
        assertEquals(List.of(new FlowsView.MessageTypeView("api", "f", 0)), view.messageTypes());
        assertEquals(List.of(new FlowsView.FlowView("f", List.of(EXT + ":trail"))), view.flows());
        assertEquals(new String(doc, StandardCharsets.UTF_8), view.document());
        assertEquals(2, fixture.engine.replace("again.xml", doc).generation());
    }

    @Test
    void invalidReplacementChangesNothing() throws Exception {
        fixture.engine.replace("upload.xml", EngineFixture.flows(GOOD));
        byte[] before = Files.readAllBytes(fixture.conf.resolve("flows.xml"));
        FlowConfigurationException e = assertThrows(FlowConfigurationException.class, () -> fixture.engine.replace("bad.xml",
                EngineFixture.flows("  <message-type name=\"x\" flow=\"f\"><match/></message-type>\n"
                        + "  <flow name=\"f\"><step bladelet=\"ghost\"/></flow>\n")));
        assertEquals(List.of("bad.xml [4:42] /flows/flow[1]/step[1]: no built-in step 'ghost' is available (built-in: [])"), e.errors());
        assertThrows(XmlDocumentException.class, () -> fixture.engine.replace("broken.xml", "<flows".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(before, Files.readAllBytes(fixture.conf.resolve("flows.xml")));
        assertEquals(1, fixture.engine.current().generation());
        assertInstanceOf(FlowResult.Forward.class, fixture.send(TestRequestHead.get("/api")));
    }

    @Test
    void anEditByHandIsToldAndNotAppliedUntilItIsPutInForce() throws Exception {
        Files.write(fixture.conf.resolve("flows.xml"), EngineFixture.flows(GOOD));
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        fixture.engine.onHandEdit(told::add);
        fixture.engine.start(Duration.ofMillis(50));
        assertEquals(1, fixture.engine.current().generation(), "read at start");
        byte[] edited = EngineFixture.flows(GOOD.replace("/api", "/v2"));
        Files.write(fixture.conf.resolve("flows.xml"), edited);

        Await.until("the edit told", () -> told.contains("flows.xml"));
        assertEquals(1, fixture.engine.current().generation(), "an edit by hand is not applied");
        assertInstanceOf(FlowResult.Forward.class, fixture.send(TestRequestHead.get("/api")));

        // what a confirmed command does: the content seen becomes the content in force, then the flows service replaces
        InForceLedger ledger = InForceLedger.open(fixture.conf, fixture.conf.resolveSibling("data"));
        ledger.commit("flows.xml", Optional.of(edited));
        fixture.engine.replace("flows.xml", edited);
        assertEquals(2, fixture.engine.current().generation());
        assertNull(fixture.send(TestRequestHead.get("/api")));
        assertArrayEquals(edited, Files.readAllBytes(fixture.conf.resolve("flows.xml")));
    }

    @Test
    void aReplacementIsTheContentInForceAndNoEditByHand() throws Exception {
        Files.write(fixture.conf.resolve("flows.xml"), EngineFixture.flows(GOOD));
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        fixture.engine.onHandEdit(told::add);
        fixture.engine.start(Duration.ofMillis(50));

        fixture.engine.replace("upload.xml", EngineFixture.flows(GOOD.replace("/api", "/v2")));
        Thread.sleep(500);

        assertEquals(List.of(), told);
        assertEquals(2, fixture.engine.current().generation(), "applied once, not again as a change on disk");
        assertTrue(InForceLedger.open(fixture.conf, fixture.conf.resolveSibling("data"))
                .accepts("flows.xml", Optional.of(EngineFixture.flows(GOOD.replace("/api", "/v2")))));
    }

    @Test
    void aRestartWithAnEditOnDiskRunsTheContentInForce() throws Exception {
        Files.write(fixture.conf.resolve("flows.xml"), EngineFixture.flows(GOOD));
        fixture.engine.start(Duration.ofMillis(50));
        Files.write(fixture.conf.resolve("flows.xml"), EngineFixture.flows(GOOD.replace("/api", "/v2")));

        try (EngineFixture restarted = new EngineFixture(fixture.conf.getParent())) {
            restarted.startProvider(EngineFixture.EXTENSION, "1.0.0", true);
            restarted.engine.start(Duration.ofMillis(50));
            assertInstanceOf(FlowResult.Forward.class, restarted.send(TestRequestHead.get("/api")), "the content in force runs");
            assertNull(restarted.send(TestRequestHead.get("/v2")), "not the edit");
        }
    }

    @Test
    void aFileTheSchemaRejectsStopsTheStart() throws Exception {
        Files.write(fixture.conf.resolve("flows.xml"), EngineFixture.flows(
                "  <message-type name=\"api\" flow=\"f\"><match path-prefix=\"/api\"/>\n"
                + "  <flow name=\"f\"><step bladelet=\"trail\" extension=\"" + EXT + "\"/></flow>\n"));
        XmlDocumentException e = assertThrows(XmlDocumentException.class, () -> fixture.engine.start(Duration.ofMillis(50)));
        assertTrue(e.getMessage().startsWith("flows.xml [4:18] /flows/message-type[1]/flow[1]: Invalid content"), e.getMessage());
        assertEquals(0, fixture.engine.current().generation());
    }

    @Test
    void parametersTheDescriptorRefusesStopTheStartAsTheyFailAReplacement() throws Exception {
        String badStatus = "  <message-type name=\"api\" flow=\"f\"><match path-prefix=\"/api\"/></message-type>\n"
                + "  <flow name=\"f\"><step bladelet=\"respond\" extension=\"" + EXT + "\"><param name=\"status\" value=\"0\"/></step></flow>\n";
        Files.write(fixture.conf.resolve("flows.xml"), EngineFixture.flows(badStatus));
        FlowConfigurationException atStart = assertThrows(FlowConfigurationException.class,
                () -> fixture.engine.start(Duration.ofMillis(50)));
        String reason = "[4:72] /flows/flow[1]/step[1]: bladelet 'respond' parameter 'status': 0 is below the minimum 200";
        assertEquals("flows.xml " + reason, atStart.getMessage());
        FlowConfigurationException replaced = assertThrows(FlowConfigurationException.class,
                () -> fixture.engine.replace("upload.xml", EngineFixture.flows(badStatus)));
        assertEquals(List.of("upload.xml " + reason), replaced.errors());
        assertEquals(0, fixture.engine.current().generation());
        assertNull(fixture.send(TestRequestHead.get("/other")));
    }

    @Test
    void fileNamingAMissingBuiltInStillLoadsSincePlatformBundlesMayStartLater() throws Exception {
        Files.write(fixture.conf.resolve("flows.xml"), EngineFixture.flows(
                "  <message-type name=\"x\" flow=\"f\"><match/></message-type>\n  <flow name=\"f\"><step bladelet=\"later\"/></flow>\n"));
        fixture.engine.start(Duration.ofSeconds(10));
        assertEquals(1, fixture.engine.current().generation());
        assertEquals("step_unavailable", ((FlowResult.Reject) fixture.send(TestRequestHead.get("/"))).code());
    }

    @Test
    void noFileMeansNoMessageTypes() throws Exception {
        fixture.engine.start(Duration.ofSeconds(10));
        assertEquals(0, fixture.engine.current().generation());
        assertNull(fixture.send(TestRequestHead.get("/")));
    }

    @Test
    void bladeletsListsExtensionsWithTheirVersion() throws Exception {
        fixture.startProvider("org.gatehouse.builtins", "1.0.0", false);
        List<BladeletInfo> all = fixture.engine.bladelets();
        assertTrue(all.contains(new BladeletInfo("token", "authenticator", EXT, "1.0.0", "")), all.toString());
        assertTrue(all.contains(new BladeletInfo("route", "step", "", "", "")), all.toString());
        assertEquals(38, all.size(), "19 as an extension, 19 built in");
    }
}
