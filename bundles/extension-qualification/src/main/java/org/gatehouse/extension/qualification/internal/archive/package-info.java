/**
 * Step 1 of qualification, archive safety (docs/extensions.md "Install qualification"): {@link
 * org.gatehouse.extension.qualification.internal.archive.ArchiveInspector} inflates the upload entry by entry
 * from its local headers within the {@code ArchiveLimits}, stopping a zip bomb as soon as it
 * crosses a limit, refuses unsafe and duplicate entry names, and requires the names it read to be
 * exactly those of the central directory. It does not look inside class files. Internal to the
 * bundle, not exported.
 */
package org.gatehouse.extension.qualification.internal.archive;
