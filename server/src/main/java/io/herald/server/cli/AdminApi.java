package io.herald.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The REST API as the admin commands call it: JSON in and out with the bearer, each failure an
 * {@link AdminFailure} with one line and an exit code (401/403 {@link ExitCodes#UNAUTHORIZED}, 404
 * {@link ExitCodes#NOT_FOUND}, anything else {@link ExitCodes#FAILURE}). One instance per command run, used
 * by its thread only.
 */
final class AdminApi {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String bearer;

    AdminApi(URI base, String bearer) {
        this.base = base;
        this.bearer = bearer;
    }

    /** One path segment, percent-encoded ({@code a/b} → {@code a%2Fb}). */
    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    /** DELETE; the answer has no body. */
    void delete(String path) {
        send("DELETE", path, null);
    }

    private JsonNode send(String method, String path, JsonNode body) {
        URI uri = URI.create(base + path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + bearer).header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new AdminFailure(ExitCodes.FAILURE, "cannot reach " + base + ": connection refused");
        } catch (HttpTimeoutException e) {
            throw new AdminFailure(ExitCodes.FAILURE, "no answer from " + base + " within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new AdminFailure(ExitCodes.FAILURE, "cannot reach " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminFailure(ExitCodes.FAILURE, "interrupted");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body().isEmpty() ? NullNode.getInstance() : parse(response.body(), status);
        }
        throw failure(method, path, status, response.body());
    }

    private static JsonNode parse(String text, int status) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AdminFailure(ExitCodes.FAILURE, "the server answered " + status + " with a body that is not JSON");
        }
    }

    /** The problem's detail (or title) as one line, with the exit code its status maps to. */
    private static AdminFailure failure(String method, String path, int status, String body) {
        String detail = null;
        String code = null;
        try {
            JsonNode problem = JSON.readTree(body);
            detail = problem.path("detail").asText(problem.path("title").asText(null));
            code = problem.path("errorCode").asText(null);
        } catch (IOException | RuntimeException e) {
            // not a problem document: the status alone says it
        }
        String what = (code != null ? code : "HTTP " + status) + (detail != null && !detail.isBlank() ? ": " + detail : "");
        return switch (status) {
            case 401 -> new AdminFailure(ExitCodes.UNAUTHORIZED, "the token was refused (" + what + ")");
            case 403 -> new AdminFailure(ExitCodes.UNAUTHORIZED, "the token may not do this (" + what + ")");
            case 404 -> new AdminFailure(ExitCodes.NOT_FOUND, "not found: " + what);
            default -> new AdminFailure(ExitCodes.FAILURE, method + " " + path + " failed: " + what);
        };
    }
}
