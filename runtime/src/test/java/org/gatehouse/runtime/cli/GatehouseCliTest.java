package org.gatehouse.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.management.command.Command;
import org.gatehouse.management.testing.Bundles;
import org.gatehouse.management.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The management command line against the real management server on a loopback port (its
 * platform services are the in-memory ones of the management module's tests; the real services
 * are wired end to end in itest/): what it prints, what it sends, and its exit codes.
 */
class GatehouseCliTest {
    private static final String POLICY = "<extension-policy xmlns=\"urn:gatehouse:extension-policy:1\"/>";

    @TempDir
    Path folder;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(folder.resolve("home"), Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run cli(String token, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("GATEHOUSE_URL", server.baseUrl());
        if (token != null) {
            env.put("GATEHOUSE_TOKEN", token);
        }
        return cli(env, args);
    }

    private static Run cli(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = GatehouseCli.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path jar(String name, String version) throws Exception {
        return Bundles.write(folder.resolve("jars"), name, version);
    }

    private Run upload(String name) throws Exception {
        return cli(TestServer.ADMIN, "ext", "upload", jar(name, "1.0.0").toString());
    }

    /** Confirms, as the user behind {@code token}, the command whose submission the command line printed. */
    private Command confirmed(Run submitted, String token) throws Exception {
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("command ([0-9a-f-]{36}) awaits confirmation").matcher(submitted.out());
        assertTrue(id.find(), submitted.out() + submitted.err());
        return server.confirm(id.group(1), TestServer.userOf(token));
    }

    private Command confirmed(Run submitted) throws Exception {
        return confirmed(submitted, TestServer.ADMIN);
    }

    @Test
    void uploadInstallsAndPrintsTheCommand() throws Exception {
        Run run = upload("com.acme.limiter");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().matches("(?s)command [0-9a-f-]{36} awaits confirmation until \\S+; nothing changed yet\n"
                + "Command .*\n  install com.acme.limiter 1.0.0, enabled, bundle SHA-256 .*\n"
                + "Confirm or decline it on the element's host: gatehouse commands confirm [0-9a-f-]{36}\n"), run.out());
        assertTrue(server.services.extensions.list().isEmpty(), "nothing installed before confirmation");
        assertEquals(Optional.of("installed com.acme.limiter 1.0.0 (enabled)"), confirmed(run).result());
        assertEquals("com.acme.limiter-1.0.0.jar", server.services.extensions.uploaders().get(0).fileName());
    }

    @Test
    void uploadWithAPolicySendsBothParts() throws Exception {
        Path policy = Files.writeString(folder.resolve("policy.xml"), POLICY);
        Run run = cli(TestServer.ADMIN, "ext", "upload", jar("com.acme.limiter", "1.0.0").toString(), "--policy", policy.toString());
        assertEquals(0, run.exitCode(), run.err());
        confirmed(run);
        assertEquals(Optional.of(POLICY), server.services.extensions.policies().get(0));
        assertEquals("com.acme.limiter-1.0.0.jar", server.services.extensions.uploaders().get(0).fileName());
    }

    @Test
    void uploadPreviewInstallsNothing() throws Exception {
        Run run = cli(TestServer.ADMIN, "ext", "upload", jar("com.acme.limiter", "1.0.0").toString(), "--preview");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("verdict: ENABLE"), run.out());
        assertTrue(server.services.extensions.list().isEmpty());
    }

    @Test
    void listAndShowPrintReadableText() throws Exception {
        assertEquals("no extensions installed\n", cli(TestServer.OPERATOR, "ext", "list").out());
        confirmed(upload("com.acme.limiter"));
        List<String> lines = cli(TestServer.OPERATOR, "ext", "list").out().lines().toList();
        assertEquals("NAME              VERSION  STATE    VERDICT  INSTALLED BY  INSTALLED AT          ENABLED UNTIL", lines.get(0));
        assertEquals("com.acme.limiter  1.0.0    enabled  ENABLE   admin-user    2026-01-01T00:00:00Z  -", lines.get(1));
        String show = cli(TestServer.OPERATOR, "ext", "show", "com.acme.limiter").out();
        assertTrue(show.contains("state:         enabled\n"), show);
        assertTrue(show.contains("bladelets:\n  com.acme.limiter:step\n"), show);
        assertTrue(show.contains("health:        in flight 2, completed 40, failures 1, timeouts 0, quarantined false"), show);
    }

    @Test
    void anEnableThatEndedShowsWhenAndWhy() throws Exception {
        confirmed(upload("com.acme.trial"));
        String reason = "the enable of com.acme.trial 1.0.0 ended at 2026-01-08T00:00:00Z (condition time-limit [PT168H])";
        server.services.extensions.conditions("com.acme.trial", new org.gatehouse.extension.manager.api.ExtensionConditions(
                List.of("time-limit [PT168H]"), false, Optional.of(java.time.Instant.parse("2026-01-08T00:00:00Z")), Optional.of(reason)));
        List<String> lines = cli(TestServer.OPERATOR, "ext", "list").out().lines().toList();
        assertTrue(lines.get(1).endsWith("2026-01-08T00:00:00Z"), lines.toString());
        assertEquals("com.acme.trial disabled: " + reason, lines.get(2));
        String show = cli(TestServer.OPERATOR, "ext", "show", "com.acme.trial").out();
        assertTrue(show.contains("disabledBecause: " + reason + "\n"), show);
        assertTrue(show.contains("enabledUntil:  2026-01-08T00:00:00Z\n"), show);
        assertTrue(show.contains("conditions:\n  time-limit [PT168H]\n"), show);
    }

    @Test
    void disableEnableUpgradeRemove() throws Exception {
        confirmed(upload("com.acme.limiter"));
        assertEquals(Optional.of("com.acme.limiter 1.0.0 is disabled"), confirmed(cli(TestServer.ADMIN, "ext", "disable", "com.acme.limiter")).result());
        assertEquals(Optional.of("com.acme.limiter 1.0.0 is enabled"), confirmed(cli(TestServer.ADMIN, "ext", "enable", "com.acme.limiter")).result());
        Run upgrade = cli(TestServer.ADMIN, "ext", "upgrade", "com.acme.limiter", jar("com.acme.limiter", "2.0.0").toString());
        assertTrue(upgrade.out().contains("  upgrade com.acme.limiter from 1.0.0 to 2.0.0"), upgrade.out() + upgrade.err());
        assertEquals(Optional.of("upgraded com.acme.limiter to 2.0.0 (enabled)"), confirmed(upgrade).result());
        Run remove = cli(TestServer.ADMIN, "ext", "remove", "com.acme.limiter");
        assertEquals(0, remove.exitCode());
        assertEquals(Optional.of("removed com.acme.limiter"), confirmed(remove).result());
    }

    @Test
    void usersAreChangedByConfirmedCommandsAndAnIssuedTokenIsMadeHereAndShownOnce() throws Exception {
        Run add = cli(TestServer.SECURITY_OFFICER, "users", "add", "carol", "operator");
        assertEquals(0, add.exitCode(), add.err());
        assertTrue(add.out().contains("  add the management user carol with roles [operator]\n"), add.out());
        assertTrue(!cli(TestServer.AUDITOR, "users", "list").out().contains("carol"), "not before the confirmation");
        confirmed(add, TestServer.SECURITY_OFFICER);
        assertTrue(cli(TestServer.AUDITOR, "users", "list").out().contains("carol: roles operator; tokens none; 0 certificates, "
                + "0 local accounts\n"), cli(TestServer.AUDITOR, "users", "list").out());

        Run issue = cli(TestServer.SECURITY_OFFICER, "users", "token", "issue", "carol", "laptop");
        assertEquals(0, issue.exitCode(), issue.err());
        List<String> lines = issue.out().lines().toList();
        String token = lines.get(lines.size() - 1);
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), issue.out());
        String rendering = String.join("\n", lines.subList(0, lines.size() - 2));
        assertTrue(!rendering.contains(token), "the rendering never holds the token: " + rendering);
        assertTrue(rendering.contains("token SHA-256 " + UserCommands.sha256(token)), rendering);
        assertEquals(1, cli(token, "ext", "list").exitCode(), "refused before the confirmation");
        confirmed(issue, TestServer.SECURITY_OFFICER);
        assertEquals(0, cli(token, "ext", "list").exitCode(), "allowed once confirmed");

        confirmed(cli(TestServer.SECURITY_OFFICER, "users", "roles", "carol", "operator,auditor"), TestServer.SECURITY_OFFICER);
        confirmed(cli(TestServer.SECURITY_OFFICER, "users", "token", "revoke", "carol", "laptop"), TestServer.SECURITY_OFFICER);
        assertEquals(1, cli(token, "ext", "list").exitCode(), "refused once revoked");
        confirmed(cli(TestServer.SECURITY_OFFICER, "users", "remove", "carol"), TestServer.SECURITY_OFFICER);
        assertTrue(!cli(TestServer.AUDITOR, "users", "list").out().contains("carol"));
        Run admin = cli(TestServer.ADMIN, "users", "add", "mallory", "security-officer");
        assertEquals(1, admin.exitCode(), "an admin may not: " + admin.out());
    }

    @Test
    void qualificationRulesAndTrustedHashesAreChangedByConfirmedCommandsAndBadInputIsRefusedNamingWhere() throws Exception {
        String sha256 = "ab".repeat(32);
        Run add = cli(TestServer.SECURITY_OFFICER, "trust", "hash", "add", sha256, "--group", "ops", "--description", "rate limiter 1.0");
        assertEquals(0, add.exitCode(), add.err());
        assertTrue(add.out().contains("+ hash " + sha256 + " in reference groups [ops], described rate limiter 1.0"), add.out());
        assertTrue(cli(TestServer.ADMIN, "trust", "list").out().contains("listed hashes: none"), "not before the confirmation");
        confirmed(add, TestServer.SECURITY_OFFICER);
        assertTrue(cli(TestServer.ADMIN, "trust", "list").out().contains("  " + sha256 + "  groups ops  added by security-officer-user"),
                cli(TestServer.ADMIN, "trust", "list").out());
        assertEquals(2, cli(TestServer.SECURITY_OFFICER, "trust", "hash", "add", sha256).exitCode(), "--group is required");
        assertEquals(1, cli(TestServer.ADMIN, "trust", "hash", "remove", sha256).exitCode(), "an admin may not");

        Path broken = Files.writeString(folder.resolve("rules.xml"),
                "<qualification-rules xmlns=\"urn:gatehouse:qualification-rules:1\">\n  <rule name=\"x\" answer=\"maybe\"/>\n</qualification-rules>\n");
        Run refused = cli(TestServer.SECURITY_OFFICER, "qualification", "rules", "replace", broken.toString());
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("qualification-rules.xml [2:"), refused.err());
        Path rules = Files.writeString(folder.resolve("good.xml"),
                "<qualification-rules xmlns=\"urn:gatehouse:qualification-rules:1\">\n  <rule name=\"listed\" answer=\"enable\"/>\n"
                + "</qualification-rules>\n");
        Run replace = cli(TestServer.SECURITY_OFFICER, "qualification", "rules", "replace", rules.toString());
        assertEquals(0, replace.exitCode(), replace.err());
        assertTrue(cli(TestServer.ADMIN, "qualification", "show").out().contains("rules in force: none"), "not before the confirmation");
        confirmed(replace, TestServer.SECURITY_OFFICER);
        assertTrue(cli(TestServer.ADMIN, "qualification", "show").out().contains("rules in force: listed"));
        assertEquals(Files.readString(rules), cli(TestServer.AUDITOR, "qualification", "rules", "show").out());
    }

    @Test
    void refusalsPrintTheErrorBodysMessageAndExit1() throws Exception {
        Run missing = cli(TestServer.ADMIN, "ext", "enable", "nothing");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().startsWith("gatehouse: error (404 not_found): no extension nothing\n"), missing.err());

        Run denied = upload("denied.tool");
        assertEquals(1, denied.exitCode());
        assertTrue(denied.err().startsWith("gatehouse: error (422 qualification_denied): rule [no-unknown-publishers] denies denied.tool\n"
                + "  hash not in the signature database\n  command "), denied.err());
        assertTrue(denied.err().endsWith(" aborted\n"), denied.err());

        Run forbidden = cli(TestServer.OPERATOR, "ext", "remove", "x");
        assertEquals(1, forbidden.exitCode());
        assertTrue(forbidden.err().contains("error (403 forbidden): user operator-user may not DELETE"), forbidden.err());

        Run anonymous = cli((String) null, "ext", "list");
        assertEquals(1, anonymous.exitCode());
        assertEquals("gatehouse: error (401 unauthorized): authentication required: a bearer token or a client certificate\n", anonymous.err());
    }

    @Test
    void usageErrorsExit2() throws Exception {
        assertEquals(2, cli(TestServer.ADMIN).exitCode());
        Run unknown = cli(TestServer.ADMIN, "extensions", "list");
        assertEquals(2, unknown.exitCode());
        assertEquals("gatehouse: unknown command 'extensions'; expected ext, flows, policy, users, qualification, trust, commands,"
                + " audit, channels, tls or version"
                + " (see 'gatehouse help')\n", unknown.err());
        assertEquals("gatehouse: missing the bundle (.jar) to upload (see 'gatehouse ext --help')\n", cli(TestServer.ADMIN, "ext", "upload").err());
        Run noFile = cli(TestServer.ADMIN, "ext", "upload", folder.resolve("none.jar").toString());
        assertEquals(2, noFile.exitCode());
        assertEquals(2, cli(TestServer.ADMIN, "ext", "list", "--no-such-option").exitCode());
        assertEquals(2, cli(TestServer.ADMIN, "ext", "list", "extra").exitCode());
        assertEquals(2, cli(Map.of("GATEHOUSE_URL", "ftp://x"), "ext", "list").exitCode());
    }

    @Test
    void channelsListShowsKeyIdsAndCountersForTheRolesThatMayRead() throws Exception {
        Run list = cli(TestServer.AUDITOR, "channels", "list");
        assertEquals(0, list.exitCode(), list.err());
        assertTrue(list.out().startsWith("SIDE     ID  PEER"), list.out());
        assertTrue(list.out().contains("ingress  3   CN=edge-2,O=Example  spiffe://example.org/billing/api  orders:8443  orders-read"
                + "  0123456789abcdef0123456789abcdef  fedcba9876543210fedcba9876543210  120/340"), list.out());
        Map<String, Object> json = JsonText.object(JsonText.parse(cli(TestServer.ADMIN, "channels", "list", "--json").out()));
        assertEquals("orders-read", JsonText.object(JsonText.array(json.get("channels")).get(0)).get("rule"));
        Run operator = cli(TestServer.OPERATOR, "channels", "list");
        assertEquals(1, operator.exitCode(), operator.out() + operator.err());
        assertTrue(operator.out().isEmpty(), operator.out());
        assertEquals(2, cli(TestServer.ADMIN, "channels", "close").exitCode());
    }

    @Test
    void flowsShowValidateReplace() throws Exception {
        String show = cli(TestServer.OPERATOR, "flows", "show").out();
        assertTrue(show.startsWith("generation 1\nMESSAGE TYPE  FLOW  MESSAGES\npass-type     pass  7\n"), show);
        assertTrue(show.contains("pass  extract-credentials -> forward"), show);
        assertTrue(cli(TestServer.OPERATOR, "flows", "show", "--document").out().startsWith("<flows"));

        Path good = Files.writeString(folder.resolve("flows.xml"), "<flows xmlns=\"urn:gatehouse:flows:1\"><flow name=\"api\"/></flows>");
        Path bad = Files.writeString(folder.resolve("bad.xml"), "<flows>missing-bladelet</flows>");
        assertEquals("valid\n", cli(TestServer.ADMIN, "flows", "validate", good.toString()).out());
        Run invalid = cli(TestServer.ADMIN, "flows", "validate", bad.toString());
        assertEquals(1, invalid.exitCode());
        assertEquals("error: flows.xml /flows/flow[1]/step[1]: no bladelet missing-bladelet\n", invalid.out());
        Run replaced = cli(TestServer.ADMIN, "flows", "replace", good.toString());
        assertTrue(replaced.out().contains("  + message type api-type: flow api\n"), replaced.out() + replaced.err());
        assertEquals(Optional.of("flows generation 2 in force: 1 message types, 1 flows"), confirmed(replaced).result());
    }

    @Test
    void policyShowAndPreview() throws Exception {
        String show = cli(TestServer.AUDITOR, "policy", "show").out();
        assertTrue(show.startsWith("generation 3, system policy system-policy.xml\n"), show);
        assertTrue(show.contains("restrictions:\n  runtime exitVM\n"), show);
        assertTrue(show.contains("ext:com.acme.limiter/1.0.0 (rate-limiter-policy.xml):\n  granted:\n    socket 127.0.0.1:6379 connect,resolve"), show);

        Path policy = Files.writeString(folder.resolve("p.xml"), "<extension-policy xmlns=\"urn:gatehouse:extension-policy:1\">"
                + "<permission type=\"runtime\" name=\"exitVM\"/></extension-policy>");
        Run preview = cli(TestServer.SECURITY_OFFICER, "policy", "preview", policy.toString(), "--name", "com.acme.x", "--version", "1.0.0");
        assertEquals(0, preview.exitCode(), preview.err());
        assertTrue(preview.out().startsWith("ext:com.acme.x/1.0.0 at gatehouse:extension:com.acme.x@1.0.0:\n  "
                + "granted: none\n  rejected:\n    runtime exitVM  ("),
                preview.out());
        assertEquals(2, cli(TestServer.SECURITY_OFFICER, "policy", "preview", policy.toString()).exitCode());
    }

    @Test
    void commandsListAndGetOverRest() throws Exception {
        confirmed(upload("com.acme.limiter"));
        List<String> lines = cli(TestServer.AUDITOR, "commands", "list").out().lines().toList();
        assertTrue(lines.get(0).startsWith("ID "), lines.get(0));
        String id = lines.get(1).split(" ")[0];
        String show = cli(TestServer.AUDITOR, "commands", "get", id).out();
        assertTrue(show.startsWith("Install a new extension from the uploaded bundle [com.acme.limiter-1.0.0.jar]\n  bundle.file: "), show);
        assertTrue(show.contains("state:       done\n"), show);
    }

    @Test
    void theUrlComesFromTheRunningElementsDataFolder() throws Exception {
        Path data = Files.createDirectories(folder.resolve("data"));
        Files.writeString(data.resolve("management.url"), server.baseUrl() + "\n");
        Run run = cli(Map.of("GATEHOUSE_DATA", data.toString(), "GATEHOUSE_TOKEN", TestServer.OPERATOR), "ext", "list");
        assertEquals(0, run.exitCode(), run.err());
    }

    @Test
    void anElementThatIsNotRunningIsExit1() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Run run = cli(Map.of("GATEHOUSE_URL", "http://127.0.0.1:" + port, "GATEHOUSE_TOKEN", "t"), "ext", "list");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("gatehouse: cannot connect to http://127.0.0.1:" + port + "/: is the element running?"), run.err());
    }

    @Test
    void jsonTextReadsWhatTheApiWrites() {
        Object value = JsonText.parse("{\"a\" : [1, 2.5, \"x\\n\\u00e9\", true, null], \"b\": {}}");
        Map<String, Object> map = JsonText.object(value);
        assertEquals(List.of(1L, 2.5, "x\né", true), new ArrayList<>(JsonText.array(map.get("a")).subList(0, 4)));
        assertEquals(Map.of(), map.get("b"));
    }

    @Test
    void helpAtEveryLevelIsExit0AndNamesTheRoles() {
        for (String[] args : new String[][] {{"--help"}, {"help"}, {"ext", "--help"}, {"ext", "upload", "--help"}, {"help", "policy"},
            {"commands", "confirm", "x", "--help"}}) {
            Run run = cli(Map.of(), args);
            assertEquals(0, run.exitCode(), String.join(" ", args) + ": " + run.err());
            assertTrue(run.out().contains("Exit codes: 0 done"), run.out());
        }
        String policy = cli(Map.of(), "policy", "--help").out();
        assertTrue(policy.contains("gatehouse policy preview FILE --name NAME [--version V] [--location L]   security-officer"), policy);
        assertTrue(!policy.contains("gatehouse ext"), "one group only: " + policy);
        Run unknown = cli(Map.of(), "help", "nonsense");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("the commands are ext, flows, policy, users, qualification, trust, commands, audit, channels, tls, version"),
                unknown.err());
    }

    @Test
    void aUsageErrorSaysWhereToLook() {
        Run run = cli(TestServer.ADMIN, "ext");
        assertEquals(2, run.exitCode());
        assertEquals("gatehouse: missing what to do: list, show, upload, upgrade, enable, disable or remove (see 'gatehouse ext --help')\n",
                run.err());
        Run none = cli(Map.of());
        assertTrue(none.err().endsWith("(see 'gatehouse help')\n"), none.err());
    }

    @Test
    void versionNamesTheBuildAndTheJava() {
        Run run = cli(Map.of(), "version");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("gatehouse "), run.out());
        assertTrue(run.out().contains("(Java " + Runtime.version()), run.out());
    }

    @Test
    void jsonPrintsTheElementsAnswerOnEveryRead() throws Exception {
        confirmed(upload("com.acme.limiter"));
        for (String[] args : new String[][] {{"ext", "list"}, {"ext", "show", "com.acme.limiter"}, {"flows", "show"}, {"policy", "show"},
            {"commands", "list"}}) {
            String[] withJson = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--json"))
                    .toArray(String[]::new);
            Run run = cli(TestServer.ADMIN, withJson);
            assertEquals(0, run.exitCode(), String.join(" ", args) + ": " + run.err());
            Map<String, Object> answer = JsonText.object(JsonText.parse(run.out()));
            assertTrue(!answer.isEmpty(), run.out());
        }
        Map<String, Object> list = JsonText.object(JsonText.parse(cli(TestServer.OPERATOR, "ext", "list", "--json").out()));
        assertEquals("com.acme.limiter", JsonText.object(JsonText.array(list.get("extensions")).get(0)).get("symbolicName"));
        // a refusal is still a refusal, with --json too
        Run refused = cli(TestServer.OPERATOR, "policy", "show", "--json");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("403"), refused.err());
    }

    @Test
    void policyReplaceIsTheSecurityOfficersCommand() throws Exception {
        confirmed(upload("com.acme.limiter"));
        Path policy = Files.writeString(folder.resolve("new-policy.xml"), POLICY);

        Run byAdmin = cli(TestServer.ADMIN, "policy", "replace", "com.acme.limiter", policy.toString());
        assertEquals(1, byAdmin.exitCode(), byAdmin.out());
        assertTrue(byAdmin.err().contains("403"), byAdmin.err());

        Run run = cli(TestServer.SECURITY_OFFICER, "policy", "replace", "com.acme.limiter", policy.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("awaits confirmation"), run.out());
        confirmed(run, TestServer.SECURITY_OFFICER);
        assertEquals(Optional.of(POLICY), server.services.extensions.list().get(0).policy());
    }
}
