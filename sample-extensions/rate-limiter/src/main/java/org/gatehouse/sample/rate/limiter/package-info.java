/**
 * The rate-limiter sample: {@link org.gatehouse.sample.rate.limiter.RateLimiterStep}, a flow step with
 * a token bucket per client address, header value or principal, and bounded memory.
 * Private to the bundle: nothing here is exported.
 */
package org.gatehouse.sample.rate.limiter;
