package org.gatehouse.dataplane.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.gatehouse.dataplane.channel.ChannelSources;
import org.gatehouse.dataplane.routing.Route;
import org.gatehouse.dataplane.spi.ChannelRefusedException;
import org.gatehouse.dataplane.tls.UpstreamTlsException;
import org.gatehouse.dataplane.upstream.UpstreamLease;
import org.gatehouse.dataplane.upstream.UpstreamListener;
import org.gatehouse.dataplane.upstream.UpstreamMember;

/**
 * The upstream side of one proxied request: picks a member (skipping those that refuse), sends
 * the request head and body, enforces the response timeout, and relays the response to the
 * client, reading the upstream only while the client can take more. Runs on the client's event
 * loop, which is also the upstream connection's.
 *
 * <p>Response parts are written to the client as they are decoded and flushed once per upstream
 * read (and at the end of the response), not once per part: a small response whose head and body
 * arrive together leaves in one write instead of two.
 */
final class UpstreamExchange implements UpstreamListener {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.dataplane.upstream");
    /** What the client reads of a TLS failure: the route, never the member or its certificate. */
    private static final Map<UpstreamTlsException.Kind, String> TLS_MESSAGES = Map.of(
            UpstreamTlsException.Kind.UNTRUSTED, "the upstream server of route '%s' presented a certificate that is not trusted",
            UpstreamTlsException.Kind.NAME_MISMATCH, "the upstream server of route '%s' presented a certificate for another name",
            UpstreamTlsException.Kind.HANDSHAKE, "the TLS handshake with the upstream server of route '%s' failed");
    /** What the exchange tells the client side. */
    interface Outcome {
        /** The head went out; queued request body parts may follow. */
        void connected();

        /** The upstream can take more request body. */
        void upstreamWritable();

        /** Nothing was sent to the client yet and nothing will be: answer with the element's error. */
        void failed(HttpResponseStatus status, String code, String message);

        /** The response is complete; {@code cleanly} when the request was sent whole as well. */
        void completed(boolean cleanly);

        /** The response was cut short after it started: the client must not take it as complete. */
        void aborted();
    }

    private final ChannelHandlerContext client;
    private final Route route;
    private final String elementName;
    private final boolean http2;
    private final HttpMethod method;
    private final boolean clientKeepAlive;
    private final Outcome outcome;
    /** Members this request was offered to; a list, as it rarely holds more than one. */
    private final List<UpstreamMember> tried = new ArrayList<>(2);

    private HttpRequest pendingHead;
    private HttpRequest replayableHead;
    private UpstreamLease lease;
    private Throwable lastConnectFailure;
    /** The last member's TLS failure, when one failed TLS: what the client is told if no member is left. */
    private UpstreamTlsException lastTlsFailure;
    private ScheduledFuture<?> responseTimer;
    private boolean requestComplete;
    private boolean responseStarted;
    private boolean responseComplete;
    private boolean upstreamKeepAlive;
    private boolean skipInterimEnd;
    private boolean done;
    private boolean endAfterConnect;
    private boolean clientUnflushed;

    UpstreamExchange(ChannelHandlerContext client, Route route, String elementName, boolean http2, boolean clientKeepAlive,
                     HttpRequest head, Outcome outcome) {
        this.client = client;
        this.route = route;
        this.elementName = elementName;
        this.http2 = http2;
        this.method = head.method();
        this.clientKeepAlive = clientKeepAlive;
        this.outcome = outcome;
        this.pendingHead = head;
        this.requestComplete = head instanceof LastHttpContent;
    }

    /**
     * Connects and sends the head. {@code replayable} is a copy of a body-less idempotent
     * request's head, sent again if a reused connection turns out to have been closed.
     */
    void start(HttpRequest replayable) {
        replayableHead = replayable;
        connectNext();
    }

    boolean requestComplete() {
        return requestComplete;
    }

    boolean responseStarted() {
        return responseStarted;
    }

    /** Whether the upstream connection can take more request body now. */
    boolean upstreamWritable() {
        return lease != null && lease.channel().isWritable();
    }

    private void connectNext() {
        Optional<UpstreamMember> member = route.pool().pick(tried);
        if (member.isEmpty() && lastTlsFailure != null) {
            failTls(lastTlsFailure);
            return;
        }
        if (member.isEmpty()) {
            String why = tried.isEmpty() ? "no healthy member in pool '" + route.pool().name() + "'"
                    : "no member of pool '" + route.pool().name() + "' accepted a connection"
                    + (lastConnectFailure == null ? "" : " (last: " + lastConnectFailure.getMessage() + ")");
            fail(HttpResponseStatus.BAD_GATEWAY, "upstream_unavailable", "no upstream server of route '" + routeName() + "' is available",
                    why);
            return;
        }
        tried.add(member.get());
        Future<UpstreamLease> acquired = route.pool().config().throughChannels()
                ? route.pool().acquire(member.get(), client.channel().eventLoop(), this, ChannelSources.of(client, pendingHead))
                : route.pool().acquire(member.get(), client.channel().eventLoop(), this);
        acquired.addListener((Future<UpstreamLease> f) -> onAcquired(f));
    }

    private void onAcquired(Future<UpstreamLease> future) {
        if (done) {
            if (future.isSuccess()) {
                future.getNow().release(false);
            }
            return;
        }
        if (future.cause() instanceof ChannelRefusedException refused) {
            failRefused(refused);
            return;
        }
        if (!future.isSuccess()) {
            lastConnectFailure = future.cause();
            if (future.cause() instanceof UpstreamTlsException) {
                lastTlsFailure = (UpstreamTlsException) future.cause();
            }
            connectNext();
            return;
        }
        lease = future.getNow();
        HttpRequest head = pendingHead;
        pendingHead = null;
        if (!head.headers().contains(HttpHeaderNames.HOST)) {
            head.headers().set(HttpHeaderNames.HOST, lease.member().config().endpoint());
        }
        lease.channel().writeAndFlush(head);
        if (requestComplete) {
            startResponseTimer();
        }
        lease.channel().read();
        if (endAfterConnect) {
            endAfterConnect = false;
            sendRequestContent(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        outcome.connected();
    }

    /** Sends one part of the request body; the last part starts the response timeout. */
    void sendRequestContent(HttpContent content) {
        if (done || lease == null) {
            ReferenceCountUtil.release(content);
            return;
        }
        lease.channel().writeAndFlush(content);
        if (content instanceof LastHttpContent) {
            requestComplete = true;
            startResponseTimer();
            finishIfDone();
        }
    }

    private void startResponseTimer() {
        long millis = route.pool().config().responseTimeout().toMillis();
        responseTimer = client.executor().schedule(() -> {
            if (!done && !responseStarted && lease != null) {
                fail(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream_timeout",
                        "the upstream server of route '" + routeName() + "' did not respond within " + millis + "ms",
                        "no response from " + lease.member() + " within " + millis + "ms");
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onUpstreamMessage(HttpObject message) {
        if (done || responseComplete) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (message instanceof HttpResponse) {
            onResponseHead((HttpResponse) message);
        } else if (skipInterimEnd && message instanceof LastHttpContent) {
            skipInterimEnd = false;
            ReferenceCountUtil.release(message);
        } else if (message instanceof LastHttpContent) {
            client.writeAndFlush(message);
            clientUnflushed = false;
            responseComplete = true;
            finishIfDone();
            return;
        } else {
            writeToClient(message);
        }
        clientWritable();
    }

    /** Written now, flushed at the end of this upstream read ({@link #onUpstreamReadComplete}). */
    private void writeToClient(HttpObject message) {
        client.write(message);
        clientUnflushed = true;
    }

    @Override
    public void onUpstreamReadComplete() {
        if (clientUnflushed) {
            clientUnflushed = false;
            client.flush();
        }
    }

    private void onResponseHead(HttpResponse response) {
        int status = response.status().code();
        if (status / 100 == 1 && status != 101) {
            // an interim answer such as 100 Continue is passed on; its empty end is not
            skipInterimEnd = true;
            ForwardingHeaders.toClient(response, elementName, http2, true, true);
            client.writeAndFlush(response);
            return;
        }
        cancelResponseTimer();
        responseStarted = true;
        replayableHead = null;
        upstreamKeepAlive = HttpUtil.isKeepAlive(response);
        ForwardingHeaders.toClient(response, elementName, http2, ForwardingHeaders.bodyless(method, status), clientKeepAlive);
        if (response instanceof LastHttpContent) {
            client.writeAndFlush(response);
            clientUnflushed = false;
            responseComplete = true;
            finishIfDone();
        } else {
            writeToClient(response);
        }
    }

    /** The client can take more: read the next part of the response. */
    void clientWritable() {
        if (!done && lease != null && responseStarted && client.channel().isWritable()) {
            lease.channel().read();
        }
    }

    @Override
    public void onUpstreamWritable() {
        if (!done && !requestComplete) {
            outcome.upstreamWritable();
        }
    }

    @Override
    public void onUpstreamClosed(Throwable cause) {
        if (done || lease == null || responseComplete) {
            return;
        }
        UpstreamLease closed = lease;
        lease = null;
        closed.release(false);
        if (!responseStarted && cause instanceof ChannelRefusedException refused) {
            failRefused(refused); // the peer element's policy, or its command filter, said no
        } else if (!responseStarted && closed.reused() && replayableHead != null && requestComplete) {
            replay();
        } else if (!responseStarted && tlsFailure(cause)) {
            // TLS 1.3: the server may refuse the element's certificate after the client's handshake completed
            failTls(UpstreamTlsException.classify(cause, closed.member().toString(),
                    route.pool().config().tls().expectedName(closed.member().config())));
        } else if (!responseStarted) {
            fail(HttpResponseStatus.BAD_GATEWAY, "upstream_closed",
                    "the upstream server of route '" + routeName() + "' closed the connection before responding",
                    closed.member() + " closed the connection before responding" + (cause == null ? "" : ": " + cause.getMessage()));
        } else {
            finish();
            outcome.aborted();
        }
    }

    /** A parked connection the server had closed: send the same body-less request on a fresh one. */
    private void replay() {
        cancelResponseTimer();
        HttpRequest head = replayableHead;
        replayableHead = null;
        pendingHead = new DefaultHttpRequest(head.protocolVersion(), head.method(), head.uri(), head.headers().copy());
        tried.clear();
        requestComplete = false;
        endAfterConnect = true;
        connectNext();
    }

    private void finishIfDone() {
        if (!responseComplete || done) {
            return;
        }
        boolean cleanly = requestComplete;
        // when the upstream answered before the request body ended, neither side can be reused
        lease.release(cleanly && upstreamKeepAlive);
        lease = null;
        finish();
        outcome.completed(cleanly);
    }

    /**
     * Answers the client with {@code message}, which names no upstream address (a client must not
     * learn the element's internal network); {@code detail}, which does, goes to the log.
     */
    private void fail(HttpResponseStatus status, String code, String message, String detail) {
        LOG.log(System.Logger.Level.WARNING, "route {0}: {1} ({2})", routeName(), detail, code);
        cancel();
        outcome.failed(status, code, message);
    }

    /** A channel policy's no (docs/channels.md "In the element"): its status and code; the rule and side go to the log only. */
    private void failRefused(ChannelRefusedException refused) {
        fail(HttpResponseStatus.valueOf(refused.status()), refused.code(), refused.status() == 403
                ? "the channel policy does not allow this request on route '" + routeName() + "'"
                : "route '" + routeName() + "' cannot open a channel now", refused.getMessage());
    }

    private boolean tlsFailure(Throwable cause) {
        if (route.pool().tls() == null) {
            return false;
        }
        for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    /** 502 with the TLS failure's code; which member, name and certificate go to the log only. */
    private void failTls(UpstreamTlsException failure) {
        fail(HttpResponseStatus.BAD_GATEWAY, failure.kind().code(), TLS_MESSAGES.get(failure.kind()).formatted(routeName()),
                failure.getMessage());
    }

    private String routeName() {
        return route.config().name();
    }

    /** Ends the exchange early (client gone, or an error answered): the upstream connection is not reused. */
    void cancel() {
        if (lease != null) {
            lease.release(false);
            lease = null;
        }
        finish();
    }

    private void finish() {
        done = true;
        cancelResponseTimer();
        ReferenceCountUtil.release(pendingHead);
        pendingHead = null;
        replayableHead = null;
    }

    private void cancelResponseTimer() {
        if (responseTimer != null) {
            responseTimer.cancel(false);
            responseTimer = null;
        }
    }
}
