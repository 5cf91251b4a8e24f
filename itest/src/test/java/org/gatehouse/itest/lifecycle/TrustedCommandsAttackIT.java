package org.gatehouse.itest.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gatehouse.itest.lifecycle.attack.ConfirmSocketAttackStep;
import org.gatehouse.itest.support.InstalledDistribution.CommandResult;
import org.gatehouse.itest.support.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the trusted commands from outside (docs/management.md "Commands", "The rendering",
 * "Confirmation"), by someone holding an admin's REST token and the right to upload extensions, and
 * a shell as an ordinary local user ({@code nobody}), but not the confirming person's OS account.
 * A test that passes shows a defence holding; a disabled one asserts the safe behaviour of a route
 * that works today, ready for its fix.
 */
class TrustedCommandsAttackIT {
    private static final Duration CLI = Duration.ofSeconds(90);
    private static final String PHRASE = "lanterns over the harbour";
    private static final String KEYS = "org.gatehouse.sample.api-key-auth";
    private static final String REWRITE = "org.gatehouse.sample.header-rewrite";
    /** A short name: a Unix domain socket's path holds at most 107 bytes, and the attack names one below the extension's folder. */
    private static final String ATTACKER = "ax";
    private static final Pattern ID = Pattern.compile("\"command\"\\s*:\\s*\\{\\s*\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern DIGEST = Pattern.compile("\"digest\":\"([0-9a-f]{64})\"");
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([a-z_]+)\"");
    private static final String NOBODY = "65534";

    private CountingUpstream upstream;
    private LifecycleElement element;

    private void start(String properties) {
        upstream = new CountingUpstream();
        element = new LifecycleElement(upstream, properties);
        element.start();
        CommandResult phrase = element.gatehouse.commandWithInput(CLI, PHRASE + "\n" + PHRASE + "\n", "commands", "phrase");
        assertEquals(0, phrase.exitCode(), phrase.output());
    }

    @AfterEach
    void stop() {
        if (element != null) {
            element.close();
            upstream.close();
        }
    }

    // ---------------------------------------------------------------- the REST port

    @Test
    void theRestPortConfirmsNothingUnderAnySpellingAndNeverServesThePhrase() throws Exception {
        start("");
        String id = id(element.api.uploadJar("POST", "extensions", SampleJars.sample("api-key-auth"), LifecycleElement.HOST));
        String base = "/api/v1/commands/" + id;
        List<String> paths = List.of(base + "/confirm", base + "/answer", base + "/approve", base + "%2Fconfirm", base + "/./confirm",
                base + "/cancel/../confirm", base + ";confirm", base + "/confirm;x=1", "//api/v1/commands/" + id + "/confirm",
                "/API/V1/COMMANDS/" + id + "/CONFIRM", "/api/v1//commands/" + id + "/confirm", "/api/v1/commands/%2e%2e/" + id + "/confirm",
                "/api/v1/confirm", "/api/v1/phrase", "/api/v1/commands/" + id + "/rendering", "/api/v1/commands/pending");
        for (String path : paths) {
            for (String method : List.of("POST", "PUT", "PATCH")) {
                for (String version : List.of("HTTP/1.1", "HTTP/1.0")) {
                    String status = rawStatus(method + " " + path + " " + version + "\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                            + LifecycleElement.HOST + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    assertFalse(status.matches("HTTP/1\\.[01] 2\\d\\d.*"), method + " " + path + " " + version + ": " + status);
                }
            }
        }
        // two requests in one write: the second is read as its own request, never as a confirmation
        String pipelined = rawStatus("GET " + base + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + LifecycleElement.HOST + "\r\n\r\n"
                + "POST " + base + "/confirm HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + LifecycleElement.HOST
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertTrue(pipelined.startsWith("HTTP/1.1 200"), pipelined);
        // an If-Match of any size is no answer either
        HttpResponse<String> ifMatch = TestClients.sendForText(TestClients.http1(), HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + element.managementPort + base + "/cancel")).header("Authorization", "Bearer " + LifecycleElement.AUDITOR)
                .header("If-Match", "\"" + "a".repeat(6000) + "\"").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(403, ifMatch.statusCode(), ifMatch.body());
        assertEquals("awaiting_confirmation", state(id));
        assertEquals(404, element.api.get("extensions/" + KEYS, LifecycleElement.ADMIN).statusCode(), "nothing installed");

        // cancel: an auditor may not, a security officer who may not confirm an install may not
        assertEquals(403, element.api.post("commands/" + id + "/cancel", LifecycleElement.AUDITOR).statusCode());
        assertEquals(403, element.api.post("commands/" + id + "/cancel", LifecycleElement.OFFICER).statusCode());
        assertEquals(403, element.api.post("commands/" + id + "/cancel", LifecycleElement.OPERATOR).statusCode());
        for (String read : List.of("commands?limit=1000", "commands/" + id, "openapi", "health")) {
            assertFalse(element.api.get(read, LifecycleElement.HOST).body().contains(PHRASE), read);
        }
        assertFalse(element.api.get("audit?limit=1000", LifecycleElement.AUDITOR).body().contains(PHRASE));
    }

    // ---------------------------------------------------------------- the local socket's protocol

    @Test
    void anAnswerIsTakenOnlyForTheRenderingShownOnThatConnectionAndOnlyOnce() throws Exception {
        start("");
        String install = id(element.api.uploadJar("POST", "extensions", SampleJars.sample("api-key-auth"), LifecycleElement.ADMIN));
        String other = id(element.api.uploadJar("POST", "extensions", SampleJars.sample("rate-limiter"), LifecycleElement.ADMIN));
        String digest;
        try (Desk desk = new Desk(socket())) {
            digest = digest(desk.ask(show(install)));
            assertTrue(desk.ask(answer(other, digest, "yes")).contains("not_shown"), "another command's digest answers nothing");
            assertTrue(desk.ask(answer(install, digest.toUpperCase(), "yes")).contains("\"error\""), "the digest is compared exactly");
            assertTrue(desk.ask(answer(install, digest, "YES")).contains("bad_answer"));
            assertTrue(desk.ask("{\"op\":\"answer\",\"id\":\"" + install + "\",\"digest\":\"" + digest + "\",\"answer\":\"no\",\"answer\":\"yes\"}")
                    .contains("\"error\""), "duplicate keys are refused");
        }
        try (Desk desk = new Desk(socket())) {
            assertTrue(desk.ask(answer(install, digest, "yes")).contains("not_shown"), "a digest shown on another connection answers nothing");
        }
        assertEquals("awaiting_confirmation", state(install));

        // four connections shown the same rendering answer yes at once: it runs once
        List<Desk> desks = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Desk desk = new Desk(socket());
            desks.add(desk);
            digests.add(digest(desk.ask(show(install))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            answers.add(pool.submit((Callable<String>) () -> desks.get(n).ask(answer(install, digests.get(n), "yes"))));
        }
        int ran = 0;
        for (Future<String> each : answers) {
            ran += each.get(60, TimeUnit.SECONDS).contains("\"outcome\":\"ran\"") ? 1 : 0;
        }
        pool.shutdown();
        for (Desk desk : desks) {
            desk.close();
        }
        assertEquals(1, ran, "a rendering is confirmed once");
        assertEquals(1, runsRecorded(install), "one in_progress in the journal");

        // cancelled over REST, then answered with the digest shown before: refused
        try (Desk desk = new Desk(socket())) {
            String shown = digest(desk.ask(show(other)));
            assertEquals(200, element.api.post("commands/" + other + "/cancel", LifecycleElement.ADMIN).statusCode());
            assertFalse(desk.ask(answer(other, shown, "yes")).contains("\"outcome\":\"ran\""));
        }
        assertEquals("cancelled", state(other));
    }

    // ---------------------------------------------------------------- what the person is shown

    @Test
    void clientValuesCannotMoveTheCursorStartALineOrImitateThePhraseLine() throws Exception {
        start("");
        String[] names = {"a%1B%5B2J%1B%5BHfake.jar", "a%0D%0AYour%20anti-spoofing%20phrase%3A%20" + PHRASE.replace(" ", "%20") + ".jar",
            "a%C2%9B2Jb.jar", "a%C2%85b.jar", "a%E2%80%A8b.jar", "a%E2%80%AEraj.exe", "a%E2%80%8Bb.jar", "a%EF%BB%BFb.jar",
            "a%F3%A0%80%81b.jar", "x".repeat(1500) + ".jar"};
        for (String name : names) {
            HttpResponse<String> submitted = element.api.uploadJar("POST", "extensions?file-name=" + name, SampleJars.sample("api-key-auth"),
                    LifecycleElement.ADMIN);
            String id = id(submitted);
            String text;
            try (Desk desk = new Desk(socket())) {
                text = renderingText(desk.ask(show(id)));
            }
            String[] lines = text.split("\n");
            long phraseLines = Stream.of(lines).filter(line -> line.startsWith("Your anti-spoofing phrase:")).count();
            assertEquals(1, phraseLines, name + ":\n" + text);
            assertEquals("Your anti-spoofing phrase: " + PHRASE, lines[lines.length - 1], name);
            text.codePoints().filter(c -> c != '\n').forEach(c -> {
                int type = Character.getType(c);
                assertFalse(Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                        || type == Character.PARAGRAPH_SEPARATOR, name + ": U+" + Integer.toHexString(c) + " shown raw");
            });
            assertTrue(Stream.of(lines).filter(line -> line.contains("bundle.file")).allMatch(line -> line.length() <= 400), name + ": a long value is cut");
            CommandResult cli = element.gatehouse.command(CLI, "commands", "show", id);
            assertFalse(cli.output().contains("\u001b"), "no escape sequence reaches the terminal: " + name);
            assertEquals(200, element.api.post("commands/" + id + "/cancel", LifecycleElement.ADMIN).statusCode());
        }
    }

    @Test
    void invisibleLettersAndCombiningJoinersAreShownByCodePoint() throws Exception {
        start("");
        // U+3164 HANGUL FILLER, U+034F COMBINING GRAPHEME JOINER, U+FE0F and U+E0100 variation selectors, U+2800 BRAILLE BLANK,
        // U+FFA0 HALFWIDTH HANGUL FILLER, U+E0041 TAG LATIN CAPITAL A, U+115F HANGUL CHOSEONG FILLER
        for (String name : List.of("limiter%E3%85%A4.jar", "limiter%CD%8F.jar", "limiter%EF%B8%8F.jar", "limiter%F3%A0%84%80.jar",
                "limiter%E2%A0%80.jar", "limiter%EF%BE%A0.jar", "limiter%F3%A0%81%81.jar", "limiter%E1%85%9F.jar")) {
            String id = id(element.api.uploadJar("POST", "extensions?file-name=" + name, SampleJars.sample("api-key-auth"),
                    LifecycleElement.ADMIN));
            String text;
            try (Desk desk = new Desk(socket())) {
                text = renderingText(desk.ask(show(id)));
            }
            assertTrue(text.contains("bundle.file: limiter\\u{"), name + " is shown by code point:\n" + text);
            CommandResult cli = element.gatehouse.command(CLI, "commands", "show", id);
            assertTrue(cli.output().contains("bundle.file: limiter\\u{"), name + " on the command line:\n" + cli.output());
            element.api.post("commands/" + id + "/cancel", LifecycleElement.ADMIN);
        }
        // a combining mark with no letter of the value to sit on would sit on the colon before it
        String id = id(element.api.uploadJar("POST", "extensions?file-name=%CC%81limiter.jar", SampleJars.sample("api-key-auth"),
                LifecycleElement.ADMIN));
        try (Desk desk = new Desk(socket())) {
            String text = renderingText(desk.ask(show(id)));
            assertTrue(text.contains("bundle.file: \\u{301}limiter.jar"), text);
        }
        element.api.post("commands/" + id + "/cancel", LifecycleElement.ADMIN);
    }

    @Test
    void aFlowsReplacementShowsTheMessageTypesAndFlowsItAdds() throws Exception {
        start("");
        element.api.done(element.api.uploadJar("POST", "extensions", SampleJars.sample("header-rewrite"), LifecycleElement.ADMIN));
        String id = id(element.api.putXml("flows", flows("group=admins", "/api", "X-Debug"), LifecycleElement.ADMIN));
        String text;
        try (Desk desk = new Desk(socket())) {
            text = renderingText(desk.ask(show(id)));
        }
        assertTrue(text.contains("+ message type api: flow secured"), text);
        assertTrue(text.contains("+ flow secured: steps " + REWRITE + ":header-rewrite"), text);
        assertTrue(text.contains("document.sha256: "), text);
    }

    @Test
    void aFlowsReplacementShowsChangedMatchesStepParametersAndMethods() throws Exception {
        start("");
        element.api.done(element.api.uploadJar("POST", "extensions", SampleJars.sample("header-rewrite"), LifecycleElement.ADMIN));
        element.api.done(element.api.putXml("flows", flows("group=admins", "/api", "X-Debug"), LifecycleElement.ADMIN));
        // the authorizer now admits everyone, the message type no longer matches /api, the step now strips credentials
        String id = id(element.api.putXml("flows", flows("group=everyone", "/nothing-matches", "Authorization"), LifecycleElement.ADMIN));
        String text;
        try (Desk desk = new Desk(socket())) {
            text = renderingText(desk.ask(show(id)));
        }
        assertFalse(text.contains("no message type or flow changes"), text);
        assertTrue(text.contains("/nothing-matches"), "the new match is shown:\n" + text);
        assertTrue(text.contains("group=everyone"), "the authorizer's new requirement is shown:\n" + text);
        assertTrue(text.contains("Authorization"), "the step's new parameter is shown:\n" + text);
        assertTrue(text.contains("  ~ authorizer admins-only: param required group=admins  becomes  group=everyone\n"), text);
        assertTrue(text.contains("  ~ flow secured: step 1 param remove X-Debug  becomes  Authorization\n"), text);
        assertTrue(text.contains("  ~ message type api: match path-prefix=\"/api\"  becomes  path-prefix=\"/nothing-matches\"\n"), text);
        // the same document again changes nothing, and says so
        String same = id(element.api.putXml("flows", flows("group=admins", "/api", "X-Debug"), LifecycleElement.ADMIN));
        try (Desk desk = new Desk(socket())) {
            assertTrue(renderingText(desk.ask(show(same))).contains("  no difference: the document says what the one in force says\n"));
        }
    }

    // ---------------------------------------------------------------- what runs after it was shown

    @Test
    void aStagedUploadChangedAfterItWasShownDoesNotRunOnTheOldAnswer() throws Exception {
        start("");
        element.api.done(element.api.uploadJar("POST", "extensions", SampleJars.sample("header-rewrite"), LifecycleElement.ADMIN));
        Path folder = Files.createTempDirectory(element.gatehouse.home(), "jars");
        String id = id(element.api.uploadJar("PUT", "extensions/" + REWRITE, SampleJars.withVersion(SampleJars.sample("header-rewrite"), "0.2.0",
                folder), LifecycleElement.ADMIN));
        try (Desk desk = new Desk(socket())) {
            String digest = digest(desk.ask(show(id)));
            swapStaged(SampleJars.withVersion(SampleJars.sample("header-rewrite"), "0.9.0", folder));
            String answered = desk.ask(answer(id, digest, "yes"));
            // the command can no longer be made: aborted, not run
            assertFalse(answered.contains("\"state\":\"done\""), answered);
            assertTrue(answered.contains("\"state\":\"aborted\""), answered);
        }
        assertEquals("aborted", state(id));
        assertTrue(element.api.get("extensions/" + REWRITE, LifecycleElement.ADMIN).body().contains("0.1.0.SNAPSHOT"));
    }

    @Test
    void aStagedUploadThatNoLongerHasTheSubmittedDigestIsNeverOfferedOrRun() throws Exception {
        start("");
        element.api.done(element.api.uploadJar("POST", "extensions", SampleJars.sample("header-rewrite"), LifecycleElement.ADMIN));
        Path folder = Files.createTempDirectory(element.gatehouse.home(), "jars");
        String id = id(element.api.uploadJar("PUT", "extensions/" + REWRITE, SampleJars.withVersion(SampleJars.sample("header-rewrite"), "0.2.0",
                folder), LifecycleElement.ADMIN));
        swapStaged(SampleJars.withVersion(SampleJars.sample("header-rewrite"), "0.9.0", folder));
        // the person answers yes to whatever is shown now, as the command line does
        element.gatehouse.commandWithInput(CLI, "yes\nyes\n", "commands", "confirm", id);
        String extension = element.api.get("extensions/" + REWRITE, LifecycleElement.ADMIN).body();
        assertFalse(extension.contains("0.9.0"), "a bundle nobody submitted was installed: " + extension);
        assertEquals("aborted", state(id));
        String command = element.api.get("commands/" + id, LifecycleElement.AUDITOR).body();
        assertTrue(command.contains("is no longer what was submitted"), command);
        assertTrue(element.api.get("audit?limit=1000", LifecycleElement.AUDITOR).body().contains("is no longer what was submitted"),
                "the abort is audited");
    }

    // ---------------------------------------------------------------- from inside an extension

    @Test
    void anExtensionReachesNoTrustedFileDirectlyByDotSegmentsOrByALinkToIt() throws Exception {
        start("");
        String report = attackerReport(false);
        for (String attempt : List.of("read phrases directly", "connect socket directly", "connect socket by dot segments",
                "symlink to run folder", "symlink to phrases", "hard link to socket", "hard link to phrases", "hard link to audit key")) {
            assertTrue(report.contains(attempt + ": DENIED"), attempt + ":\n" + report);
        }
    }

    /**
     * However an extension comes by a path to the socket (here a hard link in its own data folder, made by the test, as no grant
     * reaches {@code run/}), the socket refuses it: it is the element's own process. The command line, another process of the
     * same account, is served.
     */
    @Test
    void anExtensionThatReachesTheSocketIsRefusedAsTheElementsOwnProcess() throws Exception {
        start("");
        String pending = id(element.api.uploadJar("POST", "extensions", SampleJars.sample("api-key-auth"), LifecycleElement.ADMIN));
        Path own = element.dataDir().resolve("extensions").resolve(ATTACKER);
        Files.createDirectories(own);
        Files.createLink(own.resolve("granted.sock"), socket());
        String report = attackerReport(true);
        assertTrue(report.contains("connect socket granted to it: DONE {\"error\":{\"code\":\"own_process\""), report);
        assertTrue(report.contains("the peer is the element's own process (pid " + element.gatehouse.elementProcess().orElseThrow().pid()
                + ")"), report);
        assertTrue(report.contains("connect socket granted to it, its end unbound: DONE {\"error\":{\"code\":\"unbound_peer\""), report);
        // whichever way it came to the socket (the sandbox's own findings aside), it was shown nothing there
        Stream.of(report.split("\n")).filter(line -> line.startsWith("connect socket"))
                .forEach(line -> assertFalse(line.contains(PHRASE) || line.contains(pending), line));
        assertEquals("awaiting_confirmation", state(pending), "nothing confirmed by the extension");
        String audit = element.api.get("audit?limit=1000", LifecycleElement.AUDITOR).body();
        for (int i = 0; i < 100 && !audit.contains("own_process"); i++) {
            Thread.sleep(100);
            audit = element.api.get("audit?limit=1000", LifecycleElement.AUDITOR).body();
        }
        assertTrue(audit.contains("own_process"), "the refusal is audited: " + audit);

        CommandResult cli = element.gatehouse.command(CLI, "commands", "pending");
        assertEquals(0, cli.exitCode(), cli.output());
        assertTrue(cli.output().contains(pending), "the command line, another process, is served: " + cli.output());
    }

    @Test
    void anExtensionCannotClimbOutOfItsFolderThroughItsOwnSymbolicLink() throws Exception {
        start("");
        String pending = id(element.api.uploadJar("POST", "extensions", SampleJars.sample("api-key-auth"), LifecycleElement.ADMIN));
        String report = attackerReport(true);
        // placing a link is a permission of its own, which no extension has by default (docs/sandbox.md "Paths and links")
        assertTrue(report.contains("deep symlink to its own folder: DENIED"), report);
        assertTrue(report.contains("runtime createSymbolicLink"), report);
        for (String attempt : List.of("read phrases by symlink and dot segments", "read audit key by symlink and dot segments",
                "connect socket by symlink and dot segments")) {
            assertFalse(report.contains(attempt + ": DONE"), attempt + ":\n" + report);
        }
        assertFalse(report.contains(PHRASE), report);
        assertEquals("awaiting_confirmation", state(pending), "nobody but the person confirms");
        assertEquals(404, element.api.get("extensions/" + KEYS, LifecycleElement.ADMIN).statusCode());
    }

    // ---------------------------------------------------------------- an ordinary local user

    @Test
    void anOrdinaryLocalUserCannotReachTheSocketThePhrasesOrTheStagedUploads() throws Exception {
        start("");
        String id = id(element.api.uploadJar("POST", "extensions", SampleJars.sample("api-key-auth"), LifecycleElement.ADMIN));
        openToOthers(element.gatehouse.home().getParent());
        Path data = element.dataDir();
        CommandResult pending = asNobody(List.of(element.gatehouse.home().resolve("bin/gatehouse").toString(), "commands", "pending"),
                data);
        assertNotEquals(0, pending.exitCode(), pending.output());
        assertTrue(pending.output().contains("cannot connect to the confirmation socket"), pending.output());
        assertFalse(pending.output().contains(id), pending.output());
        for (String shell : List.of("cat '" + data.resolve("confirm/phrases.json") + "'", "ls '" + data.resolve("run") + "'",
                "touch '" + data.resolve("run/x") + "'", "mv '" + data.resolve("run") + "' '" + data.resolve("run.old") + "'",
                "cat '" + data.resolve("commands/staged") + "'/*.upload", "touch '" + data.resolve("commands/staged/x.upload") + "'",
                "echo x >> '" + data.resolve("commands/commands.jsonl") + "'", "echo x >> '" + data.resolve("audit/records.jsonl") + "'")) {
            CommandResult tried = asNobody(List.of("sh", "-c", shell), data);
            assertNotEquals(0, tried.exitCode(), shell + ": " + tried.output());
        }
        assertEquals("awaiting_confirmation", state(id));
    }

    @Test
    void theElementRefusesADataFolderAnotherUserOwns() throws Exception {
        upstream = new CountingUpstream();
        element = new LifecycleElement(upstream, "");
        openToOthers(element.gatehouse.home().getParent());
        Files.setAttribute(element.dataDir(), "unix:uid", Integer.parseInt(NOBODY));
        Files.setAttribute(element.dataDir(), "unix:gid", Integer.parseInt(NOBODY));
        CommandResult started = element.gatehouse.command(LifecycleElement.COMMAND_TIMEOUT, "start");
        assertNotEquals(0, started.exitCode(), started.output());
        assertTrue(started.output().contains("data folder " + element.dataDir() + " is owned by uid " + NOBODY + ", not by uid "
                + ownUid() + " that the element runs as"), started.output());
        assertFalse(Files.exists(element.dataDir().resolve("run")), "nothing of the trusted path was made");
        assertFalse(Files.exists(element.dataDir().resolve("felix-cache")), "the framework did not start");

        // open to group and others: refused too
        Files.setAttribute(element.dataDir(), "unix:uid", (int) ownUid());
        Files.setPosixFilePermissions(element.dataDir(), PosixFilePermissions.fromString("rwxrwxrwx"));
        started = element.gatehouse.command(LifecycleElement.COMMAND_TIMEOUT, "start");
        assertNotEquals(0, started.exitCode(), started.output());
        assertTrue(started.output().contains("is writable by group or others (mode 0777)"), started.output());

        // the element's own data folder: it starts, and another user can move nothing of it
        Files.setPosixFilePermissions(element.dataDir(), PosixFilePermissions.fromString("rwxr-xr-x"));
        element.start();
        Path run = element.dataDir().resolve("run");
        assertTrue(Files.exists(run.resolve("confirm.sock")));
        for (String folder : List.of("run", "confirm", "commands")) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(element.dataDir().resolve(folder))),
                    folder);
        }
        CommandResult moved = asNobody(List.of("mv", run.toString(), element.dataDir().resolve("run.old").toString()), element.dataDir());
        assertNotEquals(0, moved.exitCode(), "another user replaced the element's run folder");
    }

    /** A folder in a trusted place of the data folder that another user owns stops the start as well. */
    @Test
    void theElementRefusesATrustedFolderAnotherUserOwns() throws Exception {
        upstream = new CountingUpstream();
        element = new LifecycleElement(upstream, "");
        for (String folder : List.of("run", "confirm", "commands")) {
            Path owned = Files.createDirectories(element.dataDir().resolve(folder));
            Files.setAttribute(owned, "unix:uid", Integer.parseInt(NOBODY));
            CommandResult started = element.gatehouse.command(LifecycleElement.COMMAND_TIMEOUT, "start");
            String expected = "folder " + owned + " is owned by uid " + NOBODY + ", not by uid " + ownUid();
            String log = started.output() + element.gatehouse.logFile();
            for (int i = 0; i < 300 && !log.contains(expected); i++) {
                Thread.sleep(100);
                log = started.output() + element.gatehouse.logFile();
            }
            assertTrue(log.contains("folder " + owned + " is owned by uid " + NOBODY + ", not by uid " + ownUid()), folder + ":\n" + log);
            assertFalse(Files.exists(element.dataDir().resolve("run").resolve("confirm.sock")), folder + ": no confirmation socket");
            element.gatehouse.command(LifecycleElement.COMMAND_TIMEOUT, "stop");
            Files.setAttribute(owned, "unix:uid", (int) ownUid());
        }
    }

    @Test
    void theCommandLineSendsThePhraseOnlyToTheElementsOwnSocket() throws Exception {
        upstream = new CountingUpstream();
        element = new LifecycleElement(upstream, "");
        openToOthers(element.gatehouse.home().getParent());
        Path data = element.dataDir();
        Path run = Files.createDirectories(data.resolve("run"));
        Files.setAttribute(run, "unix:uid", Integer.parseInt(NOBODY));
        Path captured = run.resolve("captured.txt");
        Path fake = writeFakeDesk(element.gatehouse.home().getParent());
        Process listener = asNobodyInBackground(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), fake.toString(),
                run.resolve("confirm.sock").toString(), captured.toString()));
        try {
            for (int i = 0; i < 200 && !Files.exists(run.resolve("confirm.sock")); i++) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(run.resolve("confirm.sock")), "the other user's listener is up");
            CommandResult phrase = element.gatehouse.commandWithInput(CLI, PHRASE + "\n" + PHRASE + "\n", "commands", "phrase");
            assertNotEquals(0, phrase.exitCode(), phrase.output());
            assertTrue(phrase.output().contains("is not the element's: its folder " + run + " is owned by uid " + NOBODY), phrase.output());
            assertTrue(phrase.output().contains("nothing was sent to it"), phrase.output());
            for (String other : List.of("pending", "show", "confirm", "cancel")) {
                List<String> args = new ArrayList<>(List.of("commands", other));
                if (!other.equals("pending")) {
                    args.add("00000000-0000-0000-0000-000000000000");
                }
                CommandResult refused = element.gatehouse.commandWithInput(CLI, "yes\n", args.toArray(String[]::new));
                assertTrue(refused.output().contains("is not the element's"), other + ": " + refused.output());
            }
            assertFalse(Files.exists(captured) && Files.readString(captured).contains(PHRASE), "the phrase went to another user's socket");
        } finally {
            listener.destroyForcibly();
        }
    }

    // ---------------------------------------------------------------- helpers

    private String attackerReport(boolean confirm) throws Exception {
        Path jar = Files.createTempDirectory(element.gatehouse.home(), "attacker").resolve("attacker.jar");
        writeAttacker(jar);
        element.api.done(element.api.uploadJar("POST", "extensions?file-name=attacker.jar", jar, LifecycleElement.ADMIN));
        element.api.done(element.api.putXml("flows", """
                <?xml version="1.0" encoding="UTF-8"?>
                <flows xmlns="urn:gatehouse:flows:1">
                  <settings step-timeout="30s"/>
                  <message-type name="all" flow="attack"><match path-prefix="/"/></message-type>
                  <flow name="attack"><step bladelet="socket-attack" extension="%s"/></flow>
                </flows>
                """.formatted(ATTACKER), LifecycleElement.ADMIN));
        HttpResponse<String> response = null;
        for (int i = 0; i < 50; i++) {
            response = TestClients.sendForText(TestClients.http1(), HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + element.listenerPort
                    + "/attack")).header("X-Confirm", confirm ? "yes" : "no").timeout(Duration.ofSeconds(60)).GET().build());
            if (response.statusCode() == 200 && response.body().contains("read phrases directly")) {
                return response.body();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the attacker's step did not answer: " + response.statusCode() + " " + response.body());
    }

    private static void writeAttacker(Path file) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", ATTACKER);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", "org.gatehouse.sdk.bladelet;version=\"[1.0,2)\",org.gatehouse.sdk.message;version=\"[1.0,2)\"");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            String classFile = ConfirmSocketAttackStep.class.getName().replace('.', '/') + ".class";
            jar.putNextEntry(new JarEntry(classFile));
            try (InputStream in = TrustedCommandsAttackIT.class.getClassLoader().getResourceAsStream(classFile)) {
                in.transferTo(jar);
            }
            jar.putNextEntry(new JarEntry("OSGI-INF/gatehouse/bladelets.xml"));
            jar.write(("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <bladelets xmlns="urn:gatehouse:bladelet-descriptor:1">
                      <bladelet name="socket-attack" kind="step" class="%s">
                        <description>Adds nothing.</description>
                      </bladelet>
                    </bladelets>
                    """.formatted(ConfirmSocketAttackStep.class.getName())).getBytes(StandardCharsets.UTF_8));
            jar.putNextEntry(new JarEntry("OSGI-INF/gatehouse/policy.xml"));
            jar.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<extension-policy xmlns=\"urn:gatehouse:extension-policy:1\">\n</extension-policy>\n"
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String flows(String claims, String prefix, String removed) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <flows xmlns="urn:gatehouse:flows:1">
                  <authorizer name="admins-only" bladelet="claims"><param name="required" value="%s"/></authorizer>
                  <message-type name="api" flow="secured"><match path-prefix="%s"/></message-type>
                  <flow name="secured">
                    <step bladelet="header-rewrite" extension="%s"><param name="remove" value="%s"/></step>
                  </flow>
                </flows>
                """.formatted(claims, prefix, REWRITE, removed);
    }

    /** Stands in for anyone who can write the staged uploads' folder: the element's account, or an extension that escaped. */
    private void swapStaged(Path replacement) throws IOException {
        try (Stream<Path> staged = Files.list(element.dataDir().resolve("commands").resolve("staged"))) {
            List<Path> uploads = staged.filter(p -> p.toString().endsWith(".upload")).toList();
            assertEquals(1, uploads.size(), uploads.toString());
            Files.write(uploads.get(0), Files.readAllBytes(replacement));
        }
    }

    private Path socket() {
        return element.dataDir().resolve("run").resolve("confirm.sock");
    }

    private String state(String id) {
        Matcher m = STATE.matcher(element.api.get("commands/" + id, LifecycleElement.AUDITOR).body());
        assertTrue(m.find());
        return m.group(1);
    }

    private long runsRecorded(String id) throws IOException {
        try (Stream<String> lines = Files.lines(element.dataDir().resolve("commands").resolve("commands.jsonl"))) {
            return lines.filter(line -> line.contains("\"id\":\"" + id + "\"") && line.contains("\"state\":\"in_progress\"")).count();
        }
    }

    private static String id(HttpResponse<String> submitted) {
        assertEquals(202, submitted.statusCode(), submitted.body());
        Matcher m = ID.matcher(submitted.body());
        assertTrue(m.find(), submitted.body());
        return m.group(1);
    }

    private static String digest(String shown) {
        Matcher m = DIGEST.matcher(shown);
        assertTrue(m.find(), shown);
        return m.group(1);
    }

    private static String show(String id) {
        return "{\"op\":\"show\",\"id\":\"" + id + "\"}";
    }

    private static String answer(String id, String digest, String answer) {
        return "{\"op\":\"answer\",\"id\":\"" + id + "\",\"digest\":\"" + digest + "\",\"answer\":\"" + answer + "\"}";
    }

    /** The {@code text} of a {@code show} answer, its JSON string escapes undone. */
    private static String renderingText(String shown) {
        int start = shown.indexOf("\"text\":\"");
        assertTrue(start >= 0, shown);
        StringBuilder text = new StringBuilder();
        for (int i = start + 8; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c == '"') {
                return text.toString();
            }
            if (c != '\\') {
                text.append(c);
                continue;
            }
            char e = shown.charAt(++i);
            switch (e) {
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'u' -> {
                    text.append((char) Integer.parseInt(shown.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> text.append(e);
            }
        }
        throw new AssertionError("unterminated text: " + shown);
    }

    private String rawStatus(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", element.managementPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readNBytes(64), StandardCharsets.ISO_8859_1);
            int end = answer.indexOf('\r');
            return end < 0 ? answer : answer.substring(0, end);
        }
    }

    private static long ownUid() throws IOException {
        Path probe = Files.createTempFile("uid", ".probe");
        try {
            return ((Number) Files.getAttribute(probe, "unix:uid")).longValue();
        } finally {
            Files.delete(probe);
        }
    }

    private static void openToOthers(Path folder) throws IOException {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static CommandResult asNobody(List<String> command, Path data) throws Exception {
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        builder.environment().put("GATEHOUSE_DATA", data.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(90, TimeUnit.SECONDS));
        return new CommandResult(process.exitValue(), output);
    }

    private static Process asNobodyInBackground(List<String> command) throws IOException {
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        full.addAll(command);
        return new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** A listener another user runs at the socket's path: it keeps the first request line of each connection and says the phrase was set. */
    private static Path writeFakeDesk(Path folder) throws IOException {
        Path source = folder.resolve("FakeDesk.java");
        Files.writeString(source, """
                import java.net.StandardProtocolFamily;
                import java.net.UnixDomainSocketAddress;
                import java.nio.ByteBuffer;
                import java.nio.channels.ServerSocketChannel;
                import java.nio.channels.SocketChannel;
                import java.nio.file.Files;
                import java.nio.file.Path;

                public class FakeDesk {
                    public static void main(String[] args) throws Exception {
                        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                        server.bind(UnixDomainSocketAddress.of(args[0]));
                        Files.setPosixFilePermissions(Path.of(args[0]), java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
                        while (true) {
                            SocketChannel peer = server.accept();
                            ByteBuffer buffer = ByteBuffer.allocate(8192);
                            StringBuilder line = new StringBuilder();
                            while (line.indexOf("\\n") < 0 && peer.read(buffer) > 0) {
                                buffer.flip();
                                line.append(java.nio.charset.StandardCharsets.UTF_8.decode(buffer));
                                buffer.clear();
                            }
                            Files.writeString(Path.of(args[1]), line.toString(), java.nio.file.StandardOpenOption.CREATE,
                                    java.nio.file.StandardOpenOption.APPEND);
                            try {
                                peer.write(ByteBuffer.wrap("{\\"phrase\\":\\"set\\",\\"pending\\":[]}\\n".getBytes()));
                            } catch (java.io.IOException gone) {
                                // the command line went away without a word
                            }
                            peer.close();
                        }
                    }
                }
                """);
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-r--r--"));
        return source;
    }

    /** One connection to the local confirmation socket, one JSON line each way. */
    private static final class Desk implements AutoCloseable {
        private final SocketChannel channel;
        private final BufferedReader in;
        private final Writer out;

        Desk(Path socket) throws IOException {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            // its end bound to a path, as the command line binds it: the element refuses peers it cannot tell from its own process
            channel.bind(UnixDomainSocketAddress.of(Files.createTempDirectory("desk-").resolve("d.sock")));
            channel.connect(UnixDomainSocketAddress.of(socket));
            in = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8));
            out = Channels.newWriter(channel, StandardCharsets.UTF_8);
        }

        synchronized String ask(String request) throws IOException {
            out.write(request + "\n");
            out.flush();
            String line = in.readLine();
            return line == null ? "" : line;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
