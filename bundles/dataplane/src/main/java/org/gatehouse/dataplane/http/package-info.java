/** HTTP listeners: HTTP/1.1, h2c and TLS with ALPN, all feeding one streaming proxy handler. */
package org.gatehouse.dataplane.http;
