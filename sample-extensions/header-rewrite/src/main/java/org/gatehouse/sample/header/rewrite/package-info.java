/**
 * The header-rewrite sample: {@link org.gatehouse.sample.header.rewrite.HeaderRewriteStep}, a flow
 * step that removes and renames request headers and sets headers from the authenticated identity.
 * Private to the bundle: nothing here is exported.
 */
package org.gatehouse.sample.header.rewrite;
