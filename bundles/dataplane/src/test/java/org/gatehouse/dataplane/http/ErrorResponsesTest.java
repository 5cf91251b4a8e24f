package org.gatehouse.dataplane.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {
    @Test
    void oneShapeWithEscapedStrings() {
        FullHttpResponse response = ErrorResponses.json(ByteBufAllocator.DEFAULT, HttpResponseStatus.BAD_GATEWAY,
                "upstream_unavailable", "say \"hi\"\n\\", "api");
        try {
            assertEquals("{\"error\":{\"status\":502,\"code\":\"upstream_unavailable\",\"message\":\"say \\\"hi\\\"\\u000a\\\\\",\"route\":\"api\"}}",
                    response.content().toString(StandardCharsets.UTF_8));
            assertEquals("application/json", response.headers().get("content-type"));
            assertEquals(String.valueOf(response.content().readableBytes()), response.headers().get("content-length"));
        } finally {
            response.release();
        }
    }
}
