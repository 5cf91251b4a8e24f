/**
 * The {@code saml} authenticator: {@link org.gatehouse.auth.saml.SamlAuthenticator} checks a SAML
 * 2.0 assertion found by the {@code saml} credential location (an enveloped XML signature by a
 * trusted certificate over the assertion itself, its validity window, audience and issuer) and
 * takes the principal from its NameID and claims from its attributes. Encrypted assertions are not
 * supported. Internal to the bundle, not exported.
 */
package org.gatehouse.auth.saml;
