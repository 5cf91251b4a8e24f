/** TCP listeners: byte relay to a pool member, optionally TLS-terminated. */
package org.gatehouse.dataplane.tcp;
