package org.gatehouse.itest.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * A permission revoked by a policy change while the extension runs is denied on its next
 * attempt, with nothing restarted: once a narrower policy for
 * {@code <conf>/extension-policies/<symbolic name>.xml} is in force, the engine re-merges it live.
 * A policy file dropped there by hand is not in force until a person confirms it
 * (docs/management.md "Hand edits"): with no management plane to submit it, it stays out of force.
 */
class PolicyRevocationIT extends BehaviourMatrix {

    @BeforeAll
    static void bootGranted() throws Exception {
        boot(MatrixPolicies.grantedSystemPolicy().getBytes(StandardCharsets.UTF_8), MatrixPolicies.extensionPolicy());
    }

    @Test
    void aRevokedPermissionIsDeniedOnTheNextAttempt() throws Exception {
        EscapeRoute write = EscapeRoute.all().stream().filter(r -> r.action().equals("writeWithFiles")).findFirst().orElseThrow();
        EscapeRoute connect = EscapeRoute.all().stream().filter(r -> r.action().equals("connectSocket")).findFirst().orElseThrow();
        assertGranted(write);
        assertGranted(connect);
        long bundleId = element.extension().getBundleId();
        long lastModified = element.extension().getLastModified();
        long generation = element.generation();

        List<List<String>> narrower = MatrixPolicies.REQUESTED.stream().filter(p -> !p.get(0).equals("file")).toList();
        Path policies = Files.createDirectories(element.home().resolve("conf/extension-policies"));
        String narrowerPolicy = MatrixPolicies.extensionPolicy(narrower);
        Files.writeString(policies.resolve(SandboxedFramework.EXTENSION + ".xml"), narrowerPolicy);
        Thread.sleep(3_000); // three looks of the policy watch
        assertGranted(write); // dropped by hand: not in force

        // what a confirmed extension.policy.replace does: the file and its content in force written together, then a re-merge
        element.replacePolicy(SandboxedFramework.EXTENSION, narrowerPolicy.getBytes(StandardCharsets.UTF_8));
        awaitGenerationAfter(generation);

        assertDenied(write);
        assertGranted(connect);
        assertEquals(bundleId, element.extension().getBundleId());
        assertEquals(lastModified, element.extension().getLastModified(), "the extension was not reinstalled or updated");
        assertEquals(Bundle.ACTIVE, element.extension().getState());
    }

    private static void awaitGenerationAfter(long generation) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (element.generation() <= generation && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(element.generation() > generation, "the engine did not re-merge the changed policy within 30 s");
    }
}
