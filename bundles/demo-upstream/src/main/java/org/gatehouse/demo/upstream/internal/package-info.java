/**
 * The demo upstream: an echo server so that a fresh installation shows traffic flowing. Nothing
 * here is exported: the data plane finds it as a service.
 */
package org.gatehouse.demo.upstream.internal;
