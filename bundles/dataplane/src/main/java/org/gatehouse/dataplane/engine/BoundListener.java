package org.gatehouse.dataplane.engine;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import org.gatehouse.dataplane.config.ListenerConfig;

/** A listener as configured and the server channel bound for it. */
record BoundListener(ListenerConfig config, Channel channel) {

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }
}
