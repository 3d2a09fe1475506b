package io.herald.platform.http;

import static io.herald.platform.http.Exchange.admin;
import static io.herald.platform.http.Exchange.blocking;

import io.herald.platform.catalog.Catalog;
import io.herald.broker.Broker;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** {@code GET /health} (no bearer), {@code GET /metrics} (admin) and {@code GET /api/openapi.yaml}. */
final class OperationsRoutes {

    private static final String PROBE_TOPIC = "$SYS/herald/health";

    private final Catalog catalog;
    private final Broker broker;
    private final PrometheusMeterRegistry registry;
    private final String contract;

    OperationsRoutes(Catalog catalog, Broker broker, PrometheusMeterRegistry registry, String contract) {
        this.catalog = catalog;
        this.broker = broker;
        this.registry = registry;
        this.contract = contract;
    }

    void register(RouterBuilder builder) {
        builder.getRoute("health").addHandler(this::health);
        builder.getRoute("metrics").addHandler(this::metrics);
        builder.getRoute("getOpenApi").addHandler(rc -> rc.response()
                .putHeader("Content-Type", "application/yaml; charset=utf-8").end(contract));
    }

    private void health(RoutingContext rc) {
        blocking(rc, () -> new boolean[] {catalog.reachable(), broker.health().storeWritable() && storeAnswers()}, parts -> {
            boolean catalogUp = parts[0];
            boolean storeUp = parts[1];
            boolean up = catalogUp && storeUp;
            rc.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("status", up ? "UP" : "DOWN").put("store", storeUp ? "UP" : "DOWN")
                            .put("catalog", catalogUp ? "UP" : "DOWN").encode());
        });
    }

    /**
     * Whether the broker's store answers a read (of the retained store, the part the broker exposes);
     * blocks. A full disk does not stop reads: {@code Broker.health()} says whether it can write.
     */
    private boolean storeAnswers() {
        try {
            broker.retainedMessage(PROBE_TOPIC).toCompletableFuture().get(2, java.util.concurrent.TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void metrics(RoutingContext rc) {
        admin(rc);
        blocking(rc, registry::scrape, text -> rc.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(text));
    }
}
