package org.gatehouse.dataplane.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import org.gatehouse.dataplane.http2.Http2BodyDeadline;

/**
 * Pipeline of one HTTP/2 stream: the stream's frames become HTTP/1 objects so that the very same
 * {@link HttpRequestNormalizer} and {@link HttpProxyHandler} serve HTTP/1.1 and HTTP/2 exchanges.
 */
final class Http2StreamInitializer extends ChannelInitializer<Channel> {
    private final ListenerContext listener;
    private final Http2FrameCodec frames;
    /** One for all streams of the connection: it keeps no state. */
    private final HttpRequestNormalizer normalizer;

    Http2StreamInitializer(ListenerContext listener, Http2FrameCodec frames) {
        this.listener = listener;
        this.frames = frames;
        this.normalizer = new HttpRequestNormalizer(listener.scheme());
    }

    @Override
    protected void initChannel(Channel stream) {
        // request-body-idle-timeout while the proxy waits for DATA frames it asked for
        stream.pipeline().addLast("h2-body-deadline",
                new Http2BodyDeadline(frames, listener.snapshot().get().limits().requestBodyIdleTimeout()));
        // HEADERS/DATA frames <-> HttpRequest/HttpContent and HttpResponse/HttpContent
        stream.pipeline().addLast("h2-to-http1", new Http2StreamFrameToHttpObjectCodec(true));
        // times the stream's answer into the listener's histogram
        stream.pipeline().addLast("timing", new ResponseTiming(listener.traffic().timer(listener.name())));
        // the one normalized view of the request head, :authority and Host checked against each other
        stream.pipeline().addLast("normalize", normalizer);
        // the same proxy as for HTTP/1.1, one exchange per stream
        stream.pipeline().addLast("proxy", new HttpProxyHandler(listener));
    }
}
