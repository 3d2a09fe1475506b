package io.herald.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Malformed, mistyped, oversized and hostile requests get the right 4xx problem, store nothing and harm nothing. */
class BadInputIT extends RestTestBase {

    private static void assertProblem(RestClient.Response r, int status, String errorCode) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).isEqualTo("application/problem+json");
        JsonObject p = r.json();
        assertThat(p.getString("errorCode")).isEqualTo(errorCode);
        assertThat(p.getInteger("status")).isEqualTo(status);
        assertThat(p.getString("title")).isNotBlank();
        assertThat(p.getString("type")).isNotBlank();
    }

    private static int userCount() {
        return rest.get("/api/users?limit=1000", ADMIN).array("users").size();
    }

    @Test
    void malformedJson_400() {
        int before = userCount();
        assertProblem(rest.send("POST", "/api/users", ADMIN, "{\"username\": \"x\", ", "application/json"), 400,
                "INVALID_JSON");
        assertProblem(rest.send("POST", "/api/mqtt/messages", ADMIN, "[{]", "application/json"), 400, "INVALID_JSON");
        assertThat(userCount()).isEqualTo(before);
    }

    @Test
    void wrongTypes_missingFields_unknownFields_400() {
        int before = userCount();
        assertProblem(rest.post("/api/users", ADMIN, new JsonObject().put("username", 42).put("password", "password-1")),
                400, "INVALID_INPUT_DATA");
        assertProblem(rest.post("/api/users", ADMIN, new JsonObject().put("username", "nopassword")), 400,
                "INVALID_INPUT_DATA");
        assertProblem(rest.post("/api/users", ADMIN, new JsonObject().put("username", "extra").put("password", "password-1")
                .put("admin", true)), 400, "INVALID_INPUT_DATA");
        assertProblem(rest.post("/api/users", ADMIN, new JsonArray().add(1)), 400, "INVALID_INPUT_DATA");
        assertProblem(rest.post("/api/tokens", ADMIN, new JsonObject().put("ttl", "soon").put("acl", acl("a", "publish"))),
                400, "INVALID_INPUT_DATA");
        assertProblem(rest.post("/api/tokens", ADMIN, new JsonObject().put("acl", acl("a", "read"))), 400,
                "INVALID_INPUT_DATA");
        assertProblem(rest.post("/api/mqtt/messages", ADMIN, new JsonObject().put("topic", "a").put("qos", 3)), 400,
                "INVALID_INPUT_DATA");
        assertProblem(rest.get("/api/users?limit=abc", ADMIN), 400, "INVALID_INPUT_DATA");
        assertProblem(rest.get("/api/users?limit=0", ADMIN), 400, "INVALID_INPUT_DATA");
        assertThat(userCount()).isEqualTo(before);
    }

    @Test
    void hugeBodies_413() {
        String big = "x".repeat(70 * 1024);
        int before = userCount();
        assertProblem(rest.post("/api/users", ADMIN, new JsonObject().put("username", "huge").put("password", big)), 413,
                "BODY_TOO_LARGE");
        String bigger = "y".repeat(5 * 1024 * 1024);
        assertProblem(rest.post("/api/mqtt/messages", ADMIN, new JsonObject().put("topic", "a").put("payload", bigger)),
                413, "BODY_TOO_LARGE");
        assertThat(userCount()).isEqualTo(before);
        assertThat(rest.get("/health", null).status()).as("the server is unharmed").isEqualTo(200);
    }

    @Test
    void wrongContentType_415() {
        assertProblem(rest.send("POST", "/api/users", ADMIN, "username=x&password=y", "application/x-www-form-urlencoded"),
                415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(rest.send("POST", "/api/mqtt/messages", ADMIN, "{\"topic\":\"a\"}", "text/plain"), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(rest.send("POST", "/api/mqtt/messages", ADMIN, "{\"topic\":\"a\"}", null), 415,
                "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void sqlIshStrings_storedLiterallyOrRefusedByPattern() {
        assertProblem(rest.post("/api/users", ADMIN, new JsonObject().put("username", "x'; DROP TABLE users; --")
                .put("password", "password-1")), 400, "INVALID_INPUT_DATA");
        assertProblem(rest.get("/api/users/x'%20OR%20'1'='1", ADMIN), 404, "USER_NOT_FOUND");
        RestClient.Response token = rest.post("/api/tokens", ADMIN, new JsonObject()
                .put("info", "'); DELETE FROM tokens; --").put("acl", acl("a/'; DROP TABLE things;--", "publish")));
        assertThat(token.status()).isEqualTo(201);
        JsonObject read = rest.get("/api/tokens/" + token.json().getString("id"), ADMIN).json();
        assertThat(read.getString("info")).isEqualTo("'); DELETE FROM tokens; --");
        assertThat(read.getJsonArray("acl").getJsonObject(0).getString("topic")).isEqualTo("a/'; DROP TABLE things;--");
        assertThat(rest.get("/api/things", ADMIN).status()).isEqualTo(200);
    }

    @Test
    void invalidTopics_422_nothingPublished() {
        assertProblem(rest.post("/api/mqtt/messages", ADMIN, new JsonObject().put("topic", "a/+/b")), 422,
                "INVALID_TOPIC");
        assertProblem(rest.post("/api/mqtt/messages", ADMIN, new JsonArray().add(new JsonObject().put("topic", "ok"))
                .add(new JsonObject().put("topic", "bad/#"))), 422, "INVALID_TOPIC");
        assertProblem(rest.post("/api/mqtt/messages", ADMIN, new JsonObject().put("topic", "a")
                .put("responseTopic", "r/#")), 422, "INVALID_TOPIC");
        assertProblem(rest.post("/api/mqtt/messages", ADMIN, new JsonObject().put("topic", "")), 400,
                "INVALID_INPUT_DATA");
        assertProblem(rest.post("/api/mqtt/messages", ADMIN, new JsonObject().put("topic", "a").put("payload", "***")
                .put("encoding", "base64")), 422, "INVALID_PAYLOAD");
        assertProblem(rest.post("/api/things", ADMIN, new JsonObject().put("thingID", "a/b")), 400, "INVALID_INPUT_DATA");
        assertProblem(rest.post("/api/things", ADMIN, new JsonObject().put("acl", acl("x/#/y", "publish"))), 422,
                "INVALID_ACL");
    }

    @Test
    void unknownRoute_404_wrongMethod_405() {
        assertProblem(rest.get("/api/nothing-here", ADMIN), 404, "NOT_FOUND");
        assertProblem(rest.send("PUT", "/api/tokens", ADMIN, "{}", "application/json"), 405, "METHOD_NOT_ALLOWED");
    }
}
