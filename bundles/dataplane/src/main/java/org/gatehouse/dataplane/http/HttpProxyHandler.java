package org.gatehouse.dataplane.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.gatehouse.dataplane.routing.Route;
import org.gatehouse.dataplane.routing.RoutingSnapshot;
import org.gatehouse.dataplane.upstream.UpstreamLease;
import org.gatehouse.dataplane.upstream.UpstreamListener;
import org.gatehouse.dataplane.upstream.UpstreamMember;

/**
 * Proxies the HTTP exchanges of one client connection (HTTP/1.1) or one stream (HTTP/2, behind
 * the stream-to-HTTP/1 codec) to the pool of the matching route, one exchange at a time.
 *
 * <p>Bodies stream both ways with backpressure: the client is read only while the upstream
 * connection is writable and the upstream only while the client is writable, so no body is held
 * in memory beyond one read's worth. Pipelined HTTP/1.1 requests wait their turn. Failures
 * become the element's JSON errors: 404 without a route, 502 when no member answers, 504 on a
 * response timeout, 414/431/400 for requests the decoder refused.
 */
final class HttpProxyHandler extends ChannelInboundHandlerAdapter implements UpstreamListener {
    private enum State { IDLE, CONNECTING, STREAMING, DISCARDING, CLOSING }

    private final ListenerContext listener;
    private final ArrayDeque<HttpObject> inbound = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private boolean http2;
    private boolean started;
    private State state = State.IDLE;

    // the exchange in progress
    private RoutingSnapshot snapshot;
    private Route route;
    private HttpRequest pendingHead;
    private HttpRequest replayableHead;
    private HttpMethod method;
    private boolean clientKeepAlive;
    private boolean declaredNoBody;
    private boolean requestComplete;
    private boolean responseStarted;
    private boolean responseComplete;
    private boolean upstreamKeepAlive;
    private boolean skipInterimEnd;
    private UpstreamLease lease;
    private Set<UpstreamMember> tried;
    private Throwable lastConnectFailure;
    private ScheduledFuture<?> responseTimer;

    HttpProxyHandler(ListenerContext listener) {
        this.listener = listener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.http2 = ctx.channel() instanceof Http2StreamChannel;
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    /** From here on the connection is read on demand only, which is what gives backpressure. */
    private void start() {
        if (!started) {
            started = true;
            ctx.channel().config().setAutoRead(false);
            ctx.read();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject)) {
            ctx.fireChannelRead(msg);
            return;
        }
        inbound.add((HttpObject) msg);
        drain();
    }

    private void drain() {
        while (!inbound.isEmpty()) {
            HttpObject next = inbound.peek();
            if (state == State.CONNECTING || (state == State.STREAMING && requestComplete)) {
                break; // wait for the upstream, or for the current response before the next request
            }
            inbound.poll();
            if (state == State.IDLE && next instanceof HttpRequest) {
                startExchange((HttpRequest) next);
            } else if (state == State.STREAMING && next instanceof HttpContent) {
                forwardRequestContent((HttpContent) next);
            } else if (state == State.DISCARDING) {
                ReferenceCountUtil.release(next);
                if (next instanceof LastHttpContent) {
                    requestComplete = true;
                    endExchange();
                }
            } else {
                ReferenceCountUtil.release(next);
            }
        }
        if (inbound.isEmpty() && wantsInput()) {
            ctx.read();
        }
    }

    private boolean wantsInput() {
        switch (state) {
            case IDLE:
            case DISCARDING:
                return true;
            case STREAMING:
                return !requestComplete && lease != null && lease.channel().isWritable();
            default:
                return false;
        }
    }

    private void startExchange(HttpRequest request) {
        resetExchange();
        method = request.method();
        clientKeepAlive = http2 || HttpUtil.isKeepAlive(request);
        requestComplete = request instanceof LastHttpContent;
        // RFC 9112 section 6.3: without Content-Length or chunked coding a request has no body
        declaredNoBody = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
        if (request.decoderResult().isFailure()) {
            ReferenceCountUtil.release(request);
            refuseMalformed(request.decoderResult().cause());
            return;
        }
        snapshot = listener.snapshot().get();
        String host = request.headers().get(HttpHeaderNames.HOST);
        Optional<Route> found = snapshot.routes().find(listener.name(), host, request.uri());
        if (found.isEmpty()) {
            String uri = request.uri();
            ReferenceCountUtil.release(request);
            respondError(HttpResponseStatus.NOT_FOUND, "no_route", "no route for host '" + (host == null ? "" : host) + "' and path '" + uri + "'");
            return;
        }
        route = found.get();
        ForwardingHeaders.toUpstream(request, clientAddress(), listener.scheme(), snapshot.elementName(), http2);
        if (declaredNoBody && !(request instanceof FullHttpRequest) && isIdempotent(method)) {
            // kept so the request can be sent again when a reused connection turns out closed
            replayableHead = new DefaultHttpRequest(request.protocolVersion(), method, request.uri(), request.headers().copy());
        }
        pendingHead = request;
        state = State.CONNECTING;
        connectNext();
    }

    private InetSocketAddress clientAddress() {
        java.net.SocketAddress remote = http2 ? ctx.channel().parent().remoteAddress() : ctx.channel().remoteAddress();
        return remote instanceof InetSocketAddress ? (InetSocketAddress) remote : null;
    }

    private void connectNext() {
        Optional<UpstreamMember> member = route.pool().pick(tried);
        if (member.isEmpty()) {
            String why = tried.isEmpty() ? "no healthy member in pool '" + route.pool().name() + "'"
                    : "no member of pool '" + route.pool().name() + "' accepted a connection"
                    + (lastConnectFailure == null ? "" : " (last: " + lastConnectFailure.getMessage() + ")");
            respondError(HttpResponseStatus.BAD_GATEWAY, "upstream_unavailable", why);
            return;
        }
        tried.add(member.get());
        route.pool().acquire(member.get(), ctx.channel().eventLoop(), this)
                .addListener((Future<UpstreamLease> f) -> onAcquired(f));
    }

    private void onAcquired(Future<UpstreamLease> future) {
        if (state != State.CONNECTING) {
            if (future.isSuccess()) {
                future.getNow().release(false);
            }
            return;
        }
        if (!future.isSuccess()) {
            lastConnectFailure = future.cause();
            connectNext();
            return;
        }
        lease = future.getNow();
        HttpRequest head = pendingHead;
        pendingHead = null;
        if (!head.headers().contains(HttpHeaderNames.HOST)) {
            head.headers().set(HttpHeaderNames.HOST, lease.member().config().endpoint());
        }
        state = State.STREAMING;
        lease.channel().writeAndFlush(head);
        if (requestComplete) {
            startResponseTimer();
        }
        lease.channel().read();
        drain();
    }

    private void forwardRequestContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        lease.channel().writeAndFlush(content);
        if (last) {
            requestComplete = true;
            startResponseTimer();
            finishIfDone();
        }
    }

    private void startResponseTimer() {
        long millis = route.pool().config().responseTimeout().toMillis();
        responseTimer = ctx.executor().schedule(this::onResponseTimeout, millis, TimeUnit.MILLISECONDS);
    }

    private void onResponseTimeout() {
        if (state == State.STREAMING && !responseStarted && lease != null) {
            String member = lease.member().toString();
            respondError(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream_timeout",
                    "no response from " + member + " within " + route.pool().config().responseTimeout().toMillis() + "ms");
        }
    }

    @Override
    public void onUpstreamMessage(HttpObject message) {
        if (state != State.STREAMING || responseComplete) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (message instanceof HttpResponse) {
            onResponseHead((HttpResponse) message);
        } else if (skipInterimEnd && message instanceof LastHttpContent) {
            skipInterimEnd = false;
            ReferenceCountUtil.release(message);
        } else {
            ctx.writeAndFlush(message);
            if (message instanceof LastHttpContent) {
                responseComplete = true;
                finishIfDone();
                return;
            }
        }
        if (lease != null && ctx.channel().isWritable()) {
            lease.channel().read();
        }
    }

    private void onResponseHead(HttpResponse response) {
        int status = response.status().code();
        if (status / 100 == 1 && status != 101) {
            // an interim answer such as 100 Continue is passed on; its empty end is not
            skipInterimEnd = true;
            ForwardingHeaders.toClient(response, snapshot.elementName(), http2, true, true);
            ctx.writeAndFlush(response);
            return;
        }
        cancelResponseTimer();
        responseStarted = true;
        replayableHead = null;
        upstreamKeepAlive = HttpUtil.isKeepAlive(response);
        ForwardingHeaders.toClient(response, snapshot.elementName(), http2, ForwardingHeaders.bodyless(method, status), clientKeepAlive);
        ctx.writeAndFlush(response);
        if (response instanceof LastHttpContent) {
            responseComplete = true;
            finishIfDone();
        }
    }

    @Override
    public void onUpstreamWritable() {
        if (inbound.isEmpty() && wantsInput()) {
            ctx.read();
        }
    }

    @Override
    public void onUpstreamClosed(Throwable cause) {
        if (state != State.STREAMING || lease == null || responseComplete) {
            return;
        }
        UpstreamLease closed = lease;
        lease = null;
        closed.release(false);
        if (!responseStarted && closed.reused() && replayableHead != null && requestComplete) {
            replay();
        } else if (!responseStarted) {
            respondError(HttpResponseStatus.BAD_GATEWAY, "upstream_closed",
                    closed.member() + " closed the connection before responding" + (cause == null ? "" : ": " + cause.getMessage()));
        } else {
            closeClient(); // the response is cut short; the client must not take it as complete
        }
    }

    /** A parked connection the server had closed: send the same body-less request on a fresh one. */
    private void replay() {
        cancelResponseTimer();
        HttpRequest head = replayableHead;
        replayableHead = null;
        pendingHead = new DefaultHttpRequest(head.protocolVersion(), head.method(), head.uri(), head.headers().copy());
        inbound.addFirst(LastHttpContent.EMPTY_LAST_CONTENT);
        requestComplete = false;
        tried.clear();
        state = State.CONNECTING;
        connectNext();
    }

    private void finishIfDone() {
        if (!responseComplete) {
            return;
        }
        cancelResponseTimer();
        if (!requestComplete) {
            // the upstream answered before the request body ended: neither side can be reused
            lease.release(false);
            lease = null;
            closeClient();
            return;
        }
        lease.release(upstreamKeepAlive);
        lease = null;
        endExchange();
    }

    private void endExchange() {
        resetExchange();
        if (http2) {
            state = State.CLOSING; // the stream ends with the response
        } else if (clientKeepAlive) {
            state = State.IDLE;
            drain();
        } else {
            closeClient();
        }
    }

    private void refuseMalformed(Throwable cause) {
        HttpResponseStatus status = HttpResponseStatus.BAD_REQUEST;
        String code = "bad_request";
        if (cause instanceof TooLongHttpLineException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
            code = "request_line_too_long";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            code = "header_fields_too_large";
        } else if (cause instanceof TooLongFrameException) {
            code = "request_too_large";
        }
        clientKeepAlive = false; // the decoder cannot find the next request after a refused one
        requestComplete = false;
        declaredNoBody = false;
        respondError(status, code, cause == null ? "malformed request" : cause.getMessage());
    }

    /** Answers the client with the element's JSON error and ends the exchange. */
    private void respondError(HttpResponseStatus status, String code, String message) {
        cancelResponseTimer();
        ReferenceCountUtil.release(pendingHead);
        pendingHead = null;
        if (lease != null) {
            lease.release(false);
            lease = null;
        }
        if (responseStarted) {
            closeClient();
            return;
        }
        // the connection stays usable when nothing of this request is left to arrive but its empty end
        boolean keepOpen = clientKeepAlive && (requestComplete || (declaredNoBody && !http2));
        FullHttpResponse response = ErrorResponses.json(ctx.alloc(), status, code, message, route == null ? null : route.name());
        response.headers().add("Via", "1.1 " + (snapshot == null ? "gatehouse" : snapshot.elementName()));
        if (!keepOpen && !http2) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.writeAndFlush(response);
        if (keepOpen && !requestComplete) {
            state = State.DISCARDING;
            drain();
        } else if (keepOpen) {
            endExchange();
        } else {
            closeClient();
        }
    }

    private void closeClient() {
        state = State.CLOSING;
        if (http2) {
            ctx.close(); // resets the stream; the connection and its other streams go on
            return;
        }
        ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void cancelResponseTimer() {
        if (responseTimer != null) {
            responseTimer.cancel(false);
            responseTimer = null;
        }
    }

    private void resetExchange() {
        route = null;
        replayableHead = null;
        responseStarted = false;
        responseComplete = false;
        skipInterimEnd = false;
        lastConnectFailure = null;
        tried = new HashSet<>();
    }

    private static boolean isIdempotent(HttpMethod method) {
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)
                || HttpMethod.PUT.equals(method) || HttpMethod.DELETE.equals(method) || HttpMethod.TRACE.equals(method);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && lease != null && responseStarted) {
            lease.channel().read();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof HttpServerUpgradeHandler.UpgradeEvent
                || evt instanceof CleartextHttp2ServerUpgradeHandler.PriorKnowledgeUpgradeEvent) {
            // the connection now carries HTTP/2: streams get their own proxy handlers, and the
            // connection itself is read freely (flow control is per stream)
            ctx.channel().config().setAutoRead(true);
            ctx.pipeline().remove(this);
        } else if (evt instanceof IdleStateEvent && state == State.IDLE && inbound.isEmpty()) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = State.CLOSING;
        cancelResponseTimer();
        inbound.forEach(ReferenceCountUtil::release);
        inbound.clear();
        ReferenceCountUtil.release(pendingHead);
        pendingHead = null;
        if (lease != null) {
            lease.release(false);
            lease = null;
        }
        ctx.fireChannelInactive();
    }
}
