/**
 * The channel policy (docs/channels.md "Channel policy"): which source application instance may
 * open a channel to which target service, decided by each element for its own side. Internal to
 * the bundle, not exported.
 */
package org.gatehouse.channels.policy;
