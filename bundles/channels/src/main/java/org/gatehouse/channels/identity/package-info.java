/**
 * The identity of an application instance (docs/channels.md "Channel policy"): read from the
 * client certificate it presented, its subject DN and its SPIFFE ID, checked by the SPIFFE ID
 * rules. Internal to the bundle, not exported.
 */
package org.gatehouse.channels.identity;
