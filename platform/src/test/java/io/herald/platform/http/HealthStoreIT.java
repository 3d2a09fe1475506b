package io.herald.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.store.BrokerStore;
import io.herald.broker.store.RetainedStore;
import io.herald.broker.store.SessionStore;
import io.herald.broker.store.StoreHealth;
import io.herald.broker.store.memory.MemoryStore;
import io.herald.testkit.EmbeddedHerald;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health} is not ready while the broker's store cannot write (a full disk: reads still work,
 * durable messages are refused), and ready again once it can, without a restart.
 */
@Timeout(60)
class HealthStoreIT {

    private static final AtomicBoolean writable = new AtomicBoolean(true);

    @RegisterExtension
    static final EmbeddedHerald BROKER = EmbeddedHerald.create().store(() -> new SwitchedStore(new MemoryStore()));

    @TempDir
    static Path dir;

    static PlatformFixture fixture;

    @BeforeAll
    static void startPlatform() throws Exception {
        fixture = new PlatformFixture(dir, BROKER.broker());
    }

    @AfterAll
    static void stopPlatform() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void storeCannotWrite_healthDown_thenUpAgain() {
        writable.set(false);
        RestClient.Response down = fixture.client.get("/health", null);
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json()).isEqualTo(new JsonObject().put("status", "DOWN").put("store", "DOWN")
                .put("catalog", "UP"));

        writable.set(true);
        RestClient.Response up = fixture.client.get("/health", null);
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.json().getString("store")).isEqualTo("UP");
    }

    /** A memory store whose health the test switches, as a full disk would switch a RocksDB store's. */
    private record SwitchedStore(BrokerStore inner) implements BrokerStore {

        @Override
        public RetainedStore retained() {
            return inner.retained();
        }

        @Override
        public SessionStore sessions() {
            return inner.sessions();
        }

        @Override
        public StoreHealth health() {
            return writable.get() ? inner.health()
                    : new StoreHealth(false, "No space left on device", Instant.now());
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
