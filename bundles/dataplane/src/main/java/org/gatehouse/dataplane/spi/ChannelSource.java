package org.gatehouse.dataplane.spi;

import java.security.cert.X509Certificate;

/**
 * Who a channel is for and the one request it carries: the client certificate the listener's TLS
 * verified, and the request's method and normalized path (docs/data-plane.md "One view of the
 * request"), for qualified channels that allow some commands only.
 *
 * @param certificate the verified client certificate, or null when the client presented none
 * @param method      the request's method, as sent
 * @param path        the normalized path, without the query
 */
public record ChannelSource(X509Certificate certificate, String method, String path) {
}
