package org.gatehouse.sandbox.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.nio.sctp.Association;
import com.sun.nio.sctp.MessageInfo;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.util.List;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import org.gatehouse.sandbox.bridge.internal.NetworkEntries;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bridge's side of accepted connections, multicast joins and SCTP sends (the agent's ITs run
 * them through the instrumented JDK; SCTP cannot run there without libsctp, so its argument rules
 * are proven here).
 */
class NetworkEntriesTest {
    private final RecordingDecider decider = RecordingDecider.INSTANCE;

    @BeforeEach
    void reset() {
        decider.reset();
    }

    @Test
    void anAcceptedConnectionIsCheckedByItsPeerAndClosedWhenDenied() throws Exception {
        ExtensionLoader extension = new ExtensionLoader(ExtensionCode.class.getName());
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () -> extension
                    .loadClass(ExtensionCode.class.getName()).getMethod("checkAccepted", Object.class).invoke(null, accepted));

            assertInstanceOf(SandboxDeniedException.class, thrown.getCause());
            assertEquals("127.0.0.1:" + client.getLocalPort(), decider.last().name());
            assertEquals("accept", decider.last().actions());
            assertTrue(accepted.isClosed(), "a denied connection is closed before the denial is thrown");
            client.setSoTimeout(5_000);
            assertEquals(-1, client.getInputStream().read(), "the client sees the connection end");
        }
    }

    @Test
    void trustedCodeKeepsTheConnectionItAccepted() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            NetworkEntries.accepted(accepted);

            assertTrue(decider.requests.isEmpty(), "trusted code alone is not asked about: " + decider.requests);
            assertFalse(accepted.isClosed());
        }
    }

    @Test
    void aMulticastJoinIsAcceptOnTheGroupLiteral() throws Exception {
        InetAddress group = InetAddress.getByName("239.255.77.79");
        asExtension(() -> NetworkEntries.multicastJoin(group));

        assertEquals(List.of("socket", "239.255.77.79:0", "accept"),
                List.of(decider.last().type(), decider.last().name(), decider.last().actions()));
    }

    @Test
    void anSctpMessageToAnAddressIsAConnect() throws Exception {
        asExtension(() -> NetworkEntries.sctpSend(MessageInfo.createOutgoing(new InetSocketAddress("127.0.0.1", 9), 0)));

        assertEquals(List.of("socket", "127.0.0.1:9", "connect"),
                List.of(decider.last().type(), decider.last().name(), decider.last().actions()));
    }

    @Test
    void anSctpMessageOfAClassOutsideTheJdkIsRefusedWhateverItSays() {
        SandboxDeniedException denied = assertThrows(SandboxDeniedException.class,
                () -> NetworkEntries.sctpSend(new AddressChangingMessage()));

        assertTrue(denied.getMessage().contains("argument of a class outside the JDK"), denied.getMessage());
    }

    /** Runs {@code trustedAction} with the extension below it on the stack, which the decider denies. */
    private void asExtension(Runnable trustedAction) throws Exception {
        Class<?> code = new ExtensionLoader(ExtensionCode.class.getName()).loadClass(ExtensionCode.class.getName());
        InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                () -> code.getMethod("run", Runnable.class).invoke(null, trustedAction));
        assertInstanceOf(SandboxDeniedException.class, thrown.getCause());
        assertTrue(decider.last().caller().getClassLoader() instanceof ExtensionLoader);
    }

    /** Could name one address to the check and another to the JDK's send. */
    private static final class AddressChangingMessage extends MessageInfo {
        private int asked;

        @Override
        public SocketAddress address() {
            return new InetSocketAddress("127.0.0.1", asked++ == 0 ? 9 : 22);
        }

        @Override
        public Association association() {
            return null;
        }

        @Override
        public int bytes() {
            return 0;
        }

        @Override
        public boolean isComplete() {
            return true;
        }

        @Override
        public MessageInfo complete(boolean complete) {
            return this;
        }

        @Override
        public boolean isUnordered() {
            return false;
        }

        @Override
        public MessageInfo unordered(boolean unordered) {
            return this;
        }

        @Override
        public int payloadProtocolID() {
            return 0;
        }

        @Override
        public MessageInfo payloadProtocolID(int ppid) {
            return this;
        }

        @Override
        public int streamNumber() {
            return 0;
        }

        @Override
        public MessageInfo streamNumber(int streamNumber) {
            return this;
        }

        @Override
        public long timeToLive() {
            return 0;
        }

        @Override
        public MessageInfo timeToLive(long millis) {
            return this;
        }
    }
}
