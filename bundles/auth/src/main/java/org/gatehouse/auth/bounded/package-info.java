/**
 * Calls to a method's server (a directory, a key set endpoint) bounded by the method's own
 * timeout, so that a server that accepts and never answers is an outage (503) well inside the step's
 * deadline, never a step timeout (504).
 */
package org.gatehouse.auth.bounded;
