package io.herald.platform.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Path;

/**
 * Counts and times HTTP requests by route (the OpenAPI path template, so ids do not explode the
 * series), method and status: {@code herald_http_requests_seconds} in Prometheus. Root handler; the
 * timer stops when the response is written. Runs on the REST event loop.
 */
final class HttpMetrics {

    private final MeterRegistry registry;
    private final OpenAPIContract contract;

    HttpMetrics(MeterRegistry registry, OpenAPIContract contract) {
        this.registry = registry;
        this.contract = contract;
    }

    void handle(RoutingContext rc) {
        long start = System.nanoTime();
        rc.addEndHandler(v -> {
            Path path = contract.findPath(rc.normalizedPath());
            String route = path != null ? path.getName() : "unmatched";
            Timer.builder("herald.http.requests").description("HTTP requests by route, method and status")
                    .tag("route", route).tag("method", rc.request().method().name())
                    .tag("status", Integer.toString(rc.response().getStatusCode()))
                    .register(registry).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        });
        rc.next();
    }
}
