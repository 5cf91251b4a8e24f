package org.gatehouse.bench.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;

/**
 * The directory of {@code bench/run --part auth}: UnboundID's in-memory LDAP server on
 * 127.0.0.1, a port the kernel hands out, holding a {@link DirectoryLayout}. It writes the port
 * to {@code --port-file} once it accepts connections (atomically, so a reader never sees half a
 * number) and serves until the process is stopped.
 *
 * <pre>java -cp 'target/ldap-fixture.jar:target/lib/*' org.gatehouse.bench.ldap.BenchDirectory \
 *     --users 1000 --teams 10 --port-file /tmp/ldap.port</pre>
 */
public final class BenchDirectory implements AutoCloseable {
    private final InMemoryDirectoryServer server;

    private BenchDirectory(InMemoryDirectoryServer server) {
        this.server = server;
    }

    /** Starts a directory holding {@code layout} on 127.0.0.1 and an ephemeral port. */
    public static BenchDirectory start(DirectoryLayout layout) throws LDAPException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(DirectoryLayout.BASE);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getLoopbackAddress(), 0,
                null));
        // the bench measures the element, not the directory's bookkeeping
        config.setAccessLogHandler(null);
        config.setSchema(null);
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        server.addEntries(layout.entries());
        server.startListening();
        return new BenchDirectory(server);
    }

    public int port() {
        return server.getListenPort();
    }

    @Override
    public void close() {
        server.shutDown(true);
    }

    public static void main(String[] args) throws Exception {
        DirectoryArguments arguments;
        try {
            arguments = DirectoryArguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("BenchDirectory: " + e.getMessage());
            System.err.println(DirectoryArguments.USAGE);
            System.exit(2);
            return;
        }
        try (BenchDirectory directory = start(arguments.layout())) {
            Runtime.getRuntime().addShutdownHook(new Thread(directory::close, "directory-stop"));
            writePort(arguments.portFile(), directory.port());
            System.out.println("directory " + DirectoryLayout.BASE + " with " + arguments.layout().users()
                    + " users on 127.0.0.1:" + directory.port());
            // serves until SIGTERM (the hook closes it) or, in a test, until this thread is interrupted
            new CountDownLatch(1).await();
        }
    }

    private static void writePort(Path portFile, int port) throws IOException {
        Path partial = portFile.resolveSibling(portFile.getFileName() + ".partial");
        Files.writeString(partial, Integer.toString(port), StandardCharsets.US_ASCII);
        Files.move(partial, portFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
