package org.gatehouse.flow.engine.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.gatehouse.flow.engine.api.FlowConfigurationException;
import org.gatehouse.flow.engine.api.FlowDifference;
import org.gatehouse.flow.engine.internal.config.FlowsConfig;
import org.gatehouse.flow.engine.internal.run.BladeletProvider;
import org.junit.jupiter.api.Test;

/**
 * What a replacement of the flows document changes ({@code FlowService.differences}): every
 * attribute and element the schema has, changed one at a time, is a difference naming its part and
 * aspect; a change of form only is none; a secret parameter's value never leaves the engine.
 */
class FlowDifferencesTest extends StartedEngineFixture {
    private static final String EXT = EngineFixture.EXTENSION;
    private static final String BASE = """
              <settings step-timeout="3s" step-threads="8" step-queue="64" extension-concurrency="4" extension-queue="8"
                        quarantine-failures="3" quarantine-window="30s" runaway-grace="2s" runaway-threads="2" body-limit="4096"/>
              <authenticator name="tokens" bladelet="token" extension="EXT"><param name="token" value="s3cret-one"/></authenticator>
              <message-type name="api" flow="f">
                <match listener="main" host="api.example.com" methods="GET POST" path-prefix="/api" source="10.0.0.0/8">
                  <header name="X-A" regex="a.*"/><body-regex>r+</body-regex><body-token>tok</body-token>
                </match>
                <match path-regex="/other/.*"/>
                <credentials><bearer/><header header="X-Key" as="bearer"/></credentials>
              </message-type>
              <message-type name="web" flow="g"><match path-prefix="/"/></message-type>
              <flow name="f" step-timeout="5s">
                <step bladelet="trail" extension="EXT" name="first" timeout="4s"><param name="mark" value="a"/></step>
                <step bladelet="trail" extension="EXT"><param name="mark" value="b"/></step>
              </flow>
              <flow name="g"><step bladelet="trail" extension="EXT"><param name="mark" value="c"/></step></flow>
            """.replace("EXT", EXT);

    private List<FlowDifference> differences(String document) throws Exception {
        return fixture.engine.differences("upload.xml", EngineFixture.flows(document));
    }

    @Test
    void everyAttributeAndElementChangedAloneIsADifferenceOfItsPartAndAspect() throws Exception {
        fixture.replace(BASE);
        Map<String, String> changes = new LinkedHashMap<>();
        // each: the text replaced and its replacement, then the part and aspect the difference must name
        changes.put("step-timeout=\"3s\"|step-timeout=\"4s\"", "settings|step-timeout");
        changes.put("step-threads=\"8\"|step-threads=\"9\"", "settings|step-threads");
        changes.put("step-queue=\"64\"|step-queue=\"65\"", "settings|step-queue");
        changes.put("extension-concurrency=\"4\"|extension-concurrency=\"5\"", "settings|extension-concurrency");
        changes.put("extension-queue=\"8\"|extension-queue=\"0\"", "settings|extension-queue");
        changes.put("quarantine-failures=\"3\"|quarantine-failures=\"4\"", "settings|quarantine-failures");
        changes.put("quarantine-window=\"30s\"|quarantine-window=\"31s\"", "settings|quarantine-window");
        changes.put("runaway-grace=\"2s\"|runaway-grace=\"1500ms\"", "settings|runaway-grace");
        changes.put("runaway-threads=\"2\"|runaway-threads=\"3\"", "settings|runaway-threads");
        changes.put("body-limit=\"4096\"|body-limit=\"4097\"", "settings|body-limit");
        changes.put("s3cret-one|s3cret-two", "authenticator tokens|param token");
        changes.put("bladelet=\"token\" extension=\"" + EXT + "\"><param name=\"token\" value=\"s3cret-one\"/></authenticator>|bladelet=\"spin-token\""
                + " extension=\"" + EXT + "\"/>", "authenticator tokens|bladelet");
        changes.put("listener=\"main\"|listener=\"admin\"", "message type api|match");
        changes.put("host=\"api.example.com\"|host=\"*.example.com\"", "message type api|match");
        changes.put("methods=\"GET POST\"|methods=\"GET\"", "message type api|match");
        changes.put("path-prefix=\"/api\"|path-prefix=\"/ap\"", "message type api|match");
        changes.put("source=\"10.0.0.0/8\"|source=\"0.0.0.0/0\"", "message type api|match");
        changes.put("name=\"X-A\" regex=\"a.*\"|name=\"X-A\" regex=\".*\"", "message type api|match");
        changes.put("<header name=\"X-A\" regex=\"a.*\"/>|<header name=\"X-A\" present=\"false\"/>", "message type api|match");
        changes.put("<body-regex>r+</body-regex>|<body-regex>r*</body-regex>", "message type api|match");
        changes.put("<body-token>tok</body-token>|<body-token>tok2</body-token>", "message type api|match");
        changes.put("path-regex=\"/other/.*\"|path-regex=\"/.*\"", "message type api|match");
        changes.put("<bearer/><header header=\"X-Key\" as=\"bearer\"/>|<header header=\"X-Key\" as=\"bearer\"/><bearer/>",
                "message type api|credentials");
        changes.put("as=\"bearer\"|as=\"custom\"", "message type api|credentials");
        changes.put("<message-type name=\"api\" flow=\"f\">|<message-type name=\"api\" flow=\"g\">", "message type api|flow");
        changes.put("<flow name=\"f\" step-timeout=\"5s\">|<flow name=\"f\" step-timeout=\"6s\">", "flow f|step-timeout");
        changes.put("name=\"first\"|name=\"primo\"", "flow f|step 1 name");
        changes.put("timeout=\"4s\">|timeout=\"1m\">", "flow f|step 1 timeout");
        changes.put("value=\"a\"|value=\"z\"", "flow f|step 1 param mark");
        changes.put("<param name=\"mark\" value=\"b\"/></step>|<param name=\"mark\" value=\"b\"/></step>"
                + "<step bladelet=\"respond\" extension=\"" + EXT + "\"/>", "flow f|steps");
        for (Map.Entry<String, String> change : changes.entrySet()) {
            String[] edit = change.getKey().split("\\|", 2);
            assertTrue(BASE.contains(edit[0]), edit[0]);
            List<FlowDifference> found = differences(BASE.replace(edit[0], edit[1]));
            String[] expected = change.getValue().split("\\|");
            assertTrue(found.stream().anyMatch(d -> d.part().equals(expected[0]) && d.aspect().equals(expected[1])),
                    change.getKey() + " -> " + change.getValue() + ": " + found);
        }
    }

    @Test
    void whatChangesIsShownBeforeAndAfterAndClassificationOrderCounts() throws Exception {
        fixture.replace(BASE);
        List<FlowDifference> found = differences(BASE.replace("path-prefix=\"/api\"", "path-prefix=\"/nothing-matches\"")
                .replace("value=\"a\"", "value=\"Authorization\""));
        String before = "listener=\"main\" host=\"api.example.com\" methods=\"GET POST\" path-prefix=\"/api\" source=\"10.0.0.0/8\" "
                + "header(name=\"X-A\" regex=\"a.*\") body-regex=\"r+\" body-token=\"tok\"";
        assertEquals(List.of(
                new FlowDifference("message type api", "match", Optional.of(before), Optional.empty(), false),
                new FlowDifference("message type api", "match", Optional.empty(), Optional.of(before.replace("/api", "/nothing-matches")), false),
                new FlowDifference("flow f", "step 1 param mark", Optional.of("a"), Optional.of("Authorization"), false)), found);
        String swapped = BASE.replace("<message-type name=\"web\" flow=\"g\"><match path-prefix=\"/\"/></message-type>", "")
                .replace("<message-type name=\"api\"", "<message-type name=\"web\" flow=\"g\"><match path-prefix=\"/\"/></message-type>\n"
                        + "<message-type name=\"api\"");
        assertEquals(List.of(new FlowDifference("message types", "order", Optional.of("api, web"), Optional.of("web, api"), false)),
                differences(swapped));
    }

    @Test
    void aChangeOfFormOnlyIsNoDifference() throws Exception {
        fixture.replace(BASE);
        String form = "<!-- the same, written otherwise -->\n" + BASE
                .replace("<header name=\"X-A\" regex=\"a.*\"/>", "<header regex=\"a.*\"   name=\"X-A\" present=\"true\"/>")
                .replace("<step bladelet=\"trail\" extension=\"" + EXT + "\"><param name=\"mark\" value=\"b\"/>",
                        "<step\n   extension=\"" + EXT + "\" bladelet=\"trail\"  ><param value=\"b\" name=\"mark\"/>");
        assertEquals(List.of(), differences(form));
        assertEquals(List.of(), differences(BASE));
    }

    @Test
    void aSecretParameterSaysItChangedAndNeverWhatItIs() throws Exception {
        fixture.replace(BASE);
        List<FlowDifference> changed = differences(BASE.replace("s3cret-one", "s3cret-two"));
        assertEquals(List.of(new FlowDifference("authenticator tokens", "param token", Optional.of(FlowDifference.SECRET),
                Optional.of(FlowDifference.SECRET), true)), changed);
        List<FlowDifference> removed = differences(BASE.replace(
                "<authenticator name=\"tokens\" bladelet=\"token\" extension=\"" + EXT + "\"><param name=\"token\" value=\"s3cret-one\"/>"
                        + "</authenticator>", ""));
        assertTrue(removed.contains(new FlowDifference("authenticator tokens", "param token", Optional.of(FlowDifference.SECRET),
                Optional.empty(), true)), removed.toString());
        String added = BASE.replace("<message-type name=\"api\"", "<authenticator name=\"more\" bladelet=\"token\" extension=\"" + EXT
                + "\"><param name=\"token\" value=\"hunter2\"/></authenticator>\n<message-type name=\"api\"");
        List<FlowDifference> more = differences(added);
        assertTrue(more.contains(new FlowDifference("authenticator more", "param token", Optional.empty(), Optional.of(FlowDifference.SECRET),
                true)), more.toString());
        for (List<FlowDifference> each : List.of(changed, removed, more)) {
            assertFalse(each.toString().contains("s3cret") || each.toString().contains("hunter2"), each.toString());
        }
        assertEquals(List.of(), differences(BASE), "the same secret is no difference");
    }

    @Test
    void theParametersOfABladeletThatCannotBeLookedAtAreWithheld() throws Exception {
        BladeletProvider later = fixture.startProvider("org.example.later", "1.0.0", true);
        String doc = BASE.replace("<flow name=\"g\">", "<flow name=\"h\"><step bladelet=\"trail\" extension=\"org.example.later\">"
                + "<param name=\"mark\" value=\"kept-quiet\"/></step></flow>\n<flow name=\"g\">");
        fixture.replace(doc);
        fixture.engine.registry().remove(later, java.time.Duration.ofSeconds(1));
        List<FlowDifference> found = differences(doc.replace("kept-quiet", "still-quiet"));
        assertEquals(List.of(new FlowDifference("flow h", "step 1 param mark", Optional.of(FlowDifference.SECRET),
                Optional.of(FlowDifference.SECRET), true)), found);
    }

    @Test
    void aDocumentThatCannotBeUsedHasNoDifferencesButItsErrors() {
        FlowConfigurationException refused = assertThrows(FlowConfigurationException.class, () -> differences(
                "  <message-type name=\"api\" flow=\"f\"><match/></message-type>\n"
                        + "  <flow name=\"f\"><step bladelet=\"nope\" extension=\"" + EXT + "\"/></flow>\n"));
        assertTrue(refused.errors().get(0).contains("has no bladelet 'nope'"), refused.errors().toString());
    }

    /**
     * Every component of the parsed document is described: a component added to {@link FlowsConfig}
     * fails this test until it is a fact of {@code FlowsDescription} and listed here.
     */
    @Test
    void everyComponentOfTheParsedDocumentIsDescribed() {
        Map<Class<?>, String> components = new LinkedHashMap<>();
        for (Class<?> type : List.of(FlowsConfig.class, FlowsConfig.Settings.class, FlowsConfig.MethodDefinition.class,
                FlowsConfig.MessageTypeDefinition.class, FlowsConfig.MatchDefinition.class, FlowsConfig.HeaderCondition.class,
                FlowsConfig.FlowDefinition.class, FlowsConfig.StepDefinition.class, org.gatehouse.flow.engine.spi.CredentialLocation.class)) {
            components.put(type, Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.joining(",")));
        }
        assertEquals(List.of(
                "source,document,settings,methods,messageTypes,flows",
                "stepTimeout,stepThreads,stepQueue,extensionConcurrency,extensionQueue,quarantineFailures,quarantineWindow,runawayGrace,"
                        + "runawayThreads,bodyLimit",
                "name,kind,bladelet,extension,parameters,position",
                "name,flow,matches,credentials,position",
                "listeners,hosts,methods,pathPrefix,pathRegex,sources,headers,bodyRegexes,bodyTokens,position",
                "name,regex,present",
                "name,stepTimeout,steps,position",
                "name,bladelet,extension,timeout,parameters,position",
                "kind,attributes"), List.copyOf(components.values()));
    }
}
