/**
 * The process's one log stream: {@link org.gatehouse.runtime.logging.LoggingSetup} configures
 * {@code java.util.logging} to write logfmt lines ({@link
 * org.gatehouse.runtime.logging.LogfmtFormatter}) to standard output and to the rotating {@code
 * gatehouse.log} files ({@link org.gatehouse.runtime.logging.RotatingFileHandler}), and {@link
 * org.gatehouse.runtime.logging.FelixLogBridge} sends Felix's own messages there too. Changing or
 * closing these handlers needs {@code runtime loggingControl}, so an extension cannot silence the
 * log through them. The OSGi log arrives through the platform-logging bundle, not this package.
 */
package org.gatehouse.runtime.logging;
