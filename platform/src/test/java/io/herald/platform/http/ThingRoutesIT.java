package io.herald.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ThingRoutesIT extends RestTestBase {

    @Test
    void createWithGeneratedSecret_getListRegenerateDelete() {
        RestClient.Response created = rest.post("/api/things", ADMIN, new JsonObject().put("thingID", "dev-1")
                .put("info", new JsonObject().put("model", "m1")).put("acl", acl("plant/+/status", "publish")));
        assertThat(created.status()).isEqualTo(201);
        String secret = created.json().getString("secret");
        assertThat(secret).hasSize(43);
        assertThat(created.json().getString("thingID")).isEqualTo("dev-1");

        JsonObject thing = rest.get("/api/things/dev-1", ADMIN).json();
        assertThat(thing.getJsonObject("info").getString("model")).isEqualTo("m1");
        assertThat(thing.getJsonArray("acl").getJsonObject(0).getString("topic")).isEqualTo("plant/+/status");
        assertThat(thing.containsKey("secret")).as("the secret is shown once").isFalse();
        assertThat(rest.get("/api/things", ADMIN).array("things").stream().map(o -> ((JsonObject) o).getString("thingID")))
                .contains("dev-1");

        RestClient.Response regenerated = rest.post("/api/things/dev-1/secret", ADMIN, null);
        assertThat(regenerated.status()).isEqualTo(200);
        assertThat(regenerated.json().getString("secret")).hasSize(43).isNotEqualTo(secret);

        assertThat(rest.delete("/api/things/dev-1", ADMIN).status()).isEqualTo(204);
        assertThat(rest.get("/api/things/dev-1", ADMIN).errorCode()).isEqualTo("THING_NOT_FOUND");
        assertThat(rest.delete("/api/things/dev-1", ADMIN).errorCode()).isEqualTo("THING_NOT_FOUND");
        assertThat(rest.post("/api/things/dev-1/secret", ADMIN, null).status()).isEqualTo(404);
    }

    @Test
    void createWithoutId_generatesOne_givenSecretKept() {
        RestClient.Response created = rest.post("/api/things", ADMIN, new JsonObject().put("secret", "my-own-secret"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().getString("secret")).isEqualTo("my-own-secret");
        assertThat(rest.get("/api/things/" + created.json().getString("thingID"), ADMIN).status()).isEqualTo(200);
    }

    @Test
    void duplicateIdOrFingerprint_409() {
        String fp = "AB:".repeat(31) + "AB";
        assertThat(rest.post("/api/things", ADMIN, new JsonObject().put("thingID", "dup").put("certFingerprint", fp))
                .status()).isEqualTo(201);
        assertThat(rest.get("/api/things/dup", ADMIN).json().getString("certFingerprint")).isEqualTo("ab".repeat(32));
        assertThat(rest.post("/api/things", ADMIN, new JsonObject().put("thingID", "dup")).errorCode())
                .isEqualTo("THING_ALREADY_EXISTS");
        assertThat(rest.post("/api/things", ADMIN, new JsonObject().put("thingID", "other").put("certFingerprint", fp))
                .errorCode()).isEqualTo("FINGERPRINT_ALREADY_REGISTERED");
    }

    @Test
    void nonAdmin_403() {
        String token = rest.post("/api/tokens", ADMIN, new JsonObject().put("api", true).put("acl", acl("a", "publish")))
                .json().getString("token");
        assertThat(rest.get("/api/things", token).errorCode()).isEqualTo("ACCESS_DENIED");
        assertThat(rest.post("/api/things", token, new JsonObject()).status()).isEqualTo(403);
    }
}
