package io.herald.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.client.PlatformException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * JSON over HTTP to the Herald REST API: one request, its bearer token, and the answer as a tree or
 * the server's problem document as a {@link PlatformException}. Thread-safe: the token is read per
 * request; {@link HttpClient} is shared.
 */
public final class RestCalls {

    /** An answer: the status, a header the caller may need ({@code Retry-After}, {@code X-MQTT-TTL}), the body. */
    public record Answer(int status, HttpResponse<byte[]> response, JsonNode body) {

        public Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;

    public RestCalls(HttpClient http, URI base, Duration timeout) {
        this.http = http;
        this.base = base;
        this.timeout = timeout;
    }

    public static ObjectMapper json() {
        return JSON;
    }

    /**
     * Sends {@code method path} with {@code body} (null for none) and the bearer {@code token} (null for
     * none). Completes with the answer for 2xx; exceptionally with a {@link PlatformException} carrying
     * the status and errorCode otherwise, or status 0 when the server was not reached.
     */
    public CompletableFuture<Answer> call(String method, String path, Object body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Accept", "application/json");
        try {
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("cannot write the request body", e));
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, e) -> {
                    if (e != null) {
                        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                        throw new PlatformException(0, PlatformException.UNREACHABLE,
                                method + " " + path + ": " + cause, cause);
                    }
                    JsonNode tree = parse(response.body());
                    if (response.statusCode() / 100 != 2) {
                        throw problem(method, path, response.statusCode(), tree);
                    }
                    return new Answer(response.statusCode(), response, tree);
                });
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.nullNode();
        }
    }

    private static PlatformException problem(String method, String path, int status, JsonNode tree) {
        String code = tree.path("errorCode").asText("HTTP_" + status);
        String detail = tree.hasNonNull("detail") ? tree.get("detail").asText()
                : tree.hasNonNull("message") ? tree.get("message").asText() : tree.path("title").asText("");
        return new PlatformException(status, code, method + " " + path + " → " + status + " " + code
                + (detail.isEmpty() ? "" : ": " + detail), null);
    }
}
