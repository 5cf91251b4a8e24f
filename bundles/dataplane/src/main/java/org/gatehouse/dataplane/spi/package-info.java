/**
 * How the data plane hands a request to the message processor (the flow engine) and takes its
 * answer back. Only platform bundles implement it; a request that no message type claims never
 * reaches it beyond {@link MessageProcessor#classify}; and how it hands the requests of pools of
 * channel members, and the tunnels of channel listeners, to the channel gateway
 * ({@link ChannelGateway}, docs/channels.md "In the element").
 */
@Export
@Version("1.3.0")
package org.gatehouse.dataplane.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
