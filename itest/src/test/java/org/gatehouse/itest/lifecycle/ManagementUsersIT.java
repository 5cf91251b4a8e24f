package org.gatehouse.itest.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.gatehouse.itest.support.InstalledDistribution.CommandResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A management user's token issued and revoked through the real distribution (docs/management.md
 * "Users"): {@code bin/gatehouse users token issue} makes the token and sends its SHA-256; the
 * token is refused until a security officer confirms the command at the host, accepted after; the
 * element's own write of {@code management-users.xml} is its content in force, so no
 * {@code conf.edit} follows it; a revocation confirmed holds across a restart (a kill -9 and a start).
 */
class ManagementUsersIT {
    private CountingUpstream upstream;
    private LifecycleElement element;

    @AfterEach
    void stop() {
        if (element != null) {
            element.close();
            upstream.close();
        }
    }

    @Test
    void aTokenIssuedOnTheCommandLineAuthenticatesOnlyOnceConfirmedAndARevocationHoldsAcrossARestart() throws Exception {
        upstream = new CountingUpstream();
        element = new LifecycleElement(upstream, "");
        element.start();
        CommandResult admin = element.cliAs(LifecycleElement.ADMIN, "users", "token", "issue", "alice", "mine");
        assertEquals(1, admin.exitCode(), "an admin may not issue tokens: " + admin.output());

        CommandResult issued = element.cliAs(LifecycleElement.OFFICER, "users", "token", "issue", "oscar", "ci");
        assertEquals(0, issued.exitCode(), issued.output());
        List<String> lines = issued.output().lines().toList();
        String token = lines.get(lines.size() - 1);
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), issued.output());
        assertFalse(String.join("\n", lines.subList(0, lines.size() - 1)).contains(token), "the rendering never holds the token");
        assertEquals(401, element.api.get("health", token).statusCode(), "refused before the confirmation");

        element.api.confirmPrinted(issued.output());
        assertEquals(200, element.api.get("health", token).statusCode(), "accepted once confirmed");
        String file = Files.readString(element.gatehouse.confDir().resolve("management-users.xml"), StandardCharsets.UTF_8);
        assertTrue(file.contains("description=\"ci\""), file);
        Thread.sleep(3000); // three of the management plane's looks at the gated files
        String commands = element.api.get("commands", LifecycleElement.AUDITOR).body();
        assertFalse(commands.contains("conf.edit"), "the element's own write is no edit by hand: " + commands);

        element.api.done(element.api.delete("users/oscar/tokens/ci", LifecycleElement.OFFICER));
        assertEquals(401, element.api.get("health", token).statusCode(), "refused once the revocation is confirmed");
        assertEquals(200, element.api.get("health", LifecycleElement.OPERATOR).statusCode(), "the user's other token stays");

        element.kill();
        element.start();
        assertEquals(401, element.api.get("health", token).statusCode(), "still revoked after a restart");
        assertEquals(200, element.api.get("health", LifecycleElement.OPERATOR).statusCode());
        assertFalse(element.api.get("commands", LifecycleElement.AUDITOR).body().contains("conf.edit"));
    }
}
