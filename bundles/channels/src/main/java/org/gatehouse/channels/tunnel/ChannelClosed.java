package org.gatehouse.channels.tunnel;

/**
 * A channel closed and its keys were wiped: what an audit record of it needs.
 *
 * @param channelId      the channel
 * @param reason         why
 * @param detail         what exactly (the frame's sequence and generation, the peer's reason)
 * @param sendKeyId      the identifier of the last sending key, never the key
 * @param receiveKeyId   the identifier of the last receiving key
 */
public record ChannelClosed(long channelId, CloseReason reason, String detail, String sendKeyId, String receiveKeyId) {
}
