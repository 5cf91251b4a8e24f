/** Upstream pools: member choice, keep-alive HTTP/1.1 connections, active health checks. */
package org.gatehouse.dataplane.upstream;
