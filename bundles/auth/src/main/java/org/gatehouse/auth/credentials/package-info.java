/**
 * Credential extraction for the {@code authenticate} step (docs/data-plane.md "Authentication and
 * authorization"): one {@link org.gatehouse.auth.credentials.CredentialExtractor} per location
 * kind (Basic, Bearer, Negotiate, client certificate, WS-Security, SAML, JWT, and the user-defined
 * header, query, cookie, XPath, JSON-pointer, regex and name-value kinds), built from a message
 * type's {@code <credentials>} definitions, or the standard ones, by
 * {@link org.gatehouse.auth.credentials.CredentialExtractors}. Extractors only read credentials and
 * report a malformed location as
 * {@link org.gatehouse.auth.credentials.UnreadableCredentialsException}; they check no
 * signature or password: that is the authenticators' work. Internal to the bundle, not exported.
 */
package org.gatehouse.auth.credentials;
