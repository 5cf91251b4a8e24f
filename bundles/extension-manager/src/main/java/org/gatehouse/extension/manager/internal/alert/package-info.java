/**
 * Alerts on loads that install qualification denied or admitted on conditions (docs/extensions.md
 * "Alerts"): a log line, a counter by outcome, and an optional webhook posted off the request path.
 */
package org.gatehouse.extension.manager.internal.alert;
