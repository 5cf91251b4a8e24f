/**
 * The {@code jwt} authenticator: {@link org.gatehouse.auth.jwt.JwtAuthenticator} checks a signed
 * JWT given as a bearer token (signature with a key from a JWK set URL or file, algorithm, issuer,
 * audience, expiry) with Nimbus, and turns its claims into the identity's claims. Unsecured tokens
 * ({@code alg: none}) are refused. Internal to the bundle, not exported.
 */
package org.gatehouse.auth.jwt;
