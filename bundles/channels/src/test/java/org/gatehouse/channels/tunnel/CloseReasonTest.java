package org.gatehouse.channels.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A CLOSE frame's body, both ways: what this side sends, and how the peer's words read in an audit record. */
class CloseReasonTest {
    @Test
    void aPeersCloseReasonIsReadAsPrintableTextOfBoundedLength() {
        byte[] body = ("\u0004line one\nforged audit line\u001b[31m" + "x".repeat(500)).getBytes(StandardCharsets.UTF_8);
        String reason = CloseReason.peerReason(body);
        assertTrue(reason.startsWith("the peer closed it: REPLAYED (line one?forged audit line?[31mxxx"), reason);
        assertTrue(reason.length() < 300, "bounded: " + reason.length());
        assertEquals("the peer closed it: reason 99", CloseReason.peerReason(new byte[] {99}));
        assertEquals("the peer closed it, giving no reason", CloseReason.peerReason(new byte[0]));
    }

    @Test
    void aCloseBodyRoundTripsAndIsBounded() {
        assertEquals("the peer closed it: TAMPERED (DATA frame 3: the tag does not verify)",
                CloseReason.peerReason(CloseReason.TAMPERED.closeBody("DATA frame 3: the tag does not verify")));
        assertEquals(1 + 240, CloseReason.INACTIVE.closeBody("y".repeat(1000)).length);
    }
}
