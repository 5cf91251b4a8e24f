package org.gatehouse.sdk.bladelet;

import java.lang.System.Logger;
import java.nio.file.Path;
import java.time.Clock;
import org.gatehouse.sdk.http.OutboundHttp;
import org.gatehouse.sdk.json.Json;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the element gives one bladelet instance: its name, its parameters (checked against the
 * descriptor's attribute domain, defaults filled in), its own data folder, a logger, a clock,
 * counters, an outbound HTTP client and JSON. Nothing here hands out platform internals: the sandbox allows an extension its
 * data folder ({@code ${extension.data}}) and little else.
 *
 * <pre>{@code
 * public RateLimiter(BladeletContext context) {
 *     this.limit = context.parameters().integer("requests-per-second");
 *     this.rejected = context.counter("rejected");
 *     context.logger().log(System.Logger.Level.INFO, "limit {0}/s", limit);
 * }
 * }</pre>
 */
@ProviderType
public interface BladeletContext {
    /** The bladelet's name from the descriptor. */
    String bladeletName();

    /** The flow step this instance serves, such as {@code orders-api/3}; for logs. */
    String stepName();

    /** The parameters of this step, typed per the descriptor. */
    Parameters parameters();

    /** The extension's own data folder; it exists and is writable by this extension only. */
    Path dataFolder();

    /** A logger whose records carry the extension, bladelet and step names. */
    Logger logger();

    /** The clock to read time from, so tests can fix it. */
    Clock clock();

    /**
     * The counter of that name for this step, created on first use.
     *
     * @param name lower case words joined by '_', such as {@code rejected_total}
     */
    MetricCounter counter(String name);

    /**
     * The element's outbound HTTP client: a request leaves only when this extension may connect
     * to its host and port itself ({@code socket host:port connect}).
     *
     * @since 1.1
     */
    OutboundHttp http();

    /**
     * Strict, bounded JSON reading and writing.
     *
     * @since 1.1
     */
    Json json();
}
