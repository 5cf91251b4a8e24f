/**
 * {@code GET /metrics} (docs/management.md "Metrics"): {@link
 * org.gatehouse.management.metrics.ElementMetrics} and {@link
 * org.gatehouse.management.metrics.JvmMetrics} read the platform services' counters and the JVM's
 * MXBeans at scrape time, keeping nothing themselves, and {@link
 * org.gatehouse.management.metrics.PrometheusText} writes them in the Prometheus text exposition
 * format 0.0.4. Internal to the bundle, not exported.
 */
package org.gatehouse.management.metrics;
