/**
 * JSON documents as immutable values, read and written by the element
 * ({@link org.gatehouse.sdk.bladelet.BladeletContext#json()}): strict RFC 8259 text only (one
 * value, no comments, no duplicate member names, no trailing content), with bounded nesting and
 * sizes, so a bladelet never parses an answer by hand (docs/extensions.md "Services the element
 * offers").
 *
 * <pre>{@code
 * JsonValue doc = context.json().read(answer.body());
 * boolean active = doc instanceof JsonObject o && o.bool("active").orElse(false);
 * String text = context.json().write(JsonObject.of(Map.of("token", new JsonString(token))));
 * }</pre>
 */
@Export
@Version("1.0.0")
package org.gatehouse.sdk.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
