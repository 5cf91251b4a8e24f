/**
 * Requests routed to pools of channel members (docs/channels.md "In the element"): who the client
 * is (its verified certificate) and which one request a channel carries, for the channel gateway.
 */
package org.gatehouse.dataplane.channel;
