package org.gatehouse.dataplane.http;

/**
 * One answer for the {@link AccessLog}: when its request arrived, on which listener, from which
 * client address, the request line as the client sent it, the status, the response body's bytes,
 * how long the answer took, and the client's {@code Referer} and {@code User-Agent} (null when
 * absent). Values are raw; the log escapes them.
 */
public record AccessRecord(long epochMillis, String listener, String client, String method, String target, String protocol,
                           int status, long bytes, long nanos, String referer, String userAgent) {
}
