package org.gatehouse.channels.gateway;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.gatehouse.audit.log.AuditLog;
import org.gatehouse.channels.policy.AuditLevel;
import org.gatehouse.channels.policy.ChannelDecision;
import org.gatehouse.channels.tunnel.ChannelClosed;
import org.gatehouse.channels.tunnel.TunnelChannel;

/**
 * What happens to channels at this element, for the audit log and the log (docs/channels.md
 * "Audit"): a channel opened (ids, identities, key ids, never key material), denied (which rule,
 * which side) or closed (reason, bytes, frames). Denials are always recorded; openings and closes
 * unless the enabling rule's qualifications say {@code audit="none"}. Records are appended on one
 * thread of their own, never on an event loop, since an append waits for the disk; with no audit
 * log bound they go to the log only. Also keeps the channels open now, for reads.
 */
final class ChannelEvents implements AutoCloseable {
    static final String OPENED = "channel.opened";
    static final String DENIED = "channel.denied";
    static final String CLOSED = "channel.closed";
    private static final System.Logger LOG = System.getLogger("org.gatehouse.channels");

    private final Supplier<AuditLog> audit;
    private final Clock clock;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "gatehouse-channel-audit");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<TunnelChannel, OpenChannel> open = new ConcurrentHashMap<>();
    private final Map<TunnelChannel, Boolean> quiet = new ConcurrentHashMap<>();

    ChannelEvents(Supplier<AuditLog> audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    void denied(String side, String source, String service, int port, String detail) {
        String payload = "side [" + side + "] source [" + source + "] target [" + service + ":" + port + "] " + detail;
        LOG.log(Level.INFO, "channel denied: {0}", payload);
        record(DENIED, service + ":" + port, payload);
    }

    void opened(OpenChannel channel, ChannelDecision decision) {
        open.put(channel.channel(), channel);
        boolean silent = decision.qualifications().audit() == AuditLevel.NONE;
        if (silent) {
            quiet.put(channel.channel(), Boolean.TRUE);
        }
        LOG.log(Level.INFO, "channel opened: {0}", channel.describe());
        if (!silent) {
            record(OPENED, channel.service() + ":" + channel.port(), channel.describe() + " must-encrypt ["
                    + decision.qualifications().mustEncrypt() + "] encrypted [true]");
        }
    }

    void closed(TunnelChannel tunnelChannel, ChannelClosed event) {
        OpenChannel channel = open.remove(tunnelChannel);
        boolean silent = quiet.remove(tunnelChannel) != null;
        if (channel == null) {
            return;
        }
        String payload = channel.side() + " channel " + event.channelId() + " source [" + channel.source() + "] target [" + channel.service()
                + ":" + channel.port() + "] reason [" + event.reason() + "] detail [" + event.detail() + "] bytes [sent " + event.bytesSent()
                + ", received " + event.bytesReceived() + "] frames [sent " + event.framesSent() + ", received " + event.framesReceived()
                + "] keys [send " + event.sendKeyId() + ", receive " + event.receiveKeyId() + "]";
        LOG.log(Level.INFO, "channel closed: {0}", payload);
        if (!silent) {
            record(CLOSED, channel.service() + ":" + channel.port(), payload);
        }
    }

    /** The channels open now. */
    Collection<OpenChannel> open() {
        return new ArrayList<>(open.values());
    }

    private void record(String kind, String subject, String payload) {
        writer.execute(() -> {
            AuditLog log = audit.get();
            if (log == null) {
                return;
            }
            try {
                log.append(kind, "element", subject, payload);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "audit record " + kind + " could not be written: " + e.getMessage(), e);
            }
        });
    }

    /** For tests: waits until the records asked for so far are written. */
    void drain() throws Exception {
        writer.submit(() -> { }).get();
    }

    @Override
    public void close() {
        writer.shutdown();
    }

    static List<String> kinds() {
        return List.of(OPENED, DENIED, CLOSED);
    }
}
