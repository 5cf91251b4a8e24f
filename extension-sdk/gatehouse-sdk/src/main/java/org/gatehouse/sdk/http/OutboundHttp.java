package org.gatehouse.sdk.http;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Sends one HTTP request and reads the whole answer (see the package description). Redirects are
 * not followed (a 3xx is the answer: following it would reach a host the caller never named), no
 * proxy is used, and the answer's body is bounded by {@link OutboundRequest#maxResponseBytes()}.
 */
@ProviderType
public interface OutboundHttp {
    /**
     * Sends {@code request} and returns the answer, whatever its status.
     *
     * @throws OutboundHttpException when no answer came: its {@link OutboundHttpException#reason()} says why
     * @throws SecurityException     when the calling extension may not connect to the request's host and port
     */
    OutboundResponse send(OutboundRequest request) throws OutboundHttpException;
}
