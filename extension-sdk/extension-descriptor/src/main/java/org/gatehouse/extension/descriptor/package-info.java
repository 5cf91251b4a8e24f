/**
 * Reads an extension's bladelet descriptor ({@code OSGI-INF/gatehouse/bladelets.xml}) into the
 * SDK's {@link org.gatehouse.sdk.descriptor.ExtensionDescriptor}, with every problem reported as
 * {@code file [line:col] /element/path: reason}; and builds bladelet instances the way the
 * element does. Used by the element at upload and by the test kit. Not imported by extensions.
 *
 * <pre>{@code
 * ExtensionDescriptor descriptor = new BladeletDescriptorReader().readFromJar(Path.of("acme-ext.jar"));
 * }</pre>
 */
@Export
@Version("1.0.0")
package org.gatehouse.extension.descriptor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
