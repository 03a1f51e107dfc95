package org.citywall.app.embedded;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Brings the detection job's own counters (events, rule matches, decode outcomes, late events,
 * alerts, Elasticsearch writes, duplicates, dead letters) out of the in-process Flink MiniCluster
 * into the platform's status and metrics endpoints, summed over parallel subtasks.
 */
public final class DetectionMetrics implements MetricReporter {
    private static final DetectionMetrics INSTANCE = new DetectionMetrics();

    private final Map<String, List<Metric>> byName = new ConcurrentHashMap<>();

    /** The current figures, e.g. {@code citywall_detect.events → 12345}. */
    public static Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        INSTANCE.byName.forEach((name, metrics) -> {
            long sum = 0;
            for (Metric m : metrics) {
                if (m instanceof Counter c) {
                    sum += c.getCount();
                } else if (m instanceof Gauge<?> g && g.getValue() instanceof Number n) {
                    sum += n.longValue();
                }
            }
            out.put(name, sum);
        });
        return out;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        String key = key(metricName, group);
        if (key != null) {
            byName.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(metric);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        String key = key(metricName, group);
        if (key != null) {
            List<Metric> l = byName.get(key);
            if (l != null) {
                l.remove(metric);
            }
        }
    }

    /** {@code citywall_es.alerts.written} for a metric under the job's {@code citywall_*} groups; null for Flink's own. */
    private static String key(String metricName, MetricGroup group) {
        String[] scope = group.getScopeComponents();
        for (int i = 0; i < scope.length; i++) {
            if (scope[i].startsWith("citywall_")) {
                return String.join(".", java.util.Arrays.copyOfRange(scope, i, scope.length)) + "." + metricName;
            }
        }
        return null;
    }

    /** Named in Flink's configuration as {@code metrics.reporter.citywall.factory.class}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return INSTANCE;
        }
    }
}
