package org.gatehouse.management.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.gatehouse.management.api.ApiException;
import org.gatehouse.management.api.ApiRequest;
import org.gatehouse.management.api.ApiResponse;
import org.gatehouse.management.api.BodyLimit;
import org.gatehouse.management.api.RequestBody;
import org.gatehouse.management.api.Route;
import org.gatehouse.management.api.Router;
import org.gatehouse.management.auth.AccessRefusals;
import org.gatehouse.management.auth.Authentication;
import org.gatehouse.management.auth.ManagementUser;
import org.gatehouse.policy.schemas.XmlDocumentReader;

/**
 * One connection's requests, one at a time: at the request head it authenticates, routes and
 * checks the role, so nobody streams a body the API would refuse; then the body goes to a sink
 * (bounded by the route's limit, 413 past it) and the request runs on the request threads,
 * away from the event loop. Reading pauses until the response is written.
 *
 * <p>A request refused before its body ended gets its answer at once with
 * {@code Connection: close}; the rest of its body is read and dropped (up to the upload limit)
 * so the client sees the answer rather than a reset, then the connection closes.
 */
final class RequestReceiver extends ChannelInboundHandlerAdapter {
    /**
     * How much of a refused request's body is read and dropped before the connection closes: a
     * client still sending when the connection closes may miss the answer (a reset), so a 413 is
     * only reliable when the rest of a body of ordinary size is read first.
     */
    private static final long DISCARD_AT_MOST = 16L * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger("org.gatehouse.management");
    /** The user of a probe, which is served unauthenticated: no role. */
    private static final ManagementUser NOBODY = new ManagementUser("unauthenticated", Set.of(), List.of(), List.of());

    private final ServerContext server;
    private HttpRequest head;
    private ApiRequestDraft draft;
    private BodySink sink;
    private long received;
    private long limit;
    private boolean discarding;
    private long discarded;
    private io.netty.channel.ChannelFuture refusal;
    /** A request of this connection is running; touched on the event loop only. */
    private boolean running;
    /** Another request came while one was running: it is dropped and the connection closes after the answer. */
    private boolean pipelined;

    /** What is known of a request at its head. */
    private record ApiRequestDraft(String method, String path, Router.Match match, ManagementUser user,
                                   Map<String, String> query, Optional<String> ifMatch, boolean keepAlive) {
    }

    RequestReceiver(ServerContext server) {
        this.server = server;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                onHead(ctx, request);
            }
            if (msg instanceof HttpContent chunk) {
                onContent(ctx, chunk);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHead(ChannelHandlerContext ctx, HttpRequest request) {
        if (running) {
            // a pipelined request (RFC 9112 section 9.3.2): answers must keep request order, and
            // one request at a time is all this listener serves, so the connection closes once
            // the running request is answered; the client sends the rest again
            pipelined = true;
            return;
        }
        head = request;
        received = 0;
        discarding = false;
        discarded = 0;
        if (request.decoderResult().isFailure()) {
            refuse(ctx, ApiException.badRequest("malformed HTTP request: " + request.decoderResult().cause().getMessage()));
            return;
        }
        try {
            draft = admit(ctx, request);
            limit = switch (draft.match().route().bodyLimit()) {
                case NONE, DOCUMENT, CERTIFICATE -> XmlDocumentReader.MAX_DOCUMENT_BYTES;
                case UPLOAD -> server.settings().maxUploadBytes();
            };
            long declared = HttpUtil.getContentLength(request, -1L);
            if (declared > limit) {
                throw tooLarge(declared);
            }
            requireMediaType(request, draft.match().route());
            sink = draft.match().route().bodyLimit() == BodyLimit.NONE ? null : openSink(request);
        } catch (ApiException e) {
            refuse(ctx, e);
        }
    }

    private ApiRequestDraft admit(ChannelHandlerContext ctx, HttpRequest request) throws ApiException {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        Optional<Router.Match> probe = server.router().unauthenticated(request.method().name(), uri.rawPath());
        if (probe.isPresent()) {
            // the liveness and readiness probes: the one route matched, nothing else reachable this way
            return new ApiRequestDraft(request.method().name(), uri.rawPath(), probe.get(), NOBODY, Map.of(), Optional.empty(),
                    HttpUtil.isKeepAlive(request));
        }
        Authentication authentication = server.authenticator().authenticate(
                Optional.ofNullable(request.headers().get(HttpHeaderNames.AUTHORIZATION)), clientCertificate(ctx), ctx.channel().remoteAddress());
        if (authentication instanceof Authentication.Refused refused) {
            refused(ctx, request, refused.kind(), refused.reason(), Optional.empty());
            throw ApiException.unauthorized(refused.reason(), refused.bearerError());
        }
        ManagementUser user = ((Authentication.Authenticated) authentication).user();
        Router.Match match = server.router().match(request.method().name(), uri.path());
        if (!user.hasAnyRole(match.route().roles())) {
            String reason = "user " + user.name() + " may not " + request.method().name() + " "
                    + match.route().template() + "; it needs one of the roles " + roleNames(match);
            refused(ctx, request, AccessRefusals.Reason.ROLE_REFUSED, reason, Optional.of(user.name()));
            throw new ApiException(403, "forbidden", reason, List.of());
        }
        Map<String, String> query = new HashMap<>();
        uri.parameters().forEach((name, values) -> query.put(name, values.get(values.size() - 1)));
        List<String> ifMatch = request.headers().getAll(HttpHeaderNames.IF_MATCH);
        return new ApiRequestDraft(request.method().name(), uri.path(), match, user, query,
                ifMatch.isEmpty() ? Optional.empty() : Optional.of(String.join(",", ifMatch)), HttpUtil.isKeepAlive(request));
    }

    /** Counted, (rate-limited) logged and recorded in the audit log; the request's path only, its query may carry anything. */
    private void refused(ChannelHandlerContext ctx, HttpRequest request, AccessRefusals.Reason kind, String reason, Optional<String> user) {
        String path = new QueryStringDecoder(request.uri()).rawPath();
        server.authenticator().refusals().record(kind, new AccessRefusals.Refusal(ctx.channel().remoteAddress(), user,
                request.method().name() + " " + printable(path), reason));
    }

    /** At most 200 characters with control characters escaped: a log line is one line. */
    private static String printable(String text) {
        String cut = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\x%02x", c) : Character.toString(c)));
        return out.toString();
    }

    private static String roleNames(Router.Match match) {
        return match.route().roles().stream().map(r -> r.wireName()).sorted().toList().toString();
    }

    private BodySink openSink(HttpRequest request) throws ApiException {
        String mediaType = mediaType(request);
        try {
            return mediaType.equals("multipart/form-data")
                    ? new MultipartBodySink(server.uploadFolder(), request)
                    : new FileBodySink(server.uploadFolder(), mediaType);
        } catch (IOException e) {
            throw new ApiException(500, "internal_error", "cannot store the request body: " + e.getMessage(), List.of());
        }
    }

    /** A body the route would read must come in a type it takes; checked before any of it is stored. */
    private static void requireMediaType(HttpRequest request, Route route) throws ApiException {
        String type = mediaType(request);
        if (!route.bodyLimit().accepts(type)) {
            throw new ApiException(415, "unsupported_media_type", (type.isEmpty() ? "a request without Content-Type"
                    : "Content-Type " + printable(type)) + " is not accepted by " + route.method() + " " + route.template()
                    + "; send one of " + route.bodyLimit().mediaTypes(), List.of());
        }
    }

    private static String mediaType(HttpRequest request) {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent chunk) {
        if (pipelined) {
            return;
        }
        if (discarding) {
            discarded += chunk.content().readableBytes();
            if (discarded > Math.max(server.settings().maxUploadBytes(), DISCARD_AT_MOST) || chunk instanceof LastHttpContent) {
                refusal.addListener(ChannelFutureListener.CLOSE);
            }
            return;
        }
        if (draft == null) {
            return;
        }
        received += chunk.content().readableBytes();
        try {
            if (received > limit) {
                throw tooLarge(received);
            }
            if (sink != null) {
                sink.accept(chunk);
            }
        } catch (ApiException e) {
            refuse(ctx, e);
            return;
        } catch (IOException e) {
            refuse(ctx, new ApiException(500, "internal_error", "cannot store the request body: " + e.getMessage(), List.of()));
            return;
        }
        if (chunk instanceof LastHttpContent) {
            dispatch(ctx);
        }
    }

    private ApiException tooLarge(long size) {
        return new ApiException(413, "payload_too_large", "the request body is " + (received > limit ? "over " : "")
                + size + " bytes; this resource takes at most " + limit, List.of());
    }

    private void dispatch(ChannelHandlerContext ctx) {
        ApiRequestDraft ready = draft;
        BodySink body = sink;
        draft = null;
        sink = null;
        ctx.channel().config().setAutoRead(false);
        running = true;
        try {
            server.requestThreads().execute(() -> run(ctx, ready, body));
        } catch (RejectedExecutionException e) {
            if (body != null) {
                body.discard();
            }
            ctx.channel().config().setAutoRead(true);
            running = false;
            respond(ctx, ApiResponse.error(ApiException.serviceUnavailable("a request thread")), ready.keepAlive());
        }
    }

    private void run(ChannelHandlerContext ctx, ApiRequestDraft ready, BodySink sinkOfBody) {
        ApiResponse response;
        try (RequestBody body = sinkOfBody == null ? RequestBody.EMPTY : sinkOfBody.finish()) {
            ApiRequest request = new ApiRequest(ready.method(), ready.path(), ready.match().variables(), ready.query(),
                    ready.user(), ready.ifMatch(), body);
            response = ready.match().route().handler().handle(request);
        } catch (ApiException e) {
            response = ApiResponse.error(e);
        } catch (RuntimeException | LinkageError e) {
            // a linkage error is a platform service bundle that went away under the call: still answer
            LOG.log(Level.ERROR, "management request " + ready.method() + " " + ready.path() + " failed", e);
            response = ApiResponse.error(new ApiException(500, "internal_error", e.getClass().getSimpleName() + ": " + e.getMessage(), List.of()));
        }
        ApiResponse answer = response;
        // back on the event loop: the receiver's state is only ever touched there
        ctx.executor().execute(() -> {
            running = false;
            // without keep-alive, respond closes the connection once the answer is written
            respond(ctx, answer, ready.keepAlive() && !pipelined).addListener(f -> ctx.channel().config().setAutoRead(true));
        });
    }

    /** Answers a request refused before it ran: no keep-alive; the rest of its body is dropped. */
    private void refuse(ChannelHandlerContext ctx, ApiException e) {
        if (sink != null) {
            sink.discard();
            sink = null;
        }
        draft = null;
        boolean bodyPending = head != null && !head.decoderResult().isFailure()
                && !(head instanceof io.netty.handler.codec.http.FullHttpRequest)
                && (HttpUtil.getContentLength(head, 0L) > received || HttpUtil.isTransferEncodingChunked(head));
        discarding = true;
        refusal = respond(ctx, ApiResponse.error(e), false);
        if (!bodyPending) {
            refusal.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private io.netty.channel.ChannelFuture respond(ChannelHandlerContext ctx, ApiResponse response, boolean keepAlive) {
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()),
                Unpooled.wrappedBuffer(response.body()));
        http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        http.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        response.headers().forEach((name, value) -> http.headers().set(name, value));
        if (!keepAlive) {
            http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        io.netty.channel.ChannelFuture written = ctx.writeAndFlush(http);
        if (!keepAlive && !discarding) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
        return written;
    }

    private static Optional<X509Certificate> clientCertificate(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? Optional.of(leaf) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (sink != null) {
            sink.discard();
            sink = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.DEBUG, "management connection " + ctx.channel().remoteAddress() + " closed: " + cause.getMessage());
        ctx.close();
    }
}
