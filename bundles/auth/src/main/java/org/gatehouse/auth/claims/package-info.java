/**
 * The {@code claims} authorizer: {@link org.gatehouse.auth.claims.ClaimsAuthorizer} permits an
 * identity whose claims or attributes hold required {@code name=value} pairs (the name
 * {@code groups} also matches its groups). Built by the flow engine from the bundle's
 * {@code bladelets.xml}; internal to the bundle, not exported.
 */
package org.gatehouse.auth.claims;
