package org.gatehouse.channels.tunnel;

/**
 * A channel closed and its keys were wiped: what an audit record of it needs.
 *
 * @param channelId      the channel
 * @param reason         why
 * @param detail         what exactly (the frame's sequence and generation, the peer's reason)
 * @param sendKeyId      the identifier of the last sending key, never the key
 * @param receiveKeyId   the identifier of the last receiving key
 * @param bytesSent      plaintext bytes this side sent on the channel
 * @param bytesReceived  plaintext bytes this side received on it
 * @param framesSent     sealed frames this side sent (DATA and REKEY)
 * @param framesReceived sealed frames this side opened
 */
public record ChannelClosed(long channelId, CloseReason reason, String detail, String sendKeyId, String receiveKeyId,
        long bytesSent, long bytesReceived, long framesSent, long framesReceived) {
}
