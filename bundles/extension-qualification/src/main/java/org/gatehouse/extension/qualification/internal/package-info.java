/**
 * The qualification pipeline behind {@code org.gatehouse.extension.qualification.InstallQualifier}
 * (docs/extensions.md "Install qualification"): {@link
 * org.gatehouse.extension.qualification.internal.QualificationPipeline} runs archive safety, the bundle
 * manifest, manifest vetting, the SHA-256 lookup in the signature database, JAR signatures and the
 * qualification rules in that order, and the first step that throws a {@link
 * org.gatehouse.extension.qualification.internal.Denial} ends the run. It installs nothing and applies no
 * conditions: that is the caller's work. Internal to the bundle, not exported; callers use the API
 * in {@code org.gatehouse.extension.qualification}.
 */
package org.gatehouse.extension.qualification.internal;
