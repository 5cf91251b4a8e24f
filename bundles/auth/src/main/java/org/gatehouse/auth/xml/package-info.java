/**
 * {@link org.gatehouse.auth.xml.SafeXml}: parses untrusted XML (SOAP bodies, SAML assertions) with
 * the JDK's own parser and DTDs refused, for the credential locations and the SAML authenticator.
 * Internal to the bundle, not exported.
 */
package org.gatehouse.auth.xml;
