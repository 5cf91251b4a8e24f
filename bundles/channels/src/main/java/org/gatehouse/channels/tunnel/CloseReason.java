package org.gatehouse.channels.tunnel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Why a channel closed, as its {@link ChannelClosed} event reports it for the audit. */
public enum CloseReason {
    /** This element closed it. */
    LOCAL(1),
    /** The peer element closed it (its reason is in the event's detail). */
    PEER(2),
    /** No data either way for the inactivity timeout. */
    INACTIVE(3),
    /** A frame with a sequence number already accepted. */
    REPLAYED(4),
    /** A frame below the replay window, or of a key generation already left. */
    TOO_OLD(5),
    /** A frame whose tag did not verify: changed on the way, or not sealed with this channel's key. */
    TAMPERED(6),
    /** A frame of a key generation the sender had not announced. */
    UNEXPECTED_GENERATION(7),
    /** The channel used up its key generations or sequence numbers. */
    EXHAUSTED(8),
    /** The tunnel connection under it closed. */
    TUNNEL_CLOSED(9),
    /** The accepting element's channel policy, or what it found behind the channel, refused it. */
    REFUSED(10);

    private static final int MAX_DETAIL = 240;
    private final int code;

    CloseReason(int code) {
        this.code = code;
    }

    /** The reason's code in a CLOSE frame. */
    int code() {
        return code;
    }

    /** The body of a CLOSE frame: the reason's code, then the detail as UTF-8, cut to a bounded length. */
    byte[] closeBody(String detail) {
        byte[] text = truncate(detail).getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + text.length).put((byte) code).put(text).array();
    }

    /** How a peer's CLOSE body reads in this side's event: printable characters only, bounded, as it goes into an audit record. */
    static String peerReason(byte[] body) {
        if (body.length == 0) {
            return "the peer closed it, giving no reason";
        }
        CloseReason reason = ofCode(body[0] & 0xFF);
        String text = truncate(new String(body, 1, body.length - 1, StandardCharsets.UTF_8).replaceAll("[^\\x20-\\x7E]", "?"));
        return "the peer closed it: " + (reason == null ? "reason " + (body[0] & 0xFF) : reason) + (text.isEmpty() ? "" : " (" + text + ")");
    }

    private static String truncate(String text) {
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL);
    }

    static CloseReason ofCode(int code) {
        for (CloseReason reason : values()) {
            if (reason.code == code) {
                return reason;
            }
        }
        return null;
    }
}
