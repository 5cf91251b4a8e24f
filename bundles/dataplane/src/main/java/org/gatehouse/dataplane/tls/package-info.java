/** Server TLS contexts of listeners: PEM material, client certificates, ALPN, OpenSSL or JDK. */
package org.gatehouse.dataplane.tls;
