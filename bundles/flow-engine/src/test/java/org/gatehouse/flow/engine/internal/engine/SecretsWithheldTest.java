package org.gatehouse.flow.engine.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.gatehouse.flow.engine.api.FlowConfigurationException;
import org.gatehouse.flow.engine.api.FlowValidation;
import org.junit.jupiter.api.Test;

/**
 * The flows document as people are shown it ({@code FlowService.withheldDocument}): a secret
 * parameter's value, and any value of a bladelet that cannot be looked at, never shows; the rest
 * reads as written; a document sent back with the mark in place of a secret is refused.
 */
class SecretsWithheldTest extends StartedEngineFixture {
    private static final String EXT = EngineFixture.EXTENSION;
    private static final String DOCUMENT = """
              <!-- the operator's note stays -->
              <authenticator name="tokens" bladelet="token" extension="EXT"><param name="token" value="s3cret-one"/></authenticator>
              <message-type name="api" flow="f"><match path-prefix="/api"/></message-type>
              <flow name="f">
                <step bladelet="trail" extension="EXT" name="first"><param name="mark" value="shown &amp; kept"/></step>
              </flow>
            """.replace("EXT", EXT);

    @Test
    void aSecretParametersValueIsWithheldAndTheRestReadsAsWritten() throws Exception {
        fixture.replace(DOCUMENT);

        String shown = fixture.engine.withheldDocument();

        assertFalse(shown.contains("s3cret-one"), shown);
        assertTrue(shown.contains("name=\"token\" value=\"(withheld)\""), shown);
        assertTrue(shown.contains("value=\"shown &amp; kept\""), shown);
        assertTrue(shown.contains("<!-- the operator's note stays -->"), shown);
        assertTrue(fixture.engine.current().document().contains("s3cret-one"), "the engine itself keeps the value");
    }

    @Test
    void aParameterOfABladeletThatCannotBeLookedAtIsWithheldToo() throws Exception {
        fixture.replace(DOCUMENT);
        fixture.engine.registry().remove(fixture.engine.registry().extension(EXT).orElseThrow(), Duration.ZERO);

        String shown = fixture.engine.withheldDocument();

        assertFalse(shown.contains("s3cret-one"), shown);
        assertFalse(shown.contains("shown &amp; kept"), "no descriptor says 'mark' is not secret: " + shown);
    }

    @Test
    void aDocumentSentBackWithTheMarkIsRefusedAtItsStep() throws Exception {
        fixture.replace(DOCUMENT);
        byte[] sentBack = fixture.engine.withheldDocument().getBytes(StandardCharsets.UTF_8);

        FlowValidation check = fixture.engine.validate("edited.xml", sentBack);
        FlowConfigurationException refused = assertThrows(FlowConfigurationException.class,
                () -> fixture.engine.replace("edited.xml", sentBack));

        assertFalse(check.valid());
        assertEquals(1, check.errors().size(), check.errors().toString());
        String expected = "edited\\.xml \\[\\d+:\\d+\\] /flows/authenticator\\[1\\]: authenticator 'tokens': parameter 'token' holds \\(withheld\\).*";
        assertTrue(check.errors().get(0).matches(expected), check.errors().toString());
        assertTrue(refused.getMessage().contains("parameter 'token' holds (withheld)"), refused.getMessage());
        assertTrue(fixture.engine.current().document().contains("s3cret-one"), "the document in force is unchanged");

        // with the secret written again, the same document is put in force
        fixture.engine.replace("edited.xml", new String(sentBack, StandardCharsets.UTF_8).replace("(withheld)", "s3cret-two")
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(fixture.engine.current().document().contains("s3cret-two"));
    }

    @Test
    void aDocumentTypeDeclarationInTheDocumentInForceIsNotFollowed() throws Exception {
        // the schema's reader refuses a DOCTYPE before anything is in force: nothing to withhold from
        assertThrows(Exception.class, () -> fixture.engine.replace("dtd.xml", ("<?xml version=\"1.0\"?><!DOCTYPE flows ["
                + "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + new String(EngineFixture.flows(DOCUMENT), StandardCharsets.UTF_8)
                .replaceFirst("<\\?xml[^>]*>", "")).getBytes(StandardCharsets.UTF_8)));
    }
}
