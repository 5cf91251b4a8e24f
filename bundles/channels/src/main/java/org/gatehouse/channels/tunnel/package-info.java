/**
 * The element-to-element tunnel (docs/channels.md "Keys and frames"): a key per channel and the
 * sealed, numbered frames that carry it. Internal to the bundle, not exported.
 */
package org.gatehouse.channels.tunnel;
