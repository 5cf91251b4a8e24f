/**
 * The management listener (docs/management.md "The listener"): {@link
 * org.gatehouse.management.server.ManagementServer} serves HTTP/1.1 with Netty on its own port,
 * separate from the data plane, with TLS when a key store is configured ({@link
 * org.gatehouse.management.server.ManagementSettings}). Each request is authenticated, routed and
 * role-checked at its head, before its body is streamed to a file under the upload folder, and
 * runs on the request threads, not the event loop. Internal to the bundle, not exported.
 */
package org.gatehouse.management.server;
