/**
 * The slow-client deadlines of HTTP/2 connections, with the same {@code <limits>} as HTTP/1.1:
 * a header block (HEADERS and its CONTINUATION frames) must be complete within
 * {@code request-head-timeout}, a connection must bring its first request within that time, and a
 * request body the element asked for must make progress within {@code request-body-idle-timeout}.
 * The rules are listed in the bundle's README ("Slow clients").
 */
package org.gatehouse.dataplane.http2;
