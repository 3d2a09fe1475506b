package io.herald.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenRoutesIT extends RestTestBase {

    @Test
    void createGetListPatchRegenerateDelete() {
        RestClient.Response created = rest.post("/api/tokens", ADMIN, new JsonObject().put("info", "user1 - project/group/user1")
                .put("ttl", 31_536_000).put("acl", acl("project/group/user1", "subscribe")));
        assertThat(created.status()).isEqualTo(201);
        JsonObject t = created.json();
        String id = t.getString("id");
        assertThat(t.getString("token")).hasSize(43);
        assertThat(t.getLong("ttl")).isEqualTo(31_536_000);
        assertThat(t.getLong("expires")).isBetween(Instant.now().getEpochSecond() + 31_535_000,
                Instant.now().getEpochSecond() + 31_537_000);
        assertThat(t.getBoolean("admin")).isFalse();

        JsonObject read = rest.get("/api/tokens/" + id, ADMIN).json();
        assertThat(read.containsKey("token")).as("the token is shown once").isFalse();
        assertThat(read.getJsonArray("acl")).isEqualTo(acl("project/group/user1", "subscribe"));
        assertThat(rest.get("/api/tokens", ADMIN).array("tokens").stream().map(o -> ((JsonObject) o).getString("id")))
                .contains(id);

        RestClient.Response patched = rest.patch("/api/tokens/" + id, ADMIN, new JsonObject().put("info", "changed")
                .put("acl", acl("project/#", "subscribe", "publish")));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().getString("info")).isEqualTo("changed");
        assertThat(patched.json().getJsonArray("acl")).isEqualTo(acl("project/#", "publish", "subscribe"));
        assertThat(patched.json().getLong("ttl")).as("unchanged").isEqualTo(31_536_000);

        RestClient.Response regenerated = rest.post("/api/tokens/" + id + "/regenerate", ADMIN, null);
        assertThat(regenerated.status()).isEqualTo(200);
        assertThat(regenerated.json().getString("token")).isNotEqualTo(t.getString("token"));

        assertThat(rest.delete("/api/tokens/" + id, ADMIN).status()).isEqualTo(204);
        assertThat(rest.get("/api/tokens/" + id, ADMIN).errorCode()).isEqualTo("TOKEN_NOT_FOUND");
        assertThat(rest.delete("/api/tokens/" + id, ADMIN).errorCode()).isEqualTo("TOKEN_NOT_FOUND");
        assertThat(rest.patch("/api/tokens/" + id, ADMIN, new JsonObject().put("info", "x")).status()).isEqualTo(404);
        assertThat(rest.post("/api/tokens/" + id + "/regenerate", ADMIN, null).status()).isEqualTo(404);
    }

    @Test
    void tokenWithoutAcl_refusedUnlessAdmin() {
        RestClient.Response refused = rest.post("/api/tokens", ADMIN, new JsonObject().put("info", "no acl"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errorCode()).isEqualTo("INVALID_ACL");
        RestClient.Response admin = rest.post("/api/tokens", ADMIN, new JsonObject().put("admin", true));
        assertThat(admin.status()).isEqualTo(201);
        String adminToken = admin.json().getString("token");
        assertThat(rest.get("/api/tokens", adminToken).status()).as("an admin token is an admin").isEqualTo(200);
    }

    @Test
    void ttlAndExpiresTogether_orExpiresInThePast_422() {
        long future = Instant.now().getEpochSecond() + 3600;
        assertThat(rest.post("/api/tokens", ADMIN, new JsonObject().put("ttl", 60).put("expires", future)
                .put("acl", acl("a", "publish"))).errorCode()).isEqualTo("INVALID_EXPIRY");
        assertThat(rest.post("/api/tokens", ADMIN, new JsonObject().put("expires", 1_000)
                .put("acl", acl("a", "publish"))).errorCode()).isEqualTo("INVALID_EXPIRY");
        RestClient.Response ok = rest.post("/api/tokens", ADMIN, new JsonObject().put("expires", future)
                .put("acl", acl("a", "publish")));
        assertThat(ok.json().getLong("expires")).isEqualTo(future);
    }

    @Test
    void flespiStyleAclEntryWithUri_accepted_badFilter_422() {
        JsonObject entry = new JsonObject().put("uri", "mqtt").put("topic", "a/{clientId}/#")
                .put("actions", new io.vertx.core.json.JsonArray().add("publish"));
        assertThat(rest.post("/api/tokens", ADMIN, new JsonObject().put("acl", new io.vertx.core.json.JsonArray().add(entry)))
                .status()).isEqualTo(201);
        for (String bad : new String[] {"a/#/b", "a+", "$share/g/a"}) {
            RestClient.Response r = rest.post("/api/tokens", ADMIN, new JsonObject().put("acl", acl(bad, "subscribe")));
            assertThat(r.status()).as(bad).isEqualTo(422);
            assertThat(r.errorCode()).isEqualTo("INVALID_ACL");
        }
    }

    @Test
    void flespiAuthorizationHeader_accepted_expiredBearer_401() {
        String token = rest.post("/api/tokens", ADMIN, new JsonObject().put("api", true).put("ttl", 2)
                .put("acl", acl("x", "publish"))).json().getString("token");
        String body = new JsonObject().put("topic", "x").toString();
        assertThat(rest.sendAuthorized("POST", "/api/mqtt/messages", "FlespiToken " + token, body).status())
                .isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(rest.sendAuthorized("POST", "/api/mqtt/messages", "Bearer " + token, body).errorCode())
                        .isEqualTo("INVALID_CREDENTIALS"));
    }

    @Test
    void tokenWithoutApiPermission_403() {
        String token = rest.post("/api/tokens", ADMIN, new JsonObject().put("acl", acl("x", "publish")))
                .json().getString("token");
        RestClient.Response r = rest.post("/api/mqtt/messages", token, new JsonObject().put("topic", "x"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo("ACCESS_DENIED");
    }
}
