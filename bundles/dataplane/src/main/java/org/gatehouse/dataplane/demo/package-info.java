/** The built-in demo upstream: an echo server so a fresh installation shows traffic flowing. */
package org.gatehouse.dataplane.demo;
