/** Route selection: most specific host, then longest path prefix, filtered by listener. */
package org.gatehouse.dataplane.routing;
