/**
 * The directory methods: the {@code ldap} authenticator
 * {@link org.gatehouse.auth.ldap.LdapAuthenticator} (a bind as the user, directly or after a
 * search) and the {@code ldap-groups} authorizer
 * {@link org.gatehouse.auth.ldap.LdapGroupsAuthorizer} (membership, following nested groups), over
 * a pooled UnboundID connection that connects on demand, with results cached for a time. A
 * directory that cannot be reached completes the method's stage exceptionally (503), never a pass.
 * Internal to the bundle, not exported.
 */
package org.gatehouse.auth.ldap;
