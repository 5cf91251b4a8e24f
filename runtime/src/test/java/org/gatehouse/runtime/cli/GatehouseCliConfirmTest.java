package org.gatehouse.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.management.auth.ManagementUsers;
import org.gatehouse.management.confirm.FakeDesk;
import org.gatehouse.management.confirm.LocalConfirmationSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gatehouse commands pending|show|confirm|cancel|phrase} against the real local
 * confirmation socket (its desk is the management module's in-memory one), driven by standard
 * input: what is printed, what is sent, and that only the exact words yes and no are answers.
 */
class GatehouseCliConfirmTest {
    private static final String PHRASE = "purple otters at noon";

    @TempDir
    Path data;
    private final FakeDesk desk = new FakeDesk();
    private LocalConfirmationSocket socket;

    @BeforeEach
    void open() throws Exception {
        Path probe = Files.createFile(data.resolve("probe"));
        long uid = Integer.toUnsignedLong((Integer) Files.getAttribute(probe, "unix:uid"));
        Files.delete(probe);
        String xml = "<management-users xmlns=\"urn:gatehouse:management-users:1\"><user name=\"officer\"><role>security-officer</role>"
                + "<local-account uid=\"" + uid + "\"/></user></management-users>";
        ManagementUsers users = ManagementUsers.read("management-users.xml", xml.getBytes(StandardCharsets.UTF_8));
        desk.setPhrase("officer", PHRASE);
        desk.submit("c-1", "com.acme.limiter");
        // the command line runs in this process here, which the element's own is not (its refusal: the management bundle's OwnProcessPeerTest)
        socket = LocalConfirmationSocket.open(LocalConfirmationSocket.socketFile(data), desk, Set.of(uid), () -> users,
                LocalConfirmationSocket.Limits.DEFAULT, LocalConfirmationSocket.Peers.ANY_PROCESS_FOR_TESTS, LocalConfirmationSocket.RefusalAudit.NONE);
    }

    @AfterEach
    void close() throws Exception {
        socket.close();
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run cli(InputStream in, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = GatehouseCli.run(List.of(args), Map.of("GATEHOUSE_DATA", data.toString()), in, Optional.empty(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run cli(String stdin, String... args) {
        return cli(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    private static int count(String text, String part) {
        return (text.length() - text.replace(part, "").length()) / part.length();
    }

    @Test
    void pendingListsWhatAwaitsThisPerson() {
        Run run = cli("", "commands", "pending");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("ID   TYPE              TARGET            SUBMITTER   SUBMITTED", lines.get(0));
        assertTrue(lines.get(1).startsWith("c-1  extension.enable  com.acme.limiter  admin-user"), lines.get(1));
    }

    @Test
    void showPrintsTheRenderingEndingWithThePhrase() {
        Run run = cli("", "commands", "show", "c-1");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("Enable extension [com.acme.limiter]\n"), run.out());
        assertTrue(run.out().endsWith(PHRASE + "\n"), run.out());
        assertEquals(List.of(), desk.answers());
    }

    @Test
    void confirmAsksUntilExactlyYesOrNo() {
        Run run = cli("maybe\nYES\n yes\ny\nyes\n", "commands", "confirm", "c-1");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(5, count(run.out(), CommandCommands.QUESTION), run.out());
        assertTrue(run.out().startsWith("Enable extension [com.acme.limiter]\n"), run.out());
        assertTrue(run.out().endsWith("command c-1 confirmed: done: enabled com.acme.limiter\n"), run.out());
        assertEquals(List.of("officer:c-1:yes"), desk.answers());
    }

    @Test
    void noDeclines() {
        Run run = cli("no\n", "commands", "confirm", "c-1");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().endsWith("command c-1 declined: cancelled: declined by officer\n"), run.out());
        assertEquals(List.of("officer:c-1:no"), desk.answers());
    }

    @Test
    void theEndOfInputSendsNothing() {
        for (String stdin : List.of("", "maybe\n", "maybe\nYes\n")) {
            Run run = cli(stdin, "commands", "confirm", "c-1");
            assertEquals(1, run.exitCode(), run.out());
            assertEquals("gatehouse: no answer given: nothing was sent, command c-1 still awaits confirmation\n", run.err());
        }
        assertEquals(List.of(), desk.answers());
    }

    @Test
    void aChangedCommandIsShownAgainAndAskedAgain() {
        // the command changes while the person reads it: just as the answer is typed
        InputStream typing = new FilterInputStream(new ByteArrayInputStream("yes\nyes\n".getBytes(StandardCharsets.UTF_8))) {
            private boolean changed;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (!changed) {
                    changed = true;
                    desk.change("c-1");
                }
                return super.read(b, off, Math.min(len, 4));
            }
        };
        Run run = cli(typing, "commands", "confirm", "c-1");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("modification count: 1\n"), run.out());
        assertTrue(run.out().contains("Command c-1 changed since it was shown; nothing ran. What it would do now:\n\nEnable extension "
                + "[com.acme.limiter]\nmodification count: 2\n"), run.out());
        assertEquals(2, count(run.out(), CommandCommands.QUESTION));
        assertEquals(List.of("officer:c-1:yes"), desk.answers());
    }

    @Test
    void cancelDeclines() {
        Run run = cli("", "commands", "cancel", "c-1");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("command c-1 cancelled\n", run.out());
        Run again = cli("", "commands", "cancel", "c-1");
        assertEquals(1, again.exitCode());
        assertEquals("gatehouse: error (not_found): no command c-1 awaits confirmation\n", again.err());
    }

    @Test
    void thePhraseIsReadTwiceAndNeverPrinted() {
        Run differ = cli("first phrase\nsecond phrase\n", "commands", "phrase");
        assertEquals(1, differ.exitCode());
        assertEquals("gatehouse: the two phrases differ: nothing was set\n", differ.err());
        assertEquals(PHRASE, desk.phraseOf("officer"));

        Run set = cli("a new phrase of mine\na new phrase of mine\n", "commands", "phrase");
        assertEquals(0, set.exitCode(), set.err());
        assertFalse(set.out().contains("a new phrase"), set.out());
        assertEquals("a new phrase of mine", desk.phraseOf("officer"));
        assertTrue(cli("", "commands", "show", "c-1").out().endsWith("a new phrase of mine\n"));

        assertEquals(1, cli("only once\n", "commands", "phrase").exitCode());
        assertEquals("a new phrase of mine", desk.phraseOf("officer"));
    }

    @Test
    void controlCharactersInARenderingCannotRewriteTheTerminal() {
        desk.submit("c-2", "com.acme.x\u001b[1A\u001b[2K\u202eevil");
        Run run = cli("", "commands", "show", "c-2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("Enable extension [com.acme.x\\u{1b}[1A\\u{1b}[2K\\u{202e}evil]\n"), run.out());
        assertNull(run.out().chars().filter(c -> c == 0x1b || c == 0x202e).boxed().findAny().orElse(null));
    }

    @Test
    void noSocketIsExit1AndSaysWhere() throws Exception {
        socket.close();
        Run run = cli("", "commands", "pending");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("gatehouse: cannot connect to the confirmation socket " + data.resolve("run/confirm.sock")), run.err());
        Run elsewhere = cli("", "commands", "pending", "--socket", data.resolve("other.sock").toString());
        assertTrue(elsewhere.err().contains(data.resolve("other.sock").toString()), elsewhere.err());
    }
}
