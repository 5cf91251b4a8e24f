/**
 * Credential extraction for the {@code authenticate} step (docs/data-plane.md "Authentication and
 * authorization"): one {@link org.gatehouse.auth.credentials.CredentialExtractor} per location
 * kind (Basic, Bearer, Negotiate, client certificate, WS-Security UsernameToken, X.509 and Kerberos
 * tokens, SAML, JWT, and the user-defined
 * header, query, cookie, XPath, JSON-pointer, regex and name-value kinds), built from a message
 * type's {@code <credentials>} definitions, or the standard ones, by
 * {@link org.gatehouse.auth.credentials.CredentialExtractors}. Extractors only read credentials and
 * report a malformed location as
 * {@link org.gatehouse.auth.credentials.UnreadableCredentialsException}; they check no
 * password, ticket or certificate chain: that is the authenticators' work. The one exception is
 * proof of possession, which belongs to the location as the TLS handshake does to
 * {@code client-certificate}: {@code ws-security-x509} hands a certificate on only when the
 * envelope is signed with its key. Internal to the bundle, not exported.
 */
package org.gatehouse.auth.credentials;
