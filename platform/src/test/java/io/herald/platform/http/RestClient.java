package io.herald.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A blocking HTTP client for the REST tests (java.net.http on 127.0.0.1). */
final class RestClient {

    /** A response: status, content type and body text. */
    record Response(int status, String contentType, String body, HttpResponse<String> raw) {

        JsonObject json() {
            return new JsonObject(body);
        }

        String errorCode() {
            return json().getString("errorCode");
        }

        JsonArray array(String field) {
            return json().getJsonArray(field);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    RestClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Response get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    Response delete(String path, String token) {
        return send("DELETE", path, token, null, null);
    }

    Response post(String path, String token, Object body) {
        return send("POST", path, token, body == null ? null : body.toString(), "application/json");
    }

    Response put(String path, String token, Object body) {
        return send("PUT", path, token, body.toString(), "application/json");
    }

    Response patch(String path, String token, Object body) {
        return send("PATCH", path, token, body.toString(), "application/json");
    }

    /** A JSON request with the whole Authorization header given. */
    Response sendAuthorized(String method, String path, String authorization, String body) {
        return send(method, path, null, body, "application/json", authorization);
    }

    Response send(String method, String path, String token, String body, String contentType) {
        return send(method, path, token, body, contentType, null);
    }

    private Response send(String method, String path, String token, String body, String contentType,
            String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
