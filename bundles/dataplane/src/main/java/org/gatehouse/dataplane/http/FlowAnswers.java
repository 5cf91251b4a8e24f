package org.gatehouse.dataplane.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.gatehouse.dataplane.spi.FlowResult;
import org.gatehouse.dataplane.request.TargetNormalizer;
import org.gatehouse.dataplane.request.TargetRefusal;

/**
 * Turns a flow's result into Netty objects: the response the element answers with, or the
 * request as the flow left it. Header lines a flow hands back are checked by Netty's own
 * validation, so a step cannot smuggle CR or LF into the upstream request or the response.
 */
final class FlowAnswers {
    private FlowAnswers() {
    }

    /** The response of a {@link FlowResult.Respond}, with its Content-Length. */
    static FullHttpResponse response(ByteBufAllocator alloc, FlowResult.Respond respond) {
        checkAll(respond.headers());
        ByteBuf content = copy(alloc, respond.body());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(respond.status()), content);
        addAll(response.headers(), respond.headers());
        dropFraming(response.headers());
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return response;
    }

    /** The element's JSON error of a {@link FlowResult.Reject}, plus the headers the flow asked for. */
    static FullHttpResponse rejection(ByteBufAllocator alloc, FlowResult.Reject reject) {
        checkAll(reject.headers());
        FullHttpResponse response = ErrorResponses.json(alloc, HttpResponseStatus.valueOf(reject.status()), reject.code(), reject.message(), null);
        for (Map.Entry<String, String> line : reject.headers()) {
            String name = line.getKey();
            // the JSON body's own framing and type stay as the element made them
            if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("transfer-encoding")
                    && !name.equalsIgnoreCase("content-type")) {
                response.headers().add(name, line.getValue());
            }
        }
        return response;
    }

    /**
     * Applies a {@link FlowResult.Forward} to the request: its header list and target replace the
     * request's. The body is {@code body} when not null (read for the flow, or replaced by it),
     * which turns the request into a complete one with a Content-Length.
     */
    static HttpRequest forwarded(ByteBufAllocator alloc, HttpRequest request, FlowResult.Forward forward, ByteBuf body) {
        checkAll(forward.headers());
        HttpHeaders headers = request.headers();
        headers.clear();
        addAll(headers, forward.headers());
        request.setUri(normalized(forward.uri()));
        ByteBuf content = forward.body().map(b -> copy(alloc, b)).orElseGet(() -> body == null ? null : body.retain());
        return content == null ? request : complete(request, content);
    }

    /** A target a step set goes through the same rules as a client's: the route and upstream see it normalized. */
    private static String normalized(String uri) {
        try {
            return TargetNormalizer.originForm(uri);
        } catch (TargetRefusal refusal) {
            throw new IllegalArgumentException("a flow set the target '" + uri + "', which the element refuses: "
                    + refusal.getMessage(), refusal);
        }
    }

    /** The request head and a body read whole, as one request with a Content-Length. */
    static FullHttpRequest complete(HttpRequest request, ByteBuf content) {
        FullHttpRequest full = new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(), content,
                request.headers(), io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
        dropFraming(full.headers());
        full.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return full;
    }

    private static void addAll(HttpHeaders target, List<Map.Entry<String, String>> lines) {
        for (Map.Entry<String, String> line : lines) {
            target.add(line.getKey(), line.getValue());
        }
    }

    /**
     * Refuses a header line that would break the message it goes into (RFC 9110 section 5.5:
     * CR, LF and NUL are never valid in a field value; a name is a token).
     */
    private static void checkAll(List<Map.Entry<String, String>> lines) {
        for (Map.Entry<String, String> line : lines) {
            String name = line.getKey();
            String value = line.getValue();
            if (name == null || name.isEmpty() || !name.chars().allMatch(FlowAnswers::isTokenChar)) {
                throw new IllegalArgumentException("a flow set a header with an invalid name '" + name + "'");
            }
            if (value == null || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new IllegalArgumentException("a flow set header '" + name + "' to a value holding CR, LF or NUL");
            }
        }
    }

    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    /** The element frames what it sends itself: a flow's Content-Length or Transfer-Encoding would lie. */
    private static void dropFraming(HttpHeaders headers) {
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
    }

    private static ByteBuf copy(ByteBufAllocator alloc, ByteBuffer source) {
        ByteBuffer view = source.duplicate();
        if (!view.hasRemaining()) {
            return Unpooled.EMPTY_BUFFER;
        }
        return alloc.buffer(view.remaining()).writeBytes(view);
    }
}
