package org.gatehouse.itest.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatehouse.itest.support.InstalledDistribution.CommandResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Trusted commands through the real distribution (docs/management.md "Commands",
 * "Confirmation"): a change submitted over REST waits; the REST API cannot confirm it, whatever
 * the token; the person at the host confirms or declines it with {@code bin/gatehouse commands
 * confirm} over the local socket, after being shown what it will do; a replayed confirmation, a
 * self-confirmation under the second-person rule and a command left waiting across a kill -9 are
 * refused; every step is in an audit log that verifies.
 */
class TrustedCommandsIT {
    private static final Duration CLI = Duration.ofSeconds(90);
    private static final String KEYS = "org.gatehouse.sample.api-key-auth";
    private static final Pattern ID = Pattern.compile("\"command\"\\s*:\\s*\\{\\s*\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private CountingUpstream upstream;
    private LifecycleElement element;

    private void start(String properties) {
        upstream = new CountingUpstream();
        element = new LifecycleElement(upstream, properties);
        element.start();
        CommandResult phrase = element.gatehouse.commandWithInput(CLI, "lanterns over the harbour\nlanterns over the harbour\n",
                "commands", "phrase");
        assertEquals(0, phrase.exitCode(), phrase.output());
    }

    @AfterEach
    void stop() {
        if (element != null) {
            element.close();
            upstream.close();
        }
    }

    private static String id(HttpResponse<String> submitted) {
        Matcher m = ID.matcher(submitted.body());
        assertTrue(m.find(), submitted.body());
        return m.group(1);
    }

    private CommandResult confirm(String id, String answer) {
        return element.gatehouse.commandWithInput(CLI, answer, "commands", "confirm", id);
    }

    @Test
    void aChangeWaitsForAPersonOnTheLocalSocketAndTheRestApiCannotConfirmIt() throws Exception {
        start("");
        HttpResponse<String> submitted = element.api.uploadJar("POST", "extensions", SampleJars.sample("api-key-auth"),
                LifecycleElement.ADMIN);
        assertEquals(202, submitted.statusCode(), submitted.body());
        String id = id(submitted);
        assertEquals(404, element.api.get("extensions/" + KEYS, LifecycleElement.ADMIN).statusCode(), "nothing installed yet");
        for (String token : new String[] {LifecycleElement.ADMIN, LifecycleElement.OFFICER, LifecycleElement.HOST}) {
            for (String path : new String[] {"/confirm", "/answer", "/approve"}) {
                assertEquals(404, element.api.post("commands/" + id + path, token).statusCode(), "no confirmation over REST: " + path);
            }
        }

        CommandResult pending = element.gatehouse.commandWithInput(CLI, "", "commands", "pending");
        assertTrue(pending.output().contains(id), pending.output());
        CommandResult declined = confirm(id, "maybe\nno\n");
        assertTrue(declined.output().contains("What it will do:"), "the rendering is shown before the question: " + declined.output());
        assertTrue(declined.output().contains("qualification verdict: "), declined.output());
        assertTrue(declined.output().contains("Your anti-spoofing phrase: lanterns over the harbour"), declined.output());
        assertTrue(declined.output().contains("command " + id + " declined: cancelled"), declined.output());
        assertEquals(404, element.api.get("extensions/" + KEYS, LifecycleElement.ADMIN).statusCode(), "declined: nothing installed");
        assertFalse(element.api.get("commands/" + id, LifecycleElement.AUDITOR).body().contains("lanterns"),
                "the phrase is never served over REST");

        String second = id(element.api.uploadJar("POST", "extensions", SampleJars.sample("api-key-auth"), LifecycleElement.ADMIN));
        CommandResult confirmed = confirm(second, "yes\n");
        assertTrue(confirmed.output().contains("command " + second + " confirmed: done: installed " + KEYS), confirmed.output());
        assertEquals(200, element.api.get("extensions/" + KEYS, LifecycleElement.ADMIN).statusCode());

        CommandResult replayed = confirm(second, "yes\n");
        assertEquals(1, replayed.exitCode(), replayed.output());
        assertTrue(replayed.output().contains("is done"), "a confirmation replayed is refused: " + replayed.output());

        String audit = element.api.get("audit?limit=1000", LifecycleElement.AUDITOR).body();
        assertTrue(audit.contains("command.rendering"), audit);
        assertTrue(audit.contains(second), audit);
        assertFalse(audit.contains("lanterns over the harbour"), "the audit log keeps whose phrase it was, not the phrase");
        assertEquals(0, element.gatehouse.command(CLI, "stop").exitCode());
        CommandResult verified = element.gatehouse.command(CLI, "audit", "verify");
        assertEquals(0, verified.exitCode(), verified.output());
    }

    @Test
    void underTheSecondPersonRuleTheSubmitterCannotConfirmTheirOwnPolicyChange() throws Exception {
        start("gatehouse.commands.confirm.extension.policy.replace=security-officer,second-person\n");
        element.api.done(element.api.uploadJar("POST", "extensions", SampleJars.sample("api-key-auth"), LifecycleElement.ADMIN));
        String policy = "<extension-policy xmlns=\"urn:gatehouse:extension-policy:1\"/>";
        String own = id(element.api.putXml("extensions/" + KEYS + "/policy", policy, LifecycleElement.HOST));
        CommandResult self = confirm(own, "yes\n");
        assertEquals(1, self.exitCode(), self.output());
        assertTrue(self.output().contains("other than its submitter"), self.output());
        assertFalse(element.gatehouse.commandWithInput(CLI, "", "commands", "pending").output().contains(own),
                "not listed for the one who may not confirm it");

        String officers = id(element.api.putXml("extensions/" + KEYS + "/policy", policy, LifecycleElement.OFFICER));
        CommandResult other = confirm(officers, "yes\n");
        assertTrue(other.output().contains("command " + officers + " confirmed: done"), other.output());
    }

    @Test
    void aCommandLeftWaitingByAKillMinusNineExpiresAndCannotBeConfirmed() throws Exception {
        start("");
        String id = id(element.api.uploadJar("POST", "extensions", SampleJars.sample("api-key-auth"), LifecycleElement.ADMIN));
        element.kill();
        element.start();
        String command = element.api.get("commands/" + id, LifecycleElement.AUDITOR).body();
        assertTrue(command.contains("\"state\" : \"expired\""), command);
        CommandResult late = confirm(id, "yes\n");
        assertEquals(1, late.exitCode(), late.output());
        assertEquals(404, element.api.get("extensions/" + KEYS, LifecycleElement.ADMIN).statusCode());
    }
}
