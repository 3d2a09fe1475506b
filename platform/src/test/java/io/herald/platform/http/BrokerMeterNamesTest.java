package io.herald.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.BrokerMetrics;
import io.herald.broker.BrokerMetrics.DropReason;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * The broker's per-message counters under the names {@code /metrics} shows and the console reads
 * (web/src/js/admin/broker.js): Prometheus counters {@code herald_messages_received_total},
 * {@code herald_messages_sent_total} and {@code herald_messages_dropped_total{reason}}.
 */
class BrokerMeterNamesTest {

    @Test
    void perMessageCounters_scrapedAsPrometheusCountersUnderTheConsolesNames() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        BrokerMetrics metrics = new BrokerMetrics(registry);
        metrics.received();
        metrics.sent();
        metrics.sent();
        metrics.dropped(DropReason.QUEUE_FULL);

        assertThat(registry.scrape())
                .contains("# TYPE herald_messages_received_total counter")
                .contains("herald_messages_received_total 1.0")
                .contains("herald_messages_sent_total 2.0")
                .contains("herald_messages_dropped_total{reason=\"queue_full\"} 1.0")
                .contains("herald_messages_dropped_total{reason=\"expired\"} 0.0");
    }
}
