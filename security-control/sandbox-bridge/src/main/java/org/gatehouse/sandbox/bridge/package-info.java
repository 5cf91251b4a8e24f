/**
 * The sandbox bridge: the denial exception, the decider interface the policy engine implements,
 * and the static entry every instrumented sensitive operation calls. This package has no
 * dependencies and lives on the boot class path.
 */
package org.gatehouse.sandbox.bridge;
