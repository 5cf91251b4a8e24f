package org.gatehouse.demo.upstream.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import org.osgi.service.component.annotations.Component;

/**
 * Pipeline of a connection to the demo upstream: HTTP/1.1 and an echo of each request. Offered to
 * the data plane as a {@link ChannelHandler} service with {@value #ROLE_PROPERTY}={@value #ROLE};
 * the data plane binds it where {@code <demo-upstream>} in {@code conf/element.xml} says
 * (bundles/dataplane/README.md, "Demo upstream"). Sharable, as every {@link ChannelInitializer} is:
 * one instance serves every accepted connection.
 *
 * <pre>{@code
 * serverBootstrap.childHandler(new DemoUpstreamInitializer());
 * }</pre>
 */
@Component(service = ChannelHandler.class, property = DemoUpstreamInitializer.ROLE_PROPERTY + "=" + DemoUpstreamInitializer.ROLE)
public final class DemoUpstreamInitializer extends ChannelInitializer<SocketChannel> {
    /** The service property the data plane selects the responder by. */
    public static final String ROLE_PROPERTY = "gatehouse.dataplane.upstream";
    /** Its value for the demo upstream. */
    public static final String ROLE = "demo";

    @Override
    protected void initChannel(SocketChannel ch) {
        // HTTP/1.1 framing with Netty's default limits
        ch.pipeline().addLast("http", new HttpServerCodec());
        // the JSON echo
        ch.pipeline().addLast("echo", new DemoUpstreamHandler());
    }
}
