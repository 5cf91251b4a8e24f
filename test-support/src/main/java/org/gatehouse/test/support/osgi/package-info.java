/**
 * A real Felix framework for the tests of every module:
 * {@link org.gatehouse.test.support.osgi.TestFramework} starts one in a temporary storage folder,
 * installs and starts bundles and fails naming each bundle that does not resolve and the
 * requirement it misses; {@link org.gatehouse.test.support.osgi.FrameworkExtension} stops the
 * frameworks a test started; {@link org.gatehouse.test.support.osgi.BundleJars} finds the bundles
 * of the test class path (jars or a reactor module's {@code target/classes}); and
 * {@link org.gatehouse.test.support.osgi.TestBundle} writes small bundle jars. Test scope only.
 */
package org.gatehouse.test.support.osgi;
