/**
 * The api-key-auth sample: {@link org.gatehouse.sample.api.key.auth.ApiKeyAuthenticator}, an
 * authenticator of API keys listed as SHA-256 digests in a file of the extension's data folder.
 * Private to the bundle: nothing here is exported.
 */
package org.gatehouse.sample.api.key.auth;
