package org.gatehouse.dataplane.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gatehouse.dataplane.spi.FlowResult;
import org.gatehouse.dataplane.spi.MessageTypeMatch;

/**
 * The flow of one request a message type claimed (docs/data-plane.md, "Flows and steps" and
 * "Bodies"): holds the request head, reads the body within the message type's bound when the flow
 * needs it, runs the flow and turns its result into what the proxy does next, forward or answer.
 * {@link HttpProxyHandler} drives it on the event loop; only the flow's stage completes elsewhere.
 *
 * <pre>{@code
 * FlowRun run = new FlowRun(match, head, request);
 * if (run.begin(ctx, requestComplete) == FlowRun.Start.RUN) run.run().whenComplete((result, error) -> executor.execute(() -> {
 *     run.ended();
 *     FlowRun.Next next = run.next(alloc, result, error);
 *     run.release();
 * }));
 * }</pre>
 */
final class FlowRun {
    /** What the proxy does once the flow has spoken. */
    sealed interface Next permits Forward, Answer {
    }

    /** Forward {@code request}, to {@code route} when not null, else to the route routing picks. */
    record Forward(HttpRequest request, String route) implements Next {
    }

    /** Answer the client with {@code response}; nothing is forwarded. */
    record Answer(FullHttpResponse response) implements Next {
    }

    private final MessageTypeMatch match;
    private final NettyRequestHead head;
    private HttpRequest held;
    private CompositeByteBuf body;
    private boolean running;

    FlowRun(MessageTypeMatch match, NettyRequestHead head, HttpRequest request) {
        this.match = match;
        this.head = head;
        this.held = request;
    }

    String messageType() {
        return match.messageType();
    }

    /** Negative when the flow does not read the body, which then streams to the upstream after the flow. */
    int bodyLimit() {
        return match.bodyLimit();
    }

    /** How the flow starts. */
    enum Start {
        /** At once: the flow does not read the body, or the request holds all of it already. */
        RUN,
        /** Once the body is read, part by part through {@link #add}. */
        READ_BODY,
        /** Never: the declared body is larger than the message type allows (413). */
        TOO_LARGE
    }

    /**
     * Decides how the flow starts, and prepares the body it reads.
     *
     * @param whole whether nothing of the request is left to arrive: it is complete, or declared no body
     */
    Start begin(ChannelHandlerContext ctx, boolean whole) {
        int limit = match.bodyLimit();
        if (limit < 0 || whole) {
            if (limit >= 0) {
                holdBody(ctx.alloc());
            }
            return Start.RUN;
        }
        if (HttpUtil.getContentLength(held, -1L) > limit) {
            return Start.TOO_LARGE;
        }
        holdBody(ctx.alloc());
        return Start.READ_BODY;
    }

    /**
     * Answers a client that waits for {@code 100 Continue} before it sends the body: the element
     * reads the body itself now (RFC 9110 section 10.1.1).
     */
    void answerExpectation(ChannelHandlerContext ctx) {
        if (HttpUtil.is100ContinueExpected(held)) {
            held.headers().remove(HttpHeaderNames.EXPECT);
            ctx.writeAndFlush(new DefaultFullHttpResponse(held.protocolVersion(), HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
    }

    /** The 413's message when the body passes the message type's bound. */
    String tooLarge() {
        return "the body of a " + match.messageType() + " message may hold at most " + match.bodyLimit() + " bytes";
    }

    /**
     * Starts the body the flow reads; a full request (HTTP/2 without DATA frames) already holds all
     * of it.
     */
    private void holdBody(ByteBufAllocator alloc) {
        body = alloc.compositeBuffer();
        if (held instanceof FullHttpRequest full) {
            body.addComponent(true, full.content().retain());
        }
    }

    /**
     * Adds one part of the body, which is released either way.
     *
     * @return false when the body would pass the message type's bound: nothing is added
     */
    boolean add(HttpContent content) {
        try {
            if (body.readableBytes() + content.content().readableBytes() > match.bodyLimit()) {
                return false;
            }
            body.addComponent(true, content.content().retain());
            return true;
        } finally {
            ReferenceCountUtil.release(content);
        }
    }

    /** Runs the flow; the stage may complete on any thread. A flow that throws is a failed stage. */
    CompletionStage<FlowResult> run() {
        running = true;
        try {
            return match.run(head, body == null ? null : body.nioBuffer().asReadOnlyBuffer());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The flow's stage completed: what it held may be released, and the client's going is no longer its business. */
    void ended() {
        running = false;
        head.flowEnded();
    }

    /**
     * What the flow's result asks for. The request or response it returns is the caller's to
     * release; what the run still holds is released by {@link #release}.
     *
     * @throws RuntimeException when the flow ended without a result, or with one the element
     *                          refuses (a header line with CR or LF, a target the rules refuse)
     */
    Next next(ByteBufAllocator alloc, FlowResult result, Throwable error) {
        if (error != null || result == null) {
            throw new IllegalStateException("the flow of message type " + match.messageType() + " ended without a result", error);
        } else if (result instanceof FlowResult.Forward forward) {
            return new Forward(takeIfSame(FlowAnswers.forwarded(alloc, held, forward, body)), forward.route().orElse(null));
        } else if (result instanceof FlowResult.PassThrough) {
            return new Forward(takeIfSame(body == null ? held : FlowAnswers.complete(held, body.retain())), null);
        } else if (result instanceof FlowResult.Respond respond) {
            return new Answer(FlowAnswers.response(alloc, respond));
        }
        return new Answer(FlowAnswers.rejection(alloc, (FlowResult.Reject) result));
    }

    /** The held head passed on as it is belongs to the caller now; a copy leaves the held one to {@link #release}. */
    private HttpRequest takeIfSame(HttpRequest request) {
        if (request == held) {
            held = null;
        }
        return request;
    }

    /**
     * Releases the head and body; never while the flow may still read them.
     *
     * @return false while the flow runs: nothing was released
     */
    boolean release() {
        if (running) {
            return false;
        }
        if (held != null) {
            ReferenceCountUtil.release(held);
            held = null;
        }
        if (body != null) {
            body.release();
            body = null;
        }
        return true;
    }
}
