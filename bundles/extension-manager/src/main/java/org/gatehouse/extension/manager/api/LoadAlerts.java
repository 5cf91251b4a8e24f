package org.gatehouse.extension.manager.api;

/**
 * The alerts on loads that qualification denied or admitted on conditions (docs/extensions.md
 * "Alerts"), counted since the extension manager started.
 *
 * @param denied          loads denied (each one logged and, when a webhook is configured, posted)
 * @param conditional     loads admitted on conditions
 * @param webhookSent     alerts the webhook accepted (a 2xx answer)
 * @param webhookFailed   alerts the webhook did not accept after every attempt
 * @param webhookDropped  alerts not posted because the queue of alerts to post was full
 * @since 1.1
 */
public record LoadAlerts(long denied, long conditional, long webhookSent, long webhookFailed, long webhookDropped) {
    /** No alert yet. */
    public static LoadAlerts none() {
        return new LoadAlerts(0, 0, 0, 0, 0);
    }
}
