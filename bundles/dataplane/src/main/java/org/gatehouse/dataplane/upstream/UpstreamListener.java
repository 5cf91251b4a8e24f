package org.gatehouse.dataplane.upstream;

import io.netty.handler.codec.http.HttpObject;

/** The exchange currently using an upstream connection; called on the connection's event loop. */
public interface UpstreamListener {

    /** A decoded response part; the listener owns (and must release) it. */
    void onUpstreamMessage(HttpObject message);

    /** The connection can take more request bytes again. */
    void onUpstreamWritable();

    /** The connection closed or failed; {@code cause} is null for an orderly close. */
    void onUpstreamClosed(Throwable cause);
}
