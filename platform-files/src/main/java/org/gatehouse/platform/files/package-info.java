/**
 * Files the element owns on disk (docs/architecture.md "Files on disk"): {@link
 * org.gatehouse.platform.files.AtomicFile} replaces one so that a crash leaves the old content or the new,
 * {@link org.gatehouse.platform.files.FileWatch} sees every change of one by its content, {@link
 * org.gatehouse.platform.files.InForceLedger} keeps the content in force of each security-relevant file of
 * the conf folder, so that an edit by hand is not in force until a person confirms it, and {@link
 * org.gatehouse.platform.files.PrivateFolder} makes or checks a folder only the element's account may change.
 *
 * <pre>{@code
 * AtomicFile.replace(conf.resolve("flows.xml"), document);
 * FileWatch.ofFile(conf.resolve("flows.xml"), MAX_BYTES, content -> apply(content))
 *         .start(Duration.ofSeconds(1), "gatehouse-flows-watch");
 * }</pre>
 */
@Export
@Version("1.2.0")
package org.gatehouse.platform.files;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
