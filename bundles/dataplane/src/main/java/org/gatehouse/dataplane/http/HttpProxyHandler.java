package org.gatehouse.dataplane.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Optional;
import org.gatehouse.dataplane.http1.FramingViolation;
import org.gatehouse.dataplane.routing.Route;
import org.gatehouse.dataplane.routing.RoutingSnapshot;
import org.gatehouse.dataplane.spi.FlowResult;
import org.gatehouse.dataplane.spi.MessageProcessor;
import org.gatehouse.dataplane.spi.MessageTypeMatch;
import org.gatehouse.dataplane.request.RequestTarget;

/**
 * The client side of the HTTP proxy, for one HTTP/1.1 connection or one HTTP/2 stream (behind the
 * stream-to-HTTP/1 codec): takes the requests {@link HttpRequestNormalizer} normalized, in order,
 * one exchange at a time (pipelined HTTP/1.1 requests wait their turn); offers each to the message
 * processor, whose flow ({@link FlowRun}) decides before anything is forwarded; routes it and hands
 * it to an {@link UpstreamExchange}.
 *
 * <p>The client is read on demand only: while idle, while a flow's body is read, and while the
 * upstream can take more of the request body. Failures become the element's JSON errors: 404
 * without a route, 502/504 from the exchange, 414/431/400 for requests the decoder refused, the
 * normalizer's refusals, and the framing guard's violations.
 *
 * <pre>{@code
 * pipeline.addLast("normalize", new HttpRequestNormalizer(listener.scheme()));
 * pipeline.addLast("proxy", new HttpProxyHandler(listener));
 * }</pre>
 */
final class HttpProxyHandler extends ChannelInboundHandlerAdapter implements UpstreamExchange.Outcome {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.dataplane");

    private enum State { IDLE, AGGREGATING, FLOW, CONNECTING, STREAMING, DISCARDING, CLOSING }

    private final ListenerContext listener;
    /**
     * In arrival order: request heads from the normalizer ({@link NormalizedRequest}, {@link RefusedTarget},
     * or a head the decoder failed on), body parts from the decoder, and a {@link FramingViolation}
     * from the framing guard.
     */
    private final ArrayDeque<Object> inbound = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private boolean http2;
    private boolean started;
    private State state = State.IDLE;

    // the request in progress
    private String elementName = "gatehouse";
    private Route route;
    private UpstreamExchange exchange;
    private boolean clientKeepAlive;
    private boolean declaredNoBody;
    private boolean requestComplete;

    /** The flow of the request in progress, when a message type claimed it. */
    private FlowRun flow;

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
        if (!(msg instanceof HttpObject) && !(msg instanceof NormalizedRequest) && !(msg instanceof RefusedTarget)
                && !(msg instanceof FramingViolation)) {
            ctx.fireChannelRead(msg);
            return;
        }
        inbound.add(msg);
        drain();
    }

    private void drain() {
        while (!inbound.isEmpty()) {
            if (state == State.CONNECTING || state == State.FLOW || (state == State.STREAMING && requestComplete)) {
                break; // wait for the upstream or the flow, or for the current response before the next request
            }
            Object next = inbound.poll();
            if (next instanceof FramingViolation) {
                refuse((FramingViolation) next);
            } else if (next instanceof HttpContent && !(next instanceof HttpRequest) && ((HttpContent) next).decoderResult().isFailure()) {
                // never passed on as the end of the body: that would complete a broken request upstream
                Throwable cause = ((HttpContent) next).decoderResult().cause();
                ReferenceCountUtil.release(next);
                refuse(new FramingViolation(400, "bad_framing", cause == null ? "malformed body" : cause.getMessage()));
            } else if (state == State.IDLE && next instanceof NormalizedRequest normalized) {
                startExchange(normalized);
            } else if (state == State.IDLE && next instanceof RefusedTarget refused) {
                refuseTarget(refused);
            } else if (state == State.IDLE && next instanceof HttpRequest request) {
                refuseUnnormalized(request);
            } else if (state == State.STREAMING && next instanceof HttpContent) {
                requestComplete = next instanceof LastHttpContent;
                exchange.sendRequestContent((HttpContent) next);
            } else if (state == State.AGGREGATING && next instanceof HttpContent) {
                aggregate((HttpContent) next);
            } else if (state == State.DISCARDING && next instanceof LastHttpContent) {
                ReferenceCountUtil.release(next);
                requestComplete = true;
                endExchange();
            } else {
                release(next);
            }
        }
        if (inbound.isEmpty() && wantsInput()) {
            ctx.read();
        }
    }

    private boolean wantsInput() {
        switch (state) {
            case IDLE:
            case AGGREGATING:
            case DISCARDING:
                return true;
            case STREAMING:
                return !requestComplete && exchange.upstreamWritable();
            default:
                return false;
        }
    }

    private void startExchange(NormalizedRequest normalized) {
        HttpRequest request = normalized.request();
        listener.requests().increment();
        route = null;
        // HTTP/1.0 connections are not kept: their keep-alive extension cannot carry chunked bodies
        clientKeepAlive = http2 || (HttpUtil.isKeepAlive(request) && request.protocolVersion().minorVersion() >= 1);
        requestComplete = request instanceof LastHttpContent;
        // RFC 9112 section 6.3: without Content-Length or chunked coding a request has no body
        declaredNoBody = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
        if (!http2 && request.headers().containsValue(HttpHeaderNames.UPGRADE, "h2c", true)) {
            // an h2c upgrade that was not taken: the framing guard stepped aside for it, so the
            // connection ends with this exchange rather than read further requests unchecked
            clientKeepAlive = false;
        }
        elementName = listener.snapshot().get().elementName();
        MessageProcessor processor = listener.processor().get();
        if (processor != null && classify(processor, request, normalized.target())) {
            return; // the flow decides what happens to the request
        }
        forward(request, null);
    }

    /** A target or Host the normalization rules refused: answered (400, or 501 for CONNECT), and the connection closed. */
    private void refuseTarget(RefusedTarget refused) {
        listener.requests().increment();
        route = null;
        elementName = listener.snapshot().get().elementName();
        listener.traffic().refused(listener.name(), refused.code());
        clientKeepAlive = false;
        requestComplete = false;
        declaredNoBody = false;
        respondError(HttpResponseStatus.valueOf(refused.status()), refused.code(), refused.message());
    }

    /**
     * A request head that did not come through {@link HttpRequestNormalizer}: one the decoder
     * failed on is refused as malformed; any other means the pipeline lacks its normalizer, and
     * such a request is never classified or forwarded.
     */
    private void refuseUnnormalized(HttpRequest request) {
        listener.requests().increment();
        route = null;
        ReferenceCountUtil.release(request);
        if (request.decoderResult().isFailure()) {
            refuseMalformed(request.decoderResult().cause());
            return;
        }
        LOG.log(System.Logger.Level.ERROR, "a request reached the proxy without its target normalized; refused");
        clientKeepAlive = false;
        requestComplete = false;
        declaredNoBody = false;
        respondError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "not_normalized", "the element could not read the request target");
    }

    /**
     * Asks the message processor whether a message type claims the request; when one does, reads
     * the body if the flow needs it and runs the flow. A processor that fails fails the request
     * (500): skipping its flow could skip authentication.
     */
    private boolean classify(MessageProcessor processor, HttpRequest request, RequestTarget target) {
        NettyRequestHead requestHead = new NettyRequestHead(listener, request, target, ctx.channel(), http2);
        MessageTypeMatch claimed;
        try {
            claimed = processor.classify(requestHead);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "message classification failed for " + request.method() + " " + request.uri(), e);
            ReferenceCountUtil.release(request);
            respondError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "classification_failed", "the element could not classify the request");
            return true;
        }
        if (claimed == null) {
            return false;
        }
        requestHead.claimed();
        flow = new FlowRun(claimed, requestHead, request);
        switch (flow.begin(ctx, requestComplete || declaredNoBody)) {
            case RUN -> runFlow();
            case READ_BODY -> {
                state = State.AGGREGATING;
                flow.answerExpectation(ctx);
            }
            case TOO_LARGE -> tooLarge();
        }
        return true;
    }

    /** Reads one piece of a body the flow needs, within the message type's bound (413 past it). */
    private void aggregate(HttpContent content) {
        requestComplete = content instanceof LastHttpContent;
        if (!flow.add(content)) {
            tooLarge();
        } else if (requestComplete) {
            runFlow();
        }
    }

    private void tooLarge() {
        String message = flow.tooLarge();
        releaseFlow();
        respondError(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "body_too_large", message);
    }

    /** Runs the flow off the event loop; its result comes back on the event loop. */
    private void runFlow() {
        state = State.FLOW;
        FlowRun run = flow;
        run.run().whenComplete((result, error) -> ctx.executor().execute(() -> flowDone(run, result, error)));
        if (requestComplete || declaredNoBody) {
            // the request is whole, so what the connection brings next is a pipelined request
            // (held in inbound until the flow ends) or its end: this read is what notices a client
            // that closes while its flow runs or waits (RequestHead.onClientGone). A body still
            // coming is not read ahead of the flow: backpressure first, the close is seen later
            ctx.read();
        }
    }

    private void flowDone(FlowRun run, FlowResult result, Throwable error) {
        run.ended();
        if (state != State.FLOW || run != flow) {
            run.release(); // the client went away while the flow ran
            if (run == flow) {
                flow = null;
            }
            return;
        }
        try {
            FlowRun.Next next = run.next(ctx.alloc(), result, error);
            releaseFlow();
            if (next instanceof FlowRun.Forward forward) {
                forwardAfterFlow(forward.request(), forward.route());
            } else {
                respond(((FlowRun.Answer) next).response());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "flow of message type " + run.messageType() + " failed", e);
            releaseFlow();
            respondError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "flow_failed", "the flow of message type " + run.messageType() + " failed");
        }
    }

    private void forwardAfterFlow(HttpRequest request, String routeName) {
        if (request instanceof FullHttpRequest) {
            requestComplete = true;
            declaredNoBody = ((FullHttpRequest) request).content().readableBytes() == 0;
        }
        forward(request, routeName);
    }

    /** Releases what the flow held; safe to call more than once, and never while the flow still reads it. */
    private void releaseFlow() {
        if (flow != null && flow.release()) {
            flow = null;
        }
    }

    /** Sends the request to its route (or the one a flow named) and streams the answer back. */
    private void forward(HttpRequest request, String routeName) {
        RoutingSnapshot snapshot = listener.snapshot().get();
        elementName = snapshot.elementName();
        String host = request.headers().get(HttpHeaderNames.HOST);
        Optional<Route> found = routeName == null ? snapshot.routes().find(listener.name(), host, request.uri())
                : snapshot.routes().named(routeName);
        if (found.isEmpty()) {
            String uri = request.uri();
            ReferenceCountUtil.release(request);
            if (routeName != null) {
                respondError(HttpResponseStatus.BAD_GATEWAY, "no_route", "the flow routed the request to route '" + routeName
                        + "', which the element does not have");
                return;
            }
            respondError(HttpResponseStatus.NOT_FOUND, "no_route", "no route for host '" + (host == null ? "" : host) + "' and path '" + uri + "'");
            return;
        }
        route = found.get();
        ForwardingHeaders.toUpstream(request, clientAddress(), listener.scheme(), elementName, http2);
        // a body-less idempotent head can be sent again as it is: it holds no buffer and the encoder
        // does not change it (the replay copies it), so no copy of its headers is made per request
        HttpRequest replayable = declaredNoBody && !(request instanceof FullHttpRequest) && isIdempotent(request.method())
                ? request : null;
        state = State.CONNECTING;
        exchange = new UpstreamExchange(ctx, route, elementName, http2, clientKeepAlive, request, this);
        exchange.start(replayable);
    }

    private InetSocketAddress clientAddress() {
        SocketAddress remote = http2 ? ctx.channel().parent().remoteAddress() : ctx.channel().remoteAddress();
        return remote instanceof InetSocketAddress ? (InetSocketAddress) remote : null;
    }

    @Override
    public void connected() {
        if (state == State.CONNECTING) {
            state = State.STREAMING;
            drain();
        }
    }

    @Override
    public void upstreamWritable() {
        if (inbound.isEmpty() && wantsInput()) {
            ctx.read();
        }
    }

    @Override
    public void failed(HttpResponseStatus status, String code, String message) {
        countOutcome(code);
        respondError(status, code, message);
    }

    @Override
    public void completed(boolean cleanly) {
        countOutcome(TrafficCounters.RESPONSE);
        exchange = null;
        if (cleanly) {
            endExchange();
        } else {
            closeClient();
        }
    }

    @Override
    public void aborted() {
        countOutcome(TrafficCounters.ABORTED);
        exchange = null;
        closeClient();
    }

    private void countOutcome(String outcome) {
        if (route != null) {
            listener.traffic().upstreamOutcome(route.name(), outcome);
        }
    }

    private void endExchange() {
        exchange = null;
        route = null;
        if (http2) {
            state = State.CLOSING; // the stream ends with the response
        } else if (clientKeepAlive) {
            state = State.IDLE;
            drain();
        } else {
            closeClient();
        }
    }

    /**
     * The client's bytes broke the framing rules or its deadline: answer when nothing of a response
     * has gone out yet, abort an exchange already under way (its upstream connection is closed, never
     * sent the end of a body), and close the connection, whose next request cannot be found (on
     * HTTP/2, reset the stream).
     */
    private void refuse(FramingViolation violation) {
        // on an HTTP/2 stream only its body deadline refuses this way: counted as the h2 sibling of
        // the code (h2_request_timeout), as the connection's own refusals are (h2_rapid_reset)
        listener.traffic().refused(listener.name(), http2 ? "h2_" + violation.code() : violation.code());
        if (exchange != null) {
            countOutcome(TrafficCounters.ABORTED);
        }
        clientKeepAlive = false;
        requestComplete = false;
        declaredNoBody = false;
        switch (state) {
            case IDLE, AGGREGATING, STREAMING, CONNECTING -> {
                releaseFlow();
                respondError(HttpResponseStatus.valueOf(violation.status()), violation.code(), violation.message());
            }
            case CLOSING -> {
            }
            default -> closeClient(); // the response of this request is decided already
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
        listener.traffic().refused(listener.name(), code);
        // the decoder cannot find the next request after a refused one
        clientKeepAlive = false;
        requestComplete = false;
        declaredNoBody = false;
        respondError(status, code, cause == null ? "malformed request" : cause.getMessage());
    }

    /** Answers the client with the element's JSON error and ends the exchange. */
    private void respondError(HttpResponseStatus status, String code, String message) {
        UpstreamExchange current = exchange;
        exchange = null;
        if (current != null) {
            current.cancel();
            if (current.responseStarted()) {
                closeClient();
                return;
            }
            requestComplete = current.requestComplete();
        }
        // the connection stays usable when nothing of this request is left to arrive but its empty end
        respond(ErrorResponses.json(ctx.alloc(), status, code, message, route == null ? null : route.name()));
    }

    /** Answers the client with a response the element made itself (an error, or a flow's answer) and ends the exchange. */
    private void respond(FullHttpResponse response) {
        boolean keepOpen = clientKeepAlive && (requestComplete || (declaredNoBody && !http2));
        response.headers().add("Via", "1.1 " + elementName);
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
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** Releases a message this handler drops; a normalized request holds the decoder's request. */
    private static void release(Object message) {
        ReferenceCountUtil.release(message instanceof NormalizedRequest normalized ? normalized.request() : message);
    }

    private static boolean isIdempotent(HttpMethod method) {
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)
                || HttpMethod.PUT.equals(method) || HttpMethod.DELETE.equals(method) || HttpMethod.TRACE.equals(method);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && exchange != null) {
            exchange.clientWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // a switch to HTTP/2 removes this handler (Http2Handoff): each stream has its own
        if (evt instanceof IdleStateEvent && state == State.IDLE && inbound.isEmpty()) {
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
        releaseFlow();
        inbound.forEach(HttpProxyHandler::release);
        inbound.clear();
        if (exchange != null) {
            exchange.cancel();
            exchange = null;
        }
        ctx.fireChannelInactive();
    }
}
