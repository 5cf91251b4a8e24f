/**
 * The bundle's built-in steps (docs/data-plane.md "Authentication and authorization"), each
 * registered as a {@code PlatformStepFactory} service by Declarative Services:
 * {@link org.gatehouse.auth.step.AuthenticateStepFactory} ({@code authenticate}),
 * {@link org.gatehouse.auth.step.AuthorizeStepFactory} ({@code authorize}) and
 * {@link org.gatehouse.auth.step.IdentityAssertionStepFactory} ({@code identity-assertion}). The
 * authenticate and authorize steps answer 401, 403 or 503 in place of forwarding, with fixed
 * bodies: reasons go to the log, never to the client. The steps do not audit, and they get their
 * methods from the flow engine through {@code StepResources}. Internal to the bundle, not exported.
 */
package org.gatehouse.auth.step;
