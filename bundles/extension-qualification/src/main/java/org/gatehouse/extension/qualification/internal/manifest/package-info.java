/**
 * Steps 2 and 3 of qualification (docs/extensions.md "Install qualification"): {@link
 * org.gatehouse.extension.qualification.internal.manifest.BundleManifest} checks that the archive is an OSGi
 * bundle (manifest version 2, a valid symbolic name and version, no main-section header named
 * twice), and {@link org.gatehouse.extension.qualification.internal.manifest.ManifestVetting} lists every
 * header of that manifest asking what an extension may not have: framework-extension
 * fragments, fragments of or {@code Require-Bundle} on platform bundles, a platform symbolic name,
 * imports outside the allowed packages, exports of {@code org.gatehouse} or {@code java} packages,
 * and native code unless allowed. Internal to the bundle, not exported.
 */
package org.gatehouse.extension.qualification.internal.manifest;
