package org.gatehouse.dataplane.upstream;

import io.netty.channel.Channel;

/**
 * An upstream HTTP connection lent to one exchange. {@code reused} tells whether it was parked
 * before, which matters when it turns out the server closed it meanwhile.
 */
public record UpstreamLease(UpstreamPool pool, UpstreamMember member, Channel channel, boolean reused) {

    /** Gives the connection back: parked for reuse when {@code reusable}, closed otherwise. */
    public void release(boolean reusable) {
        pool.release(this, reusable);
    }
}
