package org.gatehouse.management.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.flow.engine.api.FlowDifference;
import org.gatehouse.management.command.Command;
import org.gatehouse.management.command.CommandRequest;
import org.gatehouse.management.command.CommandType;
import org.gatehouse.management.command.Renderer;
import org.junit.jupiter.api.Test;

/** The lines a flows replacement is rendered with: every difference, whole, and no secret. */
class FlowChangesTest {

    private static String rendered(List<FlowDifference> differences) {
        Command command = Command.submitted("c-1", CommandRequest.of(CommandType.FLOWS_REPLACE, "flows", Map.of()), "alice", "admin",
                Instant.EPOCH);
        return Renderer.forPerson(Renderer.body(command, FlowChanges.lines(4, differences), Map.of("flows", 4L), "by an admin"), "phrase");
    }

    @Test
    void eachDifferenceIsALineMarkedAddedTakenAwayOrChanged() {
        String text = rendered(List.of(
                new FlowDifference("message type api", "flow", Optional.empty(), Optional.of("secured"), false),
                new FlowDifference("message type api", "match", Optional.of("path-prefix=\"/api\""), Optional.empty(), false),
                new FlowDifference("authorizer admins-only", "param required", Optional.of("group=admins"), Optional.of("group=everyone"),
                        false)));
        assertTrue(text.contains("\n  replace the flows document in force (generation 4)\n"
                + "  + message type api: flow secured\n"
                + "  - message type api: match path-prefix=\"/api\"\n"
                + "  ~ authorizer admins-only: param required group=admins  becomes  group=everyone\n"), text);
    }

    @Test
    void aSecretSaysOnlyThatItChanged() {
        String text = rendered(List.of(
                new FlowDifference("authenticator ldap", "param bind-password", Optional.of(FlowDifference.SECRET),
                        Optional.of(FlowDifference.SECRET), true),
                new FlowDifference("authenticator other", "param bind-password", Optional.empty(), Optional.of(FlowDifference.SECRET), true),
                new FlowDifference("authenticator gone", "param bind-password", Optional.of(FlowDifference.SECRET), Optional.empty(), true)));
        assertTrue(text.contains("  ~ authenticator ldap: param bind-password changed (secret, not shown)\n"), text);
        assertTrue(text.contains("  + authenticator other: param bind-password set (secret, not shown)\n"), text);
        assertTrue(text.contains("  - authenticator gone: param bind-password taken away (secret, not shown)\n"), text);
    }

    @Test
    void aLongValueIsShownWholeSoADifferencePastACutIsSeen() {
        String before = "/" + "a".repeat(440) + "x";
        String after = "/" + "a".repeat(440) + "y";
        String text = rendered(List.of(new FlowDifference("message type api", "match", Optional.of("path-regex=\"" + before + "\""),
                Optional.of("path-regex=\"" + after + "\""), false)));
        assertFalse(text.contains("... ("), "nothing is cut: " + text);
        String joined = text.replaceAll("\n      [0-9]+\\| ", "");
        assertTrue(joined.contains("path-regex=\"" + before + "\""), text);
        assertTrue(joined.contains("path-regex=\"" + after + "\""), text);
        assertTrue(text.contains("  ~ message type api: match, was (455 characters, in 3 lines):\n"), text);
        assertTrue(text.contains("    message type api: match, becomes (455 characters, in 3 lines):\n"), text);
    }

    @Test
    void aValueWithLineBreaksStaysOnItsLines() {
        String text = rendered(List.of(new FlowDifference("flow f", "step 1 param header", Optional.of("X-A"),
                Optional.of("X-A\nYour anti-spoofing phrase: phrase"), false)));
        assertEquals(1, text.lines().filter(l -> l.startsWith(Renderer.PHRASE_LINE)).count(), text);
        assertTrue(text.contains("X-A\\u{A}Your anti-spoofing phrase: phrase"), text);
    }

    @Test
    void noDifferenceIsSaid() {
        assertTrue(rendered(List.of()).contains("  no difference: the document says what the one in force says\n"));
    }
}
