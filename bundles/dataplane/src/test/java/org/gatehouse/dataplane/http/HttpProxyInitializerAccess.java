package org.gatehouse.dataplane.http;

import io.netty.handler.codec.http.HttpServerCodec;
import org.gatehouse.dataplane.config.Limits;

/** The element's own HTTP/1.1 codec, for tests in other packages that compare against it. */
public final class HttpProxyInitializerAccess {
    private HttpProxyInitializerAccess() {
    }

    public static HttpServerCodec serverCodec(Limits limits) {
        return HttpProxyInitializer.serverCodec(limits);
    }
}
