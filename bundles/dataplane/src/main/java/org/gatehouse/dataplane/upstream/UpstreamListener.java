package org.gatehouse.dataplane.upstream;

import io.netty.handler.codec.http.HttpObject;

/** The exchange currently using an upstream connection; called on the connection's event loop. */
public interface UpstreamListener {

    /** A decoded response part; the listener owns (and must release) it. */
    void onUpstreamMessage(HttpObject message);

    /**
     * The connection has no more bytes to hand over for now (Netty's {@code channelReadComplete}):
     * the moment to flush what the last messages wrote to the client, one flush per read.
     */
    void onUpstreamReadComplete();

    /** The connection can take more request bytes again. */
    void onUpstreamWritable();

    /** The connection closed or failed; {@code cause} is null for an orderly close. */
    void onUpstreamClosed(Throwable cause);
}
