/**
 * The bundle's one Declarative Services component, {@link
 * org.gatehouse.management.component.ManagementComponent}: reads the listener's settings from
 * framework properties, opens the command journal, starts the management listener, and binds the
 * platform services the API calls, each optional and dynamic, so the API stays up without them;
 * the listener's base URL is written to {@code <data>/management.url} for the {@code gatehouse}
 * command line. It registers no service. Internal to the bundle, not exported.
 */
package org.gatehouse.management.component;
