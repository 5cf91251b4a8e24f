package org.gatehouse.dataplane.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.gatehouse.dataplane.spi.RequestHead;
import org.gatehouse.dataplane.request.RequestTarget;

/**
 * A request head as the message processor sees it, read straight from Netty's request (no
 * copy until {@link #headerList()}), whose target and Host the proxy has already set to the
 * normalized {@link RequestTarget}. For an HTTP/2 stream the connection facts (addresses, TLS)
 * come from the parent channel. The client has gone when the request's own channel (the
 * connection, or the HTTP/2 stream) closes; the proxy stops listening for that when the flow ends,
 * so a keep-alive connection does not gather a listener per request.
 */
final class NettyRequestHead implements RequestHead {
    private final String listener;
    private final String scheme;
    private final HttpRequest request;
    private final Channel connection;
    private final boolean http2;
    private final RequestTarget target;
    private final Channel channel;
    private Instant receivedAt;
    /** The flow's listeners on the request channel's close, until the flow ends; guarded by this. */
    private List<ChannelFutureListener> gone;
    private boolean flowEnded;

    NettyRequestHead(ListenerContext listener, HttpRequest request, RequestTarget target, Channel channel, boolean http2) {
        this.listener = listener.name();
        this.scheme = listener.scheme();
        this.request = request;
        this.target = target;
        this.channel = channel;
        this.connection = http2 ? channel.parent() : channel;
        this.http2 = http2;
    }

    @Override
    public String listener() {
        return listener;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public String protocol() {
        return http2 ? "HTTP/2.0" : request.protocolVersion().text();
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String uri() {
        return request.uri();
    }

    @Override
    public String path() {
        return target.path();
    }

    @Override
    public String query() {
        return target.query();
    }

    @Override
    public String authority() {
        return target.authority();
    }

    @Override
    public String header(String name) {
        return request.headers().get(name);
    }

    @Override
    public List<String> headerValues(String name) {
        return request.headers().getAll(name);
    }

    @Override
    public List<Map.Entry<String, String>> headerList() {
        return new ArrayList<>(request.headers().entries());
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return inet(connection.remoteAddress());
    }

    @Override
    public InetSocketAddress localAddress() {
        return inet(connection.localAddress());
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        SslHandler tls = connection.pipeline().get(SslHandler.class);
        return tls == null ? Optional.empty() : Optional.of(tls.engine().getSession());
    }

    /**
     * Stamps the arrival time once a message type claims the request: a request on the fast path
     * never reads the clock for it.
     */
    void claimed() {
        receivedAt = Instant.now();
    }

    @Override
    public Instant receivedAt() {
        return receivedAt;
    }

    @Override
    public boolean hasBody() {
        return HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
    }

    @Override
    public void onClientGone(Runnable action) {
        ChannelFutureListener listener = f -> action.run();
        synchronized (this) {
            if (flowEnded) {
                return;
            }
            if (gone == null) {
                gone = new ArrayList<>(1);
            }
            gone.add(listener);
            // under the lock, so the flow's end cannot remove it before it is added
            channel.closeFuture().addListener(listener);
        }
    }

    /** The flow's stage completed: a close from now on is no longer the flow's business. */
    void flowEnded() {
        List<ChannelFutureListener> listeners;
        synchronized (this) {
            flowEnded = true;
            listeners = gone;
            gone = null;
        }
        if (listeners != null) {
            listeners.forEach(channel.closeFuture()::removeListener);
        }
    }

    private static InetSocketAddress inet(SocketAddress address) {
        return address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
    }
}
