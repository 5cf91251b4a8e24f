/**
 * The token-service-auth sample: {@link org.gatehouse.sample.token.service.auth.TokenServiceAuthenticator},
 * an authenticator that asks an external token service (RFC 7662 introspection over HTTP) whether a
 * bearer token is good, and caches positive answers. Private to the bundle: nothing here is exported.
 */
package org.gatehouse.sample.token.service.auth;
