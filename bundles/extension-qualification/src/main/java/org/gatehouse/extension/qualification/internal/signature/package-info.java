/**
 * Step 5 of qualification, JAR signatures (docs/extensions.md "Install qualification"): {@link
 * org.gatehouse.extension.qualification.internal.signature.JarSignatureVerifier} verifies each signature
 * block with Bouncy Castle, has the JDK's verifying {@code JarFile} check every entry, requires
 * every entry to be covered by every signer, and asks {@link
 * org.gatehouse.extension.qualification.internal.signature.PublisherTrust} whether each signer chains to a
 * trusted publisher certificate. Revocation is not checked, and the Bouncy Castle provider is
 * passed to each call, never registered with {@code java.security.Security}. Internal to the
 * bundle, not exported.
 */
package org.gatehouse.extension.qualification.internal.signature;
