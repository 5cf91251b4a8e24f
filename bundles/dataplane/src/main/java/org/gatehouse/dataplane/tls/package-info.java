/**
 * TLS of the element: server contexts of listeners (PEM material, client certificates, ALPN),
 * client contexts towards upstream pools (trusted CAs, server name checks, client certificates,
 * session reuse), and the provider choice both share (OpenSSL or the JDK).
 */
package org.gatehouse.dataplane.tls;
