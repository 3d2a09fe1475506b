package io.herald.platform.http;

import static org.assertj.core.api.Assertions.assertThat;


import io.herald.testkit.EmbeddedHerald;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class UserRoutesIT {

    @RegisterExtension
    static final EmbeddedHerald BROKER = EmbeddedHerald.create();

    @TempDir
    static Path dir;

    static PlatformFixture fixture;
    static RestClient rest;
    static final String ADMIN = PlatformFixture.ADMIN;

    @BeforeAll
    static void start() throws Exception {
        fixture = new PlatformFixture(dir, BROKER.broker());
        rest = fixture.client;
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static JsonObject credentials(String username, String password) {
        return new JsonObject().put("username", username).put("password", password);
    }

    @Test
    void createLoginGetListChangePasswordDelete() {
        RestClient.Response created = rest.post("/api/users", ADMIN, credentials("alice", "alice-password"));
        assertThat(created.status()).isEqualTo(201);
        String userId = created.json().getString("userID");
        assertThat(created.json().getString("username")).isEqualTo("alice");

        RestClient.Response login = rest.post("/api/oauth2/token", null, credentials("alice", "alice-password"));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().getString("token_type")).isEqualTo("Bearer");
        assertThat(login.json().getLong("expires_in")).isEqualTo(3600);
        String access = login.json().getString("access_token");

        assertThat(rest.get("/api/users/" + userId, access).json().getString("username")).isEqualTo("alice");
        assertThat(rest.get("/api/users/" + userId, ADMIN).status()).isEqualTo(200);
        assertThat(rest.get("/api/users", access).status()).as("listing is for the admin").isEqualTo(403);
        assertThat(rest.get("/api/users?limit=10", ADMIN).array("users").size()).isGreaterThanOrEqualTo(1);

        assertThat(rest.put("/api/users/" + userId + "/password", access,
                new JsonObject().put("newPassword", "new-password-1")).status()).as("needs oldPassword").isEqualTo(403);
        assertThat(rest.put("/api/users/" + userId + "/password", access, new JsonObject()
                .put("oldPassword", "alice-password").put("newPassword", "new-password-1")).status()).isEqualTo(204);
        assertThat(rest.post("/api/oauth2/token", null, credentials("alice", "alice-password")).status()).isEqualTo(401);
        assertThat(rest.post("/api/oauth2/token", null, credentials("alice", "new-password-1")).status()).isEqualTo(200);

        assertThat(rest.delete("/api/users/" + userId, access).status()).isEqualTo(204);
        assertThat(rest.get("/api/users/" + userId, ADMIN).errorCode()).isEqualTo("USER_NOT_FOUND");
        assertThat(rest.get("/api/users/" + userId, access).status()).as("its access token died with it").isEqualTo(401);
    }

    @Test
    void duplicateUsername_409() {
        assertThat(rest.post("/api/users", ADMIN, credentials("bob", "bob-password")).status()).isEqualTo(201);
        RestClient.Response again = rest.post("/api/users", ADMIN, credentials("bob", "other-password"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).isEqualTo("application/problem+json");
        assertThat(again.errorCode()).isEqualTo("USER_ALREADY_EXISTS");
    }

    @Test
    void noOrUnknownBearer_401() {
        RestClient.Response none = rest.get("/api/users", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.errorCode()).isEqualTo("AUTHENTICATION_REQUIRED");
        assertThat(rest.get("/api/users", "nope").errorCode()).isEqualTo("INVALID_CREDENTIALS");
    }

    @Test
    void otherUsersRecord_403() {
        String carol = rest.post("/api/users", ADMIN, credentials("carol", "carol-password")).json().getString("userID");
        rest.post("/api/users", ADMIN, credentials("dave", "dave-password"));
        String daveToken = rest.post("/api/oauth2/token", null, credentials("dave", "dave-password")).json()
                .getString("access_token");
        assertThat(rest.get("/api/users/" + carol, daveToken).errorCode()).isEqualTo("ACCESS_DENIED");
        assertThat(rest.delete("/api/users/" + carol, daveToken).status()).isEqualTo(403);
    }

    @Test
    void failedLogins_rateLimitedPerUser_429WithRetryAfter() {
        rest.post("/api/users", ADMIN, credentials("erin", "erin-password"));
        for (int i = 0; i < 5; i++) {
            assertThat(rest.post("/api/oauth2/token", null, credentials("erin", "wrong-" + i)).status()).isEqualTo(401);
        }
        RestClient.Response limited = rest.post("/api/oauth2/token", null, credentials("erin", "erin-password"));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.errorCode()).isEqualTo("TOO_MANY_ATTEMPTS");
        assertThat(limited.raw().headers().firstValue("Retry-After")).isPresent();
    }
}
