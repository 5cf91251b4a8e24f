package org.gatehouse.management.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.extension.manager.api.Uploader;
import org.gatehouse.management.command.Command;
import org.gatehouse.management.command.CommandBook.Finding;
import org.gatehouse.management.command.CommandRequest;
import org.gatehouse.management.command.CommandType;
import org.gatehouse.management.testing.Bundles;
import org.gatehouse.management.testing.SwitchableServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the stores say of a command the element stopped in the middle of, for each kind of command. */
class CommandEvidenceTest {
    private static final Uploader ALICE = new Uploader("alice", "limiter.jar");
    private static final Instant SUBMITTED = Instant.parse("2000-01-01T00:00:00Z");

    @TempDir
    Path folder;

    private final SwitchableServices services = new SwitchableServices();
    private final CommandEvidence evidence = new CommandEvidence(services);

    private static Command running(CommandType type, String target, Map<String, String> parameters) {
        return Command.submitted("c", CommandRequest.of(type, target, parameters), "alice", "admin", SUBMITTED)
                .inProgress(java.util.Optional.of("bob"), SUBMITTED);
    }

    @Test
    void aRemovalTookEffectWhenTheExtensionIsNoLongerStored() throws Exception {
        services.extensions.install(Bundles.write(folder, "com.acme.limiter", "1.0.0"), Optional.empty(), ALICE);
        Command remove = running(CommandType.EXTENSION_REMOVE, "com.acme.limiter", Map.of());
        assertEquals(Optional.of(new Finding(false, "extension com.acme.limiter 1.0.0 is still in the store")), evidence.examine(remove));
        services.extensions.remove("com.acme.limiter");
        assertEquals(Optional.of(new Finding(true, "extension com.acme.limiter is not in the store")), evidence.examine(remove));
    }

    @Test
    void anInstallTookEffectWhenAnExtensionFromThatBundleWasStoredAfterTheSubmission() throws Exception {
        Path jar = Bundles.write(folder, "com.acme.limiter", "1.0.0");
        String sha = Upload.sha256(Files.readAllBytes(jar));
        Command install = running(CommandType.EXTENSION_INSTALL, "limiter.jar", Map.of("bundle.sha256", sha));
        assertEquals(Optional.of(new Finding(false, "no extension in the store was installed from bundle " + sha)), evidence.examine(install));
        services.extensions.install(jar, Optional.empty(), ALICE);
        assertEquals(Optional.of(new Finding(true, "extension com.acme.limiter 1.0.0 is in the store from bundle " + sha)),
                evidence.examine(install));
    }

    @Test
    void enableAndDisableReadTheStoredState() throws Exception {
        services.extensions.install(Bundles.write(folder, "com.acme.limiter", "1.0.0"), Optional.empty(), ALICE);
        services.extensions.disable("com.acme.limiter");
        assertEquals(true, evidence.examine(running(CommandType.EXTENSION_DISABLE, "com.acme.limiter", Map.of())).orElseThrow().tookEffect());
        assertEquals(Optional.of(new Finding(false, "extension com.acme.limiter 1.0.0 is disabled")),
                evidence.examine(running(CommandType.EXTENSION_ENABLE, "com.acme.limiter", Map.of())));
    }

    @Test
    void aFlowsReplacementTookEffectWhenTheDocumentInForceIsTheOneSubmitted() throws Exception {
        byte[] document = "<flows xmlns=\"urn:gatehouse:flows:1\"/>".getBytes(StandardCharsets.UTF_8);
        Command replace = running(CommandType.FLOWS_REPLACE, "flows", Map.of("document.sha256", Upload.sha256(document)));
        assertEquals(false, evidence.examine(replace).orElseThrow().tookEffect());
        services.flows.replace("flows.xml", document);
        assertEquals(Optional.of(new Finding(true, "the flows document in force has SHA-256 " + Upload.sha256(document))),
                evidence.examine(replace));
    }

    @Test
    void aChangeOfTheUsersIsDecidedFromTheUsersInForce() throws Exception {
        String digest = org.gatehouse.management.auth.ManagementUsers.tokenDigestHex("carol-token");
        org.gatehouse.management.auth.ManagementUsers before = org.gatehouse.management.auth.ManagementUsers.read("management-users.xml", """
                <management-users xmlns="urn:gatehouse:management-users:1"><user name="carol"><role>admin</role></user></management-users>
                """.getBytes(StandardCharsets.UTF_8));
        org.gatehouse.management.auth.ManagementUsers after = org.gatehouse.management.auth.ManagementUsers.read("management-users.xml", ("""
                <management-users xmlns="urn:gatehouse:management-users:1"><user name="carol"><role>admin</role><role>auditor</role>
                <token sha256="%s" description="ci"/></user></management-users>
                """).formatted(digest).getBytes(StandardCharsets.UTF_8));
        Command issue = running(CommandType.USER_TOKEN_ISSUE, "carol", Map.of("token.name", "ci", "token.sha256", digest));
        Command roles = running(CommandType.USER_ROLES_REPLACE, "carol", Map.of("roles", "admin,auditor"));
        Command delete = running(CommandType.USER_DELETE, "carol", Map.of());
        assertEquals(new Finding(false, "a token with SHA-256 " + digest + " is not in force"),
                new CommandEvidence(services, () -> before).examine(issue).orElseThrow());
        assertEquals(new Finding(true, "a token with SHA-256 " + digest + " is in force"),
                new CommandEvidence(services, () -> after).examine(issue).orElseThrow());
        assertEquals(false, new CommandEvidence(services, () -> before).examine(roles).orElseThrow().tookEffect());
        assertEquals(true, new CommandEvidence(services, () -> after).examine(roles).orElseThrow().tookEffect());
        assertEquals(new Finding(false, "the management user carol is in force with roles [admin, auditor]"),
                new CommandEvidence(services, () -> after).examine(delete).orElseThrow());
    }

    @Test
    void withoutTheServiceThatHoldsTheStoreNothingIsDecided() {
        services.stopExtensionManager();
        services.stopFlowEngine();
        assertEquals(Optional.empty(), evidence.examine(running(CommandType.EXTENSION_REMOVE, "com.acme.limiter", Map.of())));
        assertEquals(Optional.empty(), evidence.examine(running(CommandType.FLOWS_REPLACE, "flows", Map.of("document.sha256", "ab"))));
    }
}
