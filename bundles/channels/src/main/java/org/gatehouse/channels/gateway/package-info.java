/**
 * Channels in the element (docs/channels.md "In the element"): the channel gateway the data plane
 * hands requests of channel members to (ingress: decide, open a channel to the peer element, carry
 * the request) and the channel listeners that take peer elements' tunnels (egress: decide again for
 * the identity the ingress asserted, carry the request to the target). Internal to the bundle.
 */
package org.gatehouse.channels.gateway;
