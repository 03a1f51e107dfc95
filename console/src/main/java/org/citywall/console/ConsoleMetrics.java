package org.citywall.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * What the console refused, for operators: every error answer counted by its stable code and
 * status — failed log-ins ({@code invalid_credentials}), lockouts, missing sessions and CSRF
 * tokens, denied routes, malformed or oversized bodies, the audit trail refusing a request. The
 * codes are the fixed set the API documents, so the series stay few. Exposed as Prometheus text
 * by {@link ConsoleServer#scrapeMetrics()}.
 */
final class ConsoleMetrics {
    /** The request attribute through which error answers find the metrics of their server. */
    static final String ATTR = "citywall.metrics";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    ConsoleMetrics() {
        error(401, "invalid_credentials", 0); // present from the start, so a rate can be taken at once
    }

    void error(int status, String code) {
        error(status, code, 1);
    }

    private void error(int status, String code, int n) {
        Counter.builder("citywall.console.errors").description("error answers by code and status")
                .tag("code", code).tag("status", Integer.toString(status)).register(registry).increment(n);
    }

    String scrape() {
        return registry.scrape();
    }
}
