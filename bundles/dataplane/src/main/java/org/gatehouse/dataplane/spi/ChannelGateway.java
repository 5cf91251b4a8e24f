package org.gatehouse.dataplane.spi;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Registered as an OSGi service by the bundle that runs channels between elements
 * (docs/channels.md "In the element"). The data plane gives it the element's {@code <channels>}
 * and channel listeners with every configuration it applies, and asks it for the connection of
 * each request routed to a pool of channel members. With no such service, channel listeners are
 * not bound and such requests are answered 503 {@code channels_unavailable}.
 *
 * <pre>{@code
 * gateway.configure(setup);                                  // with each element.xml applied
 * Future<Channel> upstream = gateway.open(loop, httpClientPipeline, target, source);
 * }</pre>
 */
@ConsumerType
public interface ChannelGateway {

    /**
     * Puts the element's channel settings in force: reads the identity files, watches the policy,
     * binds the channel listeners that are new or changed and closes those gone. Called with
     * {@link ChannelSetup#NONE} when the element has no {@code <channels>}.
     *
     * @throws Exception when a file cannot be used or a listener cannot be bound; nothing changed then
     */
    void configure(ChannelSetup setup) throws Exception;

    /**
     * A connection carrying one request's bytes to {@code target} through the peer element, for
     * {@code source}, with {@code pipeline} installed (the data plane's HTTP client handlers). Done
     * once both the ingress decision (this element's) and the channel to the peer stand; it fails
     * with a {@link ChannelRefusedException} when this element's policy denies the channel, and
     * with another exception when the peer cannot be reached. The peer's own decision arrives as
     * the channel closing before a response. The connection does not read by itself.
     */
    Future<Channel> open(EventLoop loop, ChannelHandler pipeline, ChannelTarget target, ChannelSource source);

    /** The channels open at this element now, both sides. */
    default List<ChannelView> openChannels() {
        return List.of();
    }
}
