package org.gatehouse.flow.engine.spi;

import java.time.Duration;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A built-in authentication or authorization method that waits for a server (a directory, a key
 * set endpoint) and gives up after a bound of its own, then completes its stage exceptionally so
 * the step answers 503. The flow engine checks, when a flows document is validated or put in
 * force, that this bound fits the deadline of every step that names the method (docs/data-plane.md
 * "Method timeouts"): a method still waiting at the step's deadline would make a 504 of an outage.
 */
@ConsumerType
public interface BoundedWait {

    /** The longest one call waits for the method's server, retries included. */
    Duration longestWait();

    /** The parameter that sets that bound, named in the error when it does not fit. */
    String waitParameter();
}
