package org.gatehouse.dataplane.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import org.gatehouse.dataplane.config.Limits;
import org.gatehouse.dataplane.http.HttpProxyInitializerAccess;

/**
 * Differential fuzzing of the framing reader against Netty's decoder as the element configures
 * it: whatever the reader accepts, Netty must read as the same number of requests with the same
 * body bytes and no decoding failure; one parser reading a message the other does not is exactly
 * a smuggling gap. Runs its seed inputs ({@code src/test/resources/.../Http1FramingFuzzTestInputs})
 * in every build, and fuzzes with {@code JAZZER_FUZZ=1} (see bench/fuzz).
 */
class Http1FramingFuzzTest {
    private static final Limits LIMITS = new Limits(1024, 2048, 65536, java.time.Duration.ofSeconds(60), 16);

    @FuzzTest(maxDuration = "10m")
    void readerAndNettyReadTheSameMessages(byte[] input) {
        Http1FramingReader reader = new Http1FramingReader(LIMITS.maxInitialLineLength(), LIMITS.maxHeaderSize());
        ByteBuf bytes = Unpooled.wrappedBuffer(input);
        int refused = reader.read(bytes);
        if (reader.passedThrough()) {
            return; // an h2c upgrade: HTTP/2 follows, not for this decoder
        }
        int accepted = refused < 0 ? input.length : refused;
        HttpServerCodec codec = HttpProxyInitializerAccess.serverCodec(LIMITS);
        EmbeddedChannel netty = new EmbeddedChannel(codec);
        try {
            netty.writeInbound(Unpooled.wrappedBuffer(input, 0, accepted));
            int requests = 0;
            long bodyBytes = 0;
            Object message;
            while ((message = netty.readInbound()) != null) {
                try {
                    assertFalse(((HttpObject) message).decoderResult().isFailure(),
                            "Netty refused what the reader accepted: " + ((HttpObject) message).decoderResult());
                    requests += message instanceof HttpRequest ? 1 : 0;
                    bodyBytes += message instanceof HttpContent ? ((HttpContent) message).content().readableBytes() : 0;
                } finally {
                    ReferenceCountUtil.release(message);
                }
            }
            assertEquals(reader.heads(), requests, "requests read");
            assertEquals(reader.bodyBytes(), bodyBytes, "body bytes read");
            if (refused >= 0) {
                assertTrue(reader.violation() != null, "a refusal says why");
            }
        } finally {
            netty.finishAndReleaseAll();
        }
    }
}
