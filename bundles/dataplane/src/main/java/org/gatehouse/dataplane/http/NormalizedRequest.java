package org.gatehouse.dataplane.http;

import io.netty.handler.codec.http.HttpRequest;
import java.util.Objects;
import org.gatehouse.dataplane.request.RequestTarget;

/**
 * A request head whose target and Host {@link HttpRequestNormalizer} has set to their normalized
 * form, with that form: the only shape in which {@link HttpProxyHandler} starts an exchange.
 *
 * @param request the decoder's request (a full request on an HTTP/2 stream without a body), its
 *                URI the target's origin form and its Host the target's authority
 * @param target  the normalized view classification and flows read
 */
record NormalizedRequest(HttpRequest request, RequestTarget target) {

    NormalizedRequest {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(target, "target");
    }
}
