package org.gatehouse.management.metrics;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import org.gatehouse.management.metrics.PrometheusText.MetricType;

/**
 * The JVM's basics from its platform MXBeans: heap, threads, garbage collections and uptime.
 * Read at scrape time; each read is a snapshot the JVM keeps anyway.
 */
public final class JvmMetrics {
    private static final double MILLIS_PER_SECOND = 1e3;

    private JvmMetrics() {
    }

    public static void write(PrometheusText text) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        text.family("gatehouse_jvm_heap_used_bytes", MetricType.GAUGE, "Heap in use.").sample(heap.getUsed());
        text.family("gatehouse_jvm_heap_committed_bytes", MetricType.GAUGE, "Heap the JVM has from the operating system.")
                .sample(heap.getCommitted());
        if (heap.getMax() >= 0) { // -1 when the JVM sets no maximum
            text.family("gatehouse_jvm_heap_max_bytes", MetricType.GAUGE, "Most heap the JVM may use.").sample(heap.getMax());
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        text.family("gatehouse_jvm_threads", MetricType.GAUGE, "Live threads, daemon or not.").sample(threads.getThreadCount());
        text.family("gatehouse_jvm_threads_daemon", MetricType.GAUGE, "Live daemon threads.").sample(threads.getDaemonThreadCount());
        text.family("gatehouse_jvm_threads_peak", MetricType.GAUGE, "Most live threads at once since the JVM started.")
                .sample(threads.getPeakThreadCount());
        garbageCollection(text);
        text.family("gatehouse_jvm_uptime_seconds", MetricType.GAUGE, "Time since the JVM started.")
                .sample(ManagementFactory.getRuntimeMXBean().getUptime() / MILLIS_PER_SECOND);
    }

    private static void garbageCollection(PrometheusText text) {
        var collectors = ManagementFactory.getGarbageCollectorMXBeans();
        text.family("gatehouse_jvm_gc_collections_total", MetricType.COUNTER, "Collections per garbage collector.");
        for (GarbageCollectorMXBean gc : collectors) {
            if (gc.getCollectionCount() >= 0) { // -1 when a collector does not count
                text.sample(Map.of("gc", gc.getName()), gc.getCollectionCount());
            }
        }
        text.family("gatehouse_jvm_gc_seconds_total", MetricType.COUNTER, "Time spent collecting per garbage collector.");
        for (GarbageCollectorMXBean gc : collectors) {
            if (gc.getCollectionTime() >= 0) {
                text.sample(Map.of("gc", gc.getName()), gc.getCollectionTime() / MILLIS_PER_SECOND);
            }
        }
    }
}
