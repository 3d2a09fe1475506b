package io.herald.platform.http;


import io.herald.testkit.EmbeddedHerald;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** One broker, one platform (SQLite catalog) and its REST API on free ports per test class. */
@Timeout(60)
abstract class RestTestBase {

    static final String ADMIN = PlatformFixture.ADMIN;

    @RegisterExtension
    static final EmbeddedHerald BROKER = EmbeddedHerald.create();

    @TempDir
    static Path dir;

    static PlatformFixture fixture;
    static RestClient rest;

    @BeforeAll
    static void startPlatform() throws Exception {
        fixture = new PlatformFixture(dir, BROKER.broker());
        rest = fixture.client;
    }

    @AfterAll
    static void stopPlatform() {
        if (fixture != null) {
            fixture.close();
        }
    }

    static JsonArray acl(String topic, String... actions) {
        return new JsonArray().add(new JsonObject().put("topic", topic).put("actions", new JsonArray(java.util.List.of(actions))));
    }
}
