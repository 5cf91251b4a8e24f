/**
 * The message a step sees (an immutable view: method, target, headers, attributes, identity,
 * peer and TLS facts, and the body when the step declared it needs it) and the changes a step
 * asks for ({@link org.gatehouse.sdk.message.MessageChanges}); the engine applies them between
 * steps, so no step ever holds a mutable platform object.
 *
 * <pre>{@code
 * String env = message.headers().first("X-Env").orElse("prod");
 * MessageChanges changes = MessageChanges.builder().setHeader("X-Env", env.toLowerCase()).build();
 * }</pre>
 */
@Export
@Version("1.0.0")
package org.gatehouse.sdk.message;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
