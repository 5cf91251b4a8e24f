/**
 * Test support shared by the sample extensions: {@link org.gatehouse.sample.bundle.checks.SamplePolicyCheck}
 * merges a sample's policy under the vendor default system policy with the element's policy engine;
 * {@link org.gatehouse.sample.bundle.checks.SampleBundleCheck} checks a packaged sample as the element sees
 * it at upload and resolves it in a real Felix framework; {@link org.gatehouse.sample.bundle.checks.ManualClock}
 * lets a test move time. Test scope only; never deployed.
 */
package org.gatehouse.sample.bundle.checks;
