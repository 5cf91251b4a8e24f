/**
 * Strict HTTP/1.1 message framing (RFC 9112) in front of Netty's decoder: a byte-level reader that
 * accepts only the unambiguous subset of the grammar, so that the element and any upstream can
 * only ever read the same messages out of a connection, and the client deadlines that close slow
 * connections. The rules are listed in the bundle's README ("HTTP/1.1 framing").
 */
package org.gatehouse.dataplane.http1;
