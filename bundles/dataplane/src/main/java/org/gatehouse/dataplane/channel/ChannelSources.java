package org.gatehouse.dataplane.channel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.gatehouse.dataplane.spi.ChannelSource;

/**
 * The {@link ChannelSource} of a request: the client certificate its listener's TLS verified (the
 * connection's, also for an HTTP/2 stream) and the request's method and normalized path.
 */
public final class ChannelSources {
    private ChannelSources() {
    }

    /** The source of {@code head}, received on {@code client}'s connection or stream. */
    public static ChannelSource of(ChannelHandlerContext client, HttpRequest head) {
        String uri = head.uri();
        int query = uri.indexOf('?');
        return new ChannelSource(clientCertificate(client.channel()), head.method().name(), query < 0 ? uri : uri.substring(0, query));
    }

    /** The verified client certificate of the connection, or null without TLS or without one. */
    static X509Certificate clientCertificate(Channel channel) {
        Channel connection = channel;
        while (connection != null) {
            SslHandler tls = connection.pipeline().get(SslHandler.class);
            if (tls != null) {
                return peerLeaf(tls);
            }
            connection = connection.parent() instanceof io.netty.channel.ServerChannel ? null : connection.parent();
        }
        return null;
    }

    private static X509Certificate peerLeaf(SslHandler tls) {
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? leaf : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // client-auth none or optional, and none presented
        }
    }
}
