package io.herald.bench.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class DeviceLoadResultsTest {

    @Test
    void commandResult_printsPercentilesInMs_achievedRate_andFailuresByOutcome() {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 100; i++) {
            h.recordValue(i * 10L); // 0.01 .. 1 ms, exact in the histogram
        }
        CommandResult r = new CommandResult(1000, 500, h, 103, 100, Map.of("HTTP 504", 2L, "HttpTimeoutException", 1L),
                Duration.ofSeconds(2));
        assertThat(r.achievedRate()).isEqualTo(50.0);
        assertThat(r.failed()).isEqualTo(3);
        assertThat(r.format())
                .contains("103 sent to 1000 things at 500/s, 100 answered 200 in 2.0 s (achieved 50.0/s), 3 failed")
                .contains("p50 0.50  p90 0.90  p99 0.99  max 1.00")
                .contains("failures: HTTP 504=2 HttpTimeoutException=1");
    }

    @Test
    void commandOutcome_200IsSuccess_elseStatusOrTheUnwrappedError() {
        assertThat(CommandResult.outcome(200, null)).isNull();
        assertThat(CommandResult.outcome(409, null)).isEqualTo("HTTP 409");
        assertThat(CommandResult.outcome(0, new CompletionException(new HttpTimeoutException("late"))))
                .isEqualTo("HttpTimeoutException");
    }

    @Test
    void reportResult_ratesCountWholeReports() {
        ReportResult r = new ReportResult(50, 1, 20_000, 3, Duration.ofSeconds(4), 80_000, Duration.ofSeconds(5), 50, 1);
        assertThat(r.ackedRate()).isEqualTo(5000.0);
        assertThat(r.storedRate()).isEqualTo(4000.0);
        assertThat(r.format()).contains("20000 acknowledged in 4.0 s (5000/s), 3 refused")
                .contains("80000 values = 20000 reports, backlog empty after 5.0 s (4000 reports/s stored)")
                .contains("50 things read back, 1 mismatched");
    }

    @Test
    void prometheus_sumsEveryLabelSet_orOneWhenNamed_andIgnoresLongerNames() {
        String m = """
                # HELP herald_device_reports_total property reports accepted
                herald_device_reports_total{result="accepted"} 12.0
                herald_device_reports_total{result="refused"} 3.0
                herald_device_reports_total_extra 100.0
                herald_device_property_writer_backlog 7.0
                """;
        assertThat(Prometheus.value(m, "herald_device_reports_total")).isEqualTo(15.0);
        assertThat(Prometheus.value(m, "herald_device_reports_total{result=\"accepted\"}")).isEqualTo(12.0);
        assertThat(Prometheus.value(m, "herald_device_property_writer_backlog")).isEqualTo(7.0);
        assertThat(Prometheus.value(m, "herald_absent")).isZero();
    }

    @Test
    void reportPayload_isSeed004sSmokeDetector_withTheReportNumberAsTemperature() throws Exception {
        var json = new ObjectMapper().readTree(new String(PropertyPayload.smokeDetector(42), StandardCharsets.UTF_8));
        var service = json.path("services").get(0);
        assertThat(service.path("service_id").asText()).isEqualTo("smokeDetector");
        assertThat(service.path("properties").size()).isEqualTo(PropertyPayload.VALUES);
        assertThat(service.path("properties").path("temperature").asLong()).isEqualTo(42);
        var latest = new ObjectMapper().readTree("""
                {"thingID":"t","services":[{"service_id":"other","properties":{"temperature":{"value":1}}},
                 {"service_id":"smokeDetector","properties":{"temperature":{"value":42,"event_time":"x"}}}]}""");
        assertThat(ReportLoad.latestTemperature(latest)).isEqualTo(42);
        assertThat(ReportLoad.latestTemperature(new ObjectMapper().readTree("{\"services\":[]}"))).isEqualTo(-1);
    }
}
