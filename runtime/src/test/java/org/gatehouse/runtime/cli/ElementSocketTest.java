package org.gatehouse.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line talks only to the element's own socket ({@link ElementSocket}): the account that
 * owns the data folder must own the socket's folder and the socket, none of them open to group or
 * others, and must be the one listening. Each is broken alone, on a real socket, and the whole is
 * accepted when all hold. Other accounts (as root, with {@code setpriv}) listen and own files.
 */
class ElementSocketTest {
    private static final String LISTENER = """
            import java.net.*;
            import java.nio.channels.*;
            import java.nio.file.*;
            import java.nio.file.attribute.*;

            public class Listener {
                public static void main(String[] args) throws Exception {
                    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                    server.bind(UnixDomainSocketAddress.of(args[0]));
                    Files.setPosixFilePermissions(Path.of(args[0]), PosixFilePermissions.fromString("rw-rw-rw-"));
                    System.out.println("listening");
                    System.out.flush();
                    while (true) {
                        server.accept();
                    }
                }
            }
            """;

    @TempDir
    Path folder;
    private Path data;
    private Path run;
    private Path socket;
    private ServerSocketChannel server;
    private Process other;

    @BeforeEach
    void listen() throws Exception {
        data = Files.createDirectory(folder.resolve("data"));
        run = Files.createDirectory(data.resolve("run"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        socket = run.resolve("confirm.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void close() throws IOException {
        server.close();
        if (other != null) {
            other.destroyForcibly();
        }
    }

    private void check() throws Exception {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ElementSocket.check(socket, channel);
        }
    }

    private String refusal() {
        CliFailure refused = assertThrows(CliFailure.class, this::check);
        assertEquals(CliFailure.REFUSED, refused.exitCode());
        assertTrue(refused.getMessage().startsWith("the confirmation socket " + socket + " is not the element's: "), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("; nothing was sent to it"), refused.getMessage());
        return refused.getMessage();
    }

    @Test
    void theElementsOwnSocketIsAccepted() throws Exception {
        check();
    }

    @Test
    void aDataFolderOrSocketFolderOthersMayWriteIsRefused() throws Exception {
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxr-x"));
        assertTrue(refusal().contains("its data folder " + data + " is writable by group or others (mode 0775)"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx---rwx"));
        assertTrue(refusal().contains("its folder " + run + " is writable by group or others (mode 0707)"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertTrue(refusal().contains("the socket " + socket + " is writable by group or others (mode 0666)"));
    }

    @Test
    void aFolderAboveTheDataFolderOthersMayWriteIsRefused() throws Exception {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(refusal().contains("the folder " + folder.toRealPath() + " above its data folder is writable by others (mode 0777)"));
    }

    @Test
    void aLinkInPlaceOfTheSocketOrItsFolderIsRefused() throws Exception {
        Path elsewhere = Files.createDirectory(folder.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        server.close();
        Files.delete(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(elsewhere.resolve("real.sock")));
        Files.createSymbolicLink(socket, elsewhere.resolve("real.sock"));
        assertTrue(refusal().contains("it is not a socket (a link, or another kind of file)"));
        Files.delete(socket);
        Files.move(run, data.resolve("run.old"));
        Files.createSymbolicLink(run, elsewhere);
        Files.move(elsewhere.resolve("real.sock"), elsewhere.resolve("confirm.sock"));
        assertTrue(refusal().contains("its folder " + run + " is not a folder of its own"));
    }

    @Test
    void aSocketOrFolderOfAnotherAccountIsRefused() throws Exception {
        assumeTrue(ElementSocket.processUid() == 0, "giving files to another uid needs root");
        Files.setAttribute(run, "unix:uid", 65534);
        assertTrue(refusal().contains("its folder " + run + " is owned by uid 65534, not by uid 0, which owns the data folder"));
        Files.setAttribute(run, "unix:uid", 0);
        Files.setAttribute(socket, "unix:uid", 65534);
        assertTrue(refusal().contains("the socket " + socket + " is owned by uid 65534, not by uid 0"));
        Files.setAttribute(socket, "unix:uid", 0);
        Path above = folder.resolve("above");
        Files.createDirectory(above);
        Files.move(data, above.resolve("data"));
        Files.setAttribute(above, "unix:uid", 65534);
        data = above.resolve("data");
        run = data.resolve("run");
        socket = run.resolve("confirm.sock");
        assertTrue(refusal().contains("the folder " + above.toRealPath() + " above its data folder is owned by uid 65534"));
    }

    @Test
    void aListenerOfAnotherAccountIsRefusedThoughTheFilesAreTheElements() throws Exception {
        assumeTrue(ElementSocket.processUid() == 0, "running a process as another uid needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv runs a process as another uid");
        server.close();
        Files.delete(socket);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setAttribute(run, "unix:uid", 65534);
        Path source = Files.writeString(folder.resolve("Listener.java"), LISTENER);
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-r--r--"));
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        other = new ProcessBuilder(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", java, "-XX:-UsePerfData",
                source.toString(), socket.toString())).redirectErrorStream(true).start();
        String first = new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream())).readLine();
        assertEquals("listening", first);
        // the files given back to the element's account: only the listener is another's now
        Files.setAttribute(run, "unix:uid", 0);
        Files.setAttribute(socket, "unix:uid", 0);
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        assertTrue(refusal().contains("the process listening runs as nobody, not as root (uid 0)"), refusal());
        other.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
}
