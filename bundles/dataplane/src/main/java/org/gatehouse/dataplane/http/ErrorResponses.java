package org.gatehouse.dataplane.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The one shape of every answer the element gives itself:
 * {@code {"error":{"status":502,"code":"upstream_unavailable","message":"...","route":"api"}}},
 * served as {@code application/json}. {@code route} is null when no route was chosen.
 */
public final class ErrorResponses {
    private ErrorResponses() {
    }

    /** A complete response with the JSON body and its Content-Length. */
    public static FullHttpResponse json(ByteBufAllocator alloc, HttpResponseStatus status, String code, String message, String route) {
        byte[] body = body(status.code(), code, message, route).getBytes(StandardCharsets.UTF_8);
        ByteBuf content = alloc.buffer(body.length).writeBytes(body);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    /** The JSON text of an error body. */
    public static String body(int status, String code, String message, String route) {
        return "{\"error\":{\"status\":" + status
                + ",\"code\":" + quote(code)
                + ",\"message\":" + quote(message)
                + ",\"route\":" + (route == null ? "null" : quote(route)) + "}}";
    }

    /** A JSON string literal (RFC 8259 section 7). */
    static String quote(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
