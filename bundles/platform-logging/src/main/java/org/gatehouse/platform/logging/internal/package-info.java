/**
 * Forwards the OSGi Log Service's entries into {@code java.util.logging} through
 * {@link java.lang.System.Logger}. Nothing here is exported: the bundle offers no API.
 */
package org.gatehouse.platform.logging.internal;
