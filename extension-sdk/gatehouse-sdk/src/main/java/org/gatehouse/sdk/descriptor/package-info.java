/**
 * The bladelet descriptor model ({@code OSGI-INF/gatehouse/bladelets.xml}, schema
 * {@code urn:gatehouse:bladelet-descriptor:1}): each bladelet's name, kind, class, body access
 * and parameters with their attribute domain; and the {@link org.gatehouse.sdk.descriptor.ParameterValidator}
 * that the element (at upload and when a flow is loaded) and the test kit both use, so a unit
 * test fails exactly where the element would.
 *
 * <pre>{@code
 * Parameters parameters = ParameterValidator.validate(descriptor.requireBladelet("header-rewrite"),
 *         Map.of("header", "X-Env", "value", "test"));
 * }</pre>
 */
@Export
@Version("1.0.0")
package org.gatehouse.sdk.descriptor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
