package io.herald.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The web console's files at / beside the REST API, which keeps its bearer checks and problem answers. */
class ConsoleRoutesIT extends RestTestBase {

    @Test
    void root_servesTheConsolePage_withoutBearer_withSecurityHeaders() {
        RestClient.Response r = rest.get("/", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/html");
        assertThat(r.body()).contains("<title>Herald</title>").contains("console.js");
        assertThat(r.raw().headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").contains("connect-src 'self' ws: wss:"));
        assertThat(r.raw().headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void bundle_servedAsJavaScript_withMqttJsInside() {
        RestClient.Response r = rest.get("/console.js", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).contains("javascript");
        assertThat(r.body()).as("MQTT.js is bundled, not loaded from elsewhere").contains("mqttjs_").doesNotContain("https://");
        assertThat(rest.get("/console.css", null).contentType()).startsWith("text/css");
    }

    @Test
    void apiPaths_stayTheApis_unknownOnesAreProblems() {
        assertThat(rest.get("/api/users", null).status()).isEqualTo(401);
        assertThat(rest.get("/api/users", ADMIN).status()).isEqualTo(200);
        RestClient.Response missing = rest.get("/api/no-such-thing", ADMIN);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(rest.get("/health", null).contentType()).startsWith("application/json");
        assertThat(rest.get("/metrics", null).status()).isEqualTo(401);
    }

    @Test
    void unknownConsoleFile_404_andNoDirectoryListingOrTraversal() {
        assertThat(rest.get("/no-such-file.js", null).status()).isEqualTo(404);
        assertThat(rest.get("/../../../../etc/passwd", null).status()).isIn(400, 404);
        assertThat(rest.get("/%2e%2e/%2e%2e/etc/passwd", null).status()).isIn(400, 404);
    }
}
