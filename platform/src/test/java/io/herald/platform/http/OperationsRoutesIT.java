package io.herald.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class OperationsRoutesIT extends RestTestBase {

    @Test
    void health_withoutBearer_up() {
        RestClient.Response r = rest.get("/health", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).isEqualTo(new JsonObject().put("status", "UP").put("store", "UP").put("catalog", "UP"));
    }

    @Test
    void metrics_prometheusText_countsRequestsByRouteAndStatus() {
        rest.get("/api/users", ADMIN);
        rest.get("/api/users/nobody", ADMIN);
        assertThat(rest.get("/metrics", null).status()).isEqualTo(401);
        RestClient.Response r = rest.get("/metrics", ADMIN);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain");
        assertThat(r.body()).contains("herald_http_requests_seconds_count{method=\"GET\",route=\"/api/users\",status=\"200\"}")
                .contains("route=\"/api/users/{userID}\",status=\"404\"");
    }

    @Test
    void openApiDocument_servedToCallersWithABearer() {
        assertThat(rest.get("/api/openapi.yaml", null).status()).isEqualTo(401);
        RestClient.Response r = rest.get("/api/openapi.yaml", ADMIN);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/yaml");
        assertThat(r.body()).startsWith("openapi: 3.1.0").contains("application/problem+json");
    }
}
