/**
 * The control module's API, and all of it the rest of the platform may use: the services
 * {@link org.gatehouse.policy.engine.api.PolicyService} (which bundle or class loader is an extension,
 * the policy in force, previews, narrowing, the one audit record) and
 * {@link org.gatehouse.policy.engine.api.ExtensionInstaller}, the immutable records they return, and the
 * audit event shape. Every other package of the bundle is internal and not exported.
 */
@Export
@Version("2.2.0")
package org.gatehouse.policy.engine.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
