/** Audit events of the control module and where they go. */
package org.gatehouse.policy.engine.audit;
