package org.gatehouse.sandbox.bridge.internal;

import com.sun.nio.sctp.MessageInfo;
import java.net.SocketAddress;

/**
 * The address of an SCTP message ({@code jdk.sctp}). A class of its own, so that the bridge links
 * {@code com.sun.nio.sctp} only when an SCTP channel is used.
 */
final class MessageAddress {
    private MessageAddress() {
    }

    /** The message's address, or null (a message on an existing association). */
    static SocketAddress of(Object messageInfo) {
        return messageInfo instanceof MessageInfo info ? info.address() : null;
    }
}
