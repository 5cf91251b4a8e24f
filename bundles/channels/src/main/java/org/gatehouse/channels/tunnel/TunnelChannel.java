package org.gatehouse.channels.tunnel;

import io.netty.util.concurrent.ScheduledFuture;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One channel of a tunnel: its own keys, its sealer and opener, and its inactivity clock
 * (docs/channels.md "Keys and frames"). Safe to call from any thread; the work runs on the tunnel
 * connection's event loop.
 *
 * <pre>{@code
 * TunnelChannel channel = tunnel.open().get();
 * channel.send("hello".getBytes(StandardCharsets.UTF_8));
 * channel.close();
 * }</pre>
 */
public final class TunnelChannel {
    private final TunnelHandler tunnel;
    private final long id;
    private final boolean opener;
    private final ChannelKeys keys;
    private final FrameSealer sealer;
    private final FrameOpener frameOpener;
    private final byte[] assertion;
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong framesReceived = new AtomicLong();
    private long lastActivity;
    private ScheduledFuture<?> inactivity;
    private volatile ChannelClosed closed;

    TunnelChannel(TunnelHandler tunnel, long id, boolean opener, ChannelKeys keys, TunnelSettings settings, byte[] assertion) {
        this.assertion = assertion.clone();
        this.tunnel = tunnel;
        this.id = id;
        this.opener = opener;
        this.keys = keys;
        this.sealer = new FrameSealer(id, keys.send(), settings, System::nanoTime);
        this.frameOpener = new FrameOpener(id, keys.receive(), settings);
        this.lastActivity = System.nanoTime();
    }

    public long id() {
        return id;
    }

    /** What the opener asserted about the channel in its signed OPEN; empty for nothing. */
    public byte[] assertion() {
        return assertion.clone();
    }

    /** Plaintext bytes sent on the channel so far. */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** Plaintext bytes received on it so far. */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** Sealed frames sent so far (DATA and REKEY). */
    public long framesSent() {
        return framesSent.get();
    }

    /** Sealed frames opened so far. */
    public long framesReceived() {
        return framesReceived.get();
    }

    /** Whether this side opened the channel. */
    public boolean opener() {
        return opener;
    }

    /** The identifier of the current sending key: a hash of its context, never the key. */
    public String sendKeyId() {
        return keys.send().keyId();
    }

    /** The identifier of the current receiving key. */
    public String receiveKeyId() {
        return keys.receive().keyId();
    }

    /** The current generation of the sending keys. */
    public int sendGeneration() {
        return keys.send().generation();
    }

    /** The current generation of the receiving keys. */
    public int receiveGeneration() {
        return keys.receive().generation();
    }

    public boolean isOpen() {
        return closed == null;
    }

    /** How the channel closed, or null while it is open. */
    public ChannelClosed closedEvent() {
        return closed;
    }

    /** Seals and sends the bytes, in frames of at most the maximum size; completes once written. */
    public CompletableFuture<Void> send(byte[] data) {
        return tunnel.send(this, data.clone());
    }

    /** Closes the channel, telling the peer, and wipes its keys. */
    public CompletableFuture<Void> close() {
        return tunnel.closeChannel(this, CloseReason.LOCAL, "closed by this element");
    }

    /** Closes the channel as refused (its policy said no), telling the peer why, and wipes its keys. */
    public CompletableFuture<Void> refuse(String why) {
        return tunnel.closeChannel(this, CloseReason.REFUSED, why);
    }

    /**
     * Seals the bytes as DATA frames of at most {@code maxPayload} bytes each, with a REKEY frame
     * (sealed under the old generation, naming the next) wherever the sending generation is due.
     */
    List<TunnelFrame.Sealed> seal(byte[] data, int maxPayload) throws ChannelFault {
        List<TunnelFrame.Sealed> frames = new ArrayList<>();
        int offset = 0;
        do {
            int length = Math.min(maxPayload, data.length - offset);
            if (sealer.rekeyDue()) {
                byte[] next = ByteBuffer.allocate(4).putInt(sealer.generation() + 1).array();
                frames.add(sealer.seal(FrameType.REKEY, next, 0, next.length));
                sealer.rekey();
            }
            frames.add(sealer.seal(FrameType.DATA, data, offset, length));
            offset += length;
        } while (offset < data.length);
        bytesSent.addAndGet(data.length);
        framesSent.addAndGet(frames.size());
        touch();
        return frames;
    }

    ChannelKeys keys() {
        return keys;
    }

    FrameSealer sealer() {
        return sealer;
    }

    FrameOpener frameOpener() {
        return frameOpener;
    }

    long lastActivity() {
        return lastActivity;
    }

    void received(int bytes) {
        bytesReceived.addAndGet(bytes);
        touch();
    }

    /** A sealed frame of the peer's opened (DATA, REKEY or CLOSE). */
    void frameOpened() {
        framesReceived.incrementAndGet();
    }

    void touch() {
        lastActivity = System.nanoTime();
    }

    void inactivity(ScheduledFuture<?> timer) {
        this.inactivity = timer;
    }

    /** Marks the channel closed, stops its clock and wipes its keys; the event keeps the last key ids. */
    ChannelClosed finish(CloseReason reason, String detail) {
        ChannelClosed event = new ChannelClosed(id, reason, detail, sendKeyId(), receiveKeyId(), bytesSent.get(), bytesReceived.get(),
                framesSent.get(), framesReceived.get());
        keys.wipe();
        if (inactivity != null) {
            inactivity.cancel(false);
        }
        closed = event;
        return event;
    }

    /** For tests: the arrays that held this channel's secrets. */
    List<byte[]> ownedArrays() {
        return keys.ownedArrays();
    }

    @Override
    public String toString() {
        return "TunnelChannel[" + id + (isOpen() ? "" : ", closed " + closed.reason()) + "]";
    }
}
