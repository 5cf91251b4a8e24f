package org.gatehouse.management.confirm;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.gatehouse.management.auth.AccessRefusals;

/**
 * The HTTP side of one confirmation listener connection: it takes the client certificate that the
 * handshake verified, checks each whole request's framing (POST, one of the operation paths exactly,
 * {@code application/json}), and hands it to {@link ConfirmationRequests} on a worker thread. One
 * request at a time: reading stops until the answer is written, so pipelined requests wait their
 * turn. Answers are never cached ({@code Cache-Control: no-store}): a rendering ends with the
 * person's phrase.
 *
 * <p>The certificate is the one of the first handshake. Should the TLS session change under the
 * connection (a TLS 1.2 renegotiation, perhaps with another certificate), the connection is closed
 * at its next request rather than serve it as someone else.
 */
final class ConfirmationRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.management.confirm");

    private final ConfirmationRequests requests;
    private final Executor workers;
    private SSLSession session;
    private X509Certificate certificate;
    /** A request is being answered: set and cleared on the event loop. */
    private boolean answering;

    ConfirmationRequestHandler(ConfirmationRequests requests, Executor workers) {
        this.requests = requests;
        this.workers = workers;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent done) {
            if (!done.isSuccess()) {
                LOG.log(Level.INFO, "confirmation listener: TLS handshake with " + ctx.channel().remoteAddress() + " failed: "
                        + done.cause().getMessage());
            } else if (session == null) {
                pin(ctx);
            }
        }
        super.userEventTriggered(ctx, event);
    }

    private void pin(ChannelHandlerContext ctx) {
        SSLSession established = ctx.pipeline().get(SslHandler.class).engine().getSession();
        try {
            Certificate[] chain = established.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
                session = established;
                certificate = leaf;
                return;
            }
        } catch (SSLPeerUnverifiedException e) {
            // cannot happen with a required client certificate; closed below all the same
        }
        LOG.log(Level.WARNING, "confirmation listener: " + ctx.channel().remoteAddress() + " completed TLS without a client certificate; closed");
        ctx.close();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        RequestDeadline deadline = ctx.pipeline().get(RequestDeadline.class);
        if (deadline != null) {
            deadline.complete();
        }
        String peer = AccessRefusals.source(ctx.channel().remoteAddress());
        if (answering) {
            // a pipelined request, decoded from bytes read with the one being answered: answers must keep their order
            LOG.log(Level.INFO, "confirmation listener: " + peer + " sent a request before the last was answered; closed");
            ctx.close();
            return;
        }
        if (certificate == null || ctx.pipeline().get(SslHandler.class).engine().getSession() != session) {
            LOG.log(Level.WARNING, "confirmation listener: the TLS session of " + peer + " is not the one its handshake verified; closed");
            ctx.close();
            return;
        }
        if (!request.decoderResult().isSuccess()) {
            Throwable cause = request.decoderResult().cause();
            reply(ctx, ConfirmationRequests.error(400, "bad_request", "the request cannot be read: "
                    + (cause == null ? "malformed" : cause.getMessage())), false);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String path = request.uri();
        if (!ConfirmationRequests.isOperation(path)) {
            reply(ctx, ConfirmationRequests.error(404, "not_found", "no operation here; the operations are POST /pending, /show, /answer, "
                    + "/cancel and /phrase"), keepAlive);
            return;
        }
        if (!request.method().equals(HttpMethod.POST)) {
            reply(ctx, ConfirmationRequests.error(405, "method_not_allowed", path + " is called with POST"), keepAlive);
            return;
        }
        if (!isJson(request.headers().get(HttpHeaderNames.CONTENT_TYPE))) {
            reply(ctx, ConfirmationRequests.error(415, "unsupported_media_type", "the body is application/json"), keepAlive);
            return;
        }
        byte[] body = ByteBufUtil.getBytes(request.content());
        ctx.channel().config().setAutoRead(false);
        answering = true;
        X509Certificate holder = certificate;
        try {
            workers.execute(() -> {
                ConfirmationRequests.Reply reply = requests.handle(path, body, holder, peer);
                ctx.executor().execute(() -> {
                    answering = false;
                    reply(ctx, reply, keepAlive);
                });
            });
        } catch (RejectedExecutionException busy) {
            reply(ctx, ConfirmationRequests.error(503, "busy", "the confirmation listener is answering as many requests as it can; "
                    + "try again shortly"), false);
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json");
    }

    private static void reply(ChannelHandlerContext ctx, ConfirmationRequests.Reply reply, boolean keepAlive) {
        byte[] bytes = (reply.body().toString() + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.status()),
                Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set("X-Content-Type-Options", "nosniff");
        if (reply.status() == 405) {
            response.headers().set(HttpHeaderNames.ALLOW, "POST");
        }
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.writeAndFlush(response).addListener(keepAlive ? (ChannelFutureListener) written -> {
            if (written.isSuccess()) {
                ctx.channel().config().setAutoRead(true);
            } else {
                ctx.close();
            }
        } : ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.DEBUG, "confirmation listener: connection from " + ctx.channel().remoteAddress() + " ended: " + cause);
        ctx.close();
    }
}
