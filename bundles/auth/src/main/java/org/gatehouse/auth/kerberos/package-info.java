/**
 * The {@code kerberos} authenticator: {@link org.gatehouse.auth.kerberos.SpnegoAuthenticator}
 * accepts SPNEGO or raw Kerberos tokens with the JDK's GSS-API, using the service principal's keys
 * from a keytab. Only the one-leg exchange is supported (no multi-leg negotiation, no mutual
 * authentication token), and the acceptor never contacts the KDC. Internal to the bundle, not
 * exported.
 */
package org.gatehouse.auth.kerberos;
