/**
 * Runs a bladelet in a unit test, without the element: the descriptor is read and checked as
 * at upload, the parameters are checked against its attribute domain, the instance is built
 * through its {@code BladeletContext} constructor, and each call runs off the test thread with
 * the step deadline.
 *
 * <pre>{@code
 * try (BladeletUnderTest step = BladeletHarness.fromClassPath().bladelet("header-rewrite")
 *         .parameter("header", "X-Env").parameter("value", "test").start()) {
 *     StepResult result = step.process(TestMessage.request("GET", "/").build());
 *     assertEquals("test", result.message().headers().first("X-Env").orElseThrow());
 * }
 * }</pre>
 */
@Export
@Version("1.0.0")
package org.gatehouse.extension.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
