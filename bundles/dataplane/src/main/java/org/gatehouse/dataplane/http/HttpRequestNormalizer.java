package org.gatehouse.dataplane.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import org.gatehouse.dataplane.request.RequestTarget;
import org.gatehouse.dataplane.request.TargetNormalizer;
import org.gatehouse.dataplane.request.TargetRefusal;

/**
 * The one view of each request (docs/data-plane.md, "One view of the request"): every request head
 * the decoder read becomes a {@link NormalizedRequest}, its target and Host replaced by their
 * normalized form, or a {@link RefusedTarget} when the rules refuse it. {@link HttpProxyHandler}
 * starts exchanges from normalized requests only, so classification, every flow step, routing and
 * the upstream read the same target and Host, and no other spelling of them goes further.
 *
 * <p>A head the decoder failed on passes on as it is, and so does everything else (body parts,
 * framing violations): the proxy answers those in their turn. Keeps nothing between messages, so
 * one instance serves every connection of a listener.
 *
 * <pre>{@code
 * pipeline.addLast("normalize", new HttpRequestNormalizer("https"));
 * pipeline.addLast("proxy", new HttpProxyHandler(listener));
 * }</pre>
 */
@ChannelHandler.Sharable
final class HttpRequestNormalizer extends ChannelInboundHandlerAdapter {
    private final String scheme;

    /** @param scheme {@code http} or {@code https}: the listener's, which decides default ports and the absolute form */
    HttpRequestNormalizer(String scheme) {
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("scheme must be http or https, got '" + scheme + "'");
        }
        this.scheme = scheme;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
            ctx.fireChannelRead(normalize(request, ctx.channel() instanceof Http2StreamChannel));
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * Puts the normalized target and Host in place of what the client sent; a refused request is
     * released and its refusal passed on instead.
     */
    private Object normalize(HttpRequest request, boolean http2) {
        String protocol = http2 ? "HTTP/2.0" : request.protocolVersion().text();
        RequestTarget target;
        try {
            target = TargetNormalizer.normalize(scheme, request.method().name(), request.uri(),
                    request.headers().getAll(HttpHeaderNames.HOST), protocol);
        } catch (TargetRefusal refusal) {
            ReferenceCountUtil.release(request);
            return new RefusedTarget(refusal.status(), refusal.code(), refusal.getMessage());
        }
        request.setUri(target.originForm());
        if (target.authority().isEmpty()) {
            request.headers().remove(HttpHeaderNames.HOST);
        } else {
            request.headers().set(HttpHeaderNames.HOST, target.authority());
        }
        return new NormalizedRequest(request, target);
    }
}
