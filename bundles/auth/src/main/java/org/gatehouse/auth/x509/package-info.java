/**
 * The {@code x509} authenticator: {@link org.gatehouse.auth.x509.X509Authenticator} validates a TLS
 * client's certificate chain (PKIX, with Bouncy Castle's validator) to configured trust anchors,
 * with revocation against CRL files when they are set (no OCSP), and reads the principal from the
 * certificate. {@link org.gatehouse.auth.x509.PemFiles} reads certificates and CRLs, also for the
 * SAML authenticator. Internal to the bundle, not exported.
 */
package org.gatehouse.auth.x509;
