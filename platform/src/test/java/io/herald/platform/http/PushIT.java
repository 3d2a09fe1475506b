package io.herald.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push topics, direct push and buckets over REST, received over MQTT: development vs production
 * routing, offline queueing and expiry, push statuses, ETag / If-Match, queries with paging, events,
 * and the error codes.
 */
@Timeout(60)
class PushIT {

    private static final String ADMIN = PlatformFixture.ADMIN;

    @TempDir
    static Path dir;

    static PushFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new PushFixture(dir, Duration.ofHours(1));
    }

    @AfterAll
    static void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void topicPush_reachesTheChosenEnvironments_only() throws Exception {
        Device dev = device("dev-user", true);
        Device prod = device("prod-user", false);
        f.rest.put("/api/topics/envs", ADMIN, new JsonObject());
        for (Device d : new Device[] {dev, prod}) {
            assertThat(f.rest.put("/api/topics/envs/push/subscriptions/users/" + d.userId, d.token, new JsonObject())
                    .status()).isEqualTo(204);
        }

        JsonObject toDev = f.rest.post("/api/topics/envs/push/messages", ADMIN, message("to", "dev")
                .put("sendToDevelopment", true).put("sendToProduction", false)).json();
        JsonObject toProd = f.rest.post("/api/topics/envs/push/messages", ADMIN, message("to", "prod")
                .put("sendToDevelopment", false).put("sendToProduction", true)).json();
        JsonObject toBoth = f.rest.post("/api/topics/envs/push/messages", ADMIN, message("to", "both")).json();

        assertThat(toDev.getInteger("matched")).isEqualTo(1);
        assertThat(toProd.getInteger("matched")).isEqualTo(1);
        assertThat(toBoth.getInteger("matched")).isEqualTo(2);
        assertThat(dev.next().getString("to")).isEqualTo("dev");
        assertThat(dev.next().getString("to")).isEqualTo("both");
        assertThat(prod.next().getString("to")).isEqualTo("prod");
        assertThat(prod.next().getString("to")).isEqualTo("both");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonObject s = f.rest.get("/api/push/messages/" + toBoth.getString("pushMessageID"), ADMIN).json();
            assertThat(s.getInteger("delivered")).isEqualTo(2);
            assertThat(s.getInteger("acknowledged")).isEqualTo(2);
        });
        dev.close();
        prod.close();
    }

    @Test
    void thingInstallation_receivesTopicPushAndDirectPush() throws Exception {
        String thingId = f.rest.post("/api/things", ADMIN, new JsonObject().put("thingID", "valve-9")).json()
                .getString("thingID");
        String installationId = f.rest.post("/api/installations", ADMIN, new JsonObject().put("deviceType", "MQTT")
                .put("thingID", thingId)).json().getString("installationID");
        JsonObject e = f.endpoint(ADMIN, installationId);
        Device thing = new Device(ADMIN, null, e.getString("mqttTopic"), e, new LinkedBlockingQueue<>());
        thing.client = InstallationIT.connect(thing.topic, e, thing.received);
        f.rest.put("/api/topics/valves", ADMIN, new JsonObject());
        assertThat(f.rest.put("/api/topics/valves/push/subscriptions/things/" + thingId, ADMIN, new JsonObject())
                .status()).isEqualTo(204);

        JsonObject toTopic = f.rest.post("/api/topics/valves/push/messages", ADMIN, message("cmd", "close")).json();
        JsonObject direct = f.rest.post("/api/things/" + thingId + "/push/messages", ADMIN, message("cmd", "open"))
                .json();

        assertThat(toTopic.getInteger("matched")).isEqualTo(1);
        assertThat(direct.getInteger("matched")).isEqualTo(1);
        JsonObject first = thing.next();
        assertThat(first.getString("cmd")).isEqualTo("close");
        assertThat(first.getString("topic")).isEqualTo("valves");
        JsonObject second = thing.next();
        assertThat(second.getString("cmd")).isEqualTo("open");
        assertThat(second.getString("origin")).isEqualTo("EXPLICIT");
        thing.close();
    }

    @Test
    void offlineDevice_getsQueuedPushesOnReconnect_butNotExpiredOnes() throws Exception {
        Device d = device("sleeper", false);
        d.close();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !f.broker.session(d.topic).toCompletableFuture().join().orElseThrow().connected());

        JsonObject kept = f.rest.post("/api/users/" + d.userId + "/push/messages", ADMIN, message("n", "kept")).json();
        JsonObject shortLived = f.rest.post("/api/users/" + d.userId + "/push/messages", ADMIN, message("n", "gone")
                .put("expiry", 30)).json();
        assertThat(kept.getInteger("queued")).isEqualTo(1);
        assertThat(shortLived.getInteger("queued")).isEqualTo(1);
        f.clock.advance(Duration.ofSeconds(31));

        Device back = reconnect(d);
        assertThat(back.next().getString("n")).isEqualTo("kept");
        assertThat(back.received.poll(500, TimeUnit.MILLISECONDS)).as("the expired push").isNull();
        JsonObject s = f.rest.get("/api/push/messages/" + shortLived.getString("pushMessageID"), ADMIN).json();
        assertThat(s.getInteger("expired")).isEqualTo(1);
        assertThat(s.getInteger("delivered")).isZero();
        back.close();
    }

    @Test
    void buckets_etagIfMatch_query_andEvents() throws Exception {
        Device watcher = device("watcher", false);
        String writer = f.user("writer");
        assertThat(f.rest.put("/api/buckets/tasks/push/subscriptions/users/" + watcher.userId, watcher.token,
                new JsonObject()).status()).isEqualTo(204);
        assertThat(f.rest.put("/api/buckets/tasks/push/subscriptions/users/" + watcher.userId, watcher.token,
                new JsonObject()).errorCode()).isEqualTo("PUSH_SUBSCRIPTION_ALREADY_EXISTS");

        RestClient.Response created = f.rest.post("/api/buckets/tasks/objects", writer, new JsonObject().put("state", "open")
                .put("n", 1));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.raw().headers().firstValue("ETag")).hasValue("\"1\"");
        String objectId = created.json().getString("objectID");
        assertThat(watcher.next().getString("type")).isEqualTo("DATA_OBJECT_CREATED");

        RestClient.Response read = f.rest.get("/api/buckets/tasks/objects/" + objectId, watcher.token);
        assertThat(read.json().getString("state")).isEqualTo("open");
        assertThat(read.json().getString("_version")).isEqualTo("1");
        assertThat(update(objectId, writer, "\"1\"", "done").status()).isEqualTo(200);
        JsonObject updated = watcher.next();
        assertThat(updated.getString("type")).isEqualTo("DATA_OBJECT_UPDATED");
        assertThat(updated.getString("objectID")).isEqualTo(objectId);
        assertThat(updated.getString("origin")).isEqualTo("EVENT");
        assertThat(update(objectId, writer, "\"1\"", "again").errorCode()).isEqualTo("OBJECT_VERSION_IS_STALE");
        assertThat(update(objectId, watcher.token, null, "not mine").errorCode()).isEqualTo("ACCESS_DENIED");
        assertThat(update("nope", writer, "\"3\"", "x").errorCode()).isEqualTo("OBJECT_NOT_FOUND");

        for (int i = 2; i <= 5; i++) {
            f.rest.post("/api/buckets/tasks/objects", writer, new JsonObject().put("state", "open").put("n", i));
        }
        JsonObject clause = new JsonObject().put("type", "eq").put("field", "state").put("value", "open");
        JsonObject page1 = query(clause, 3, null);
        assertThat(page1.getJsonArray("results")).hasSize(3);
        JsonObject page2 = query(clause, 3, page1.getString("nextPaginationKey"));
        assertThat(page2.getJsonArray("results")).hasSize(1);
        assertThat(page2.containsKey("nextPaginationKey")).isFalse();
        assertThat(query(new JsonObject().put("type", "and").put("clauses", new JsonArray().add(clause)
                .add(new JsonObject().put("type", "eq").put("field", "n").put("value", 3))), 10, null)
                .getJsonArray("results")).hasSize(1);
        assertThat(f.rest.post("/api/buckets/tasks/query", writer, new JsonObject().put("bucketQuery", new JsonObject()
                .put("clause", new JsonObject().put("type", "like")))).errorCode()).isEqualTo("INVALID_INPUT_DATA");
        assertThat(f.rest.post("/api/buckets/none/query", writer, new JsonObject()).errorCode())
                .isEqualTo("BUCKET_NOT_FOUND");

        for (int i = 2; i <= 5; i++) {
            assertThat(watcher.next().getString("type")).isEqualTo("DATA_OBJECT_CREATED");
        }
        assertThat(f.rest.send("DELETE", "/api/buckets/tasks/objects/" + objectId, writer, null, null).status())
                .isEqualTo(204);
        assertThat(watcher.next().getString("type")).isEqualTo("DATA_OBJECT_DELETED");
        assertThat(f.rest.delete("/api/buckets/tasks", ADMIN).status()).isEqualTo(204);
        assertThat(watcher.next().getString("type")).isEqualTo("BUCKET_DELETED");
        assertThat(f.rest.get("/api/buckets/tasks/objects/" + objectId, writer).errorCode()).isEqualTo("OBJECT_NOT_FOUND");
        watcher.close();
    }

    @Test
    void deletingTheOwner_endsItsInstallation() throws Exception {
        Device d = device("leaver", false);

        assertThat(f.rest.delete("/api/users/" + d.userId, ADMIN).status()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(1)).until(() -> !d.client.isConnected());
        assertThat(f.broker.session(d.topic).toCompletableFuture().join()).isEmpty();
        assertThat(f.platform.push().registry().get(d.endpoint.getString("installationID"))).isEmpty();
        d.client.close();
    }

    @Test
    void topicsAndPush_errorCodes() {
        String token = f.user("erratic");
        String userId = f.userId(token);
        assertThat(f.rest.put("/api/topics/t1", ADMIN, new JsonObject()).status()).isEqualTo(204);
        assertThat(f.rest.put("/api/topics/t1", ADMIN, new JsonObject()).errorCode()).isEqualTo("TOPIC_ALREADY_EXISTS");
        assertThat(f.rest.put("/api/topics/t2", token, new JsonObject()).errorCode()).isEqualTo("ACCESS_DENIED");
        assertThat(f.rest.put("/api/topics/bad%20name", ADMIN, new JsonObject()).errorCode()).isEqualTo("INVALID_INPUT_DATA");
        assertThat(f.rest.get("/api/topics", ADMIN).json().getJsonArray("topics").stream()
                .map(o -> ((JsonObject) o).getString("topicID"))).contains("t1");
        assertThat(f.rest.put("/api/topics/none/push/subscriptions/users/" + userId, token, new JsonObject()).errorCode())
                .isEqualTo("TOPIC_NOT_FOUND");
        assertThat(f.rest.put("/api/topics/t1/push/subscriptions/users/nobody", ADMIN, new JsonObject()).errorCode())
                .isEqualTo("USER_NOT_FOUND");
        assertThat(f.rest.put("/api/topics/t1/push/subscriptions/things/nothing", ADMIN, new JsonObject()).errorCode())
                .isEqualTo("THING_NOT_FOUND");
        assertThat(f.rest.delete("/api/topics/t1/push/subscriptions/users/" + userId, token).errorCode())
                .isEqualTo("PUSH_SUBSCRIPTION_NOT_FOUND");
        f.rest.put("/api/topics/t1/push/subscriptions/users/" + userId, token, new JsonObject());
        assertThat(f.rest.put("/api/topics/t1/push/subscriptions/users/" + userId, token, new JsonObject()).errorCode())
                .isEqualTo("PUSH_SUBSCRIPTION_ALREADY_EXISTS");
        assertThat(f.rest.post("/api/topics/none/push/messages", ADMIN, message("a", "b")).errorCode())
                .isEqualTo("TOPIC_NOT_FOUND");
        assertThat(f.rest.post("/api/topics/t1/push/messages", token, message("a", "b")).errorCode())
                .isEqualTo("ACCESS_DENIED");
        assertThat(f.rest.post("/api/topics/t1/push/messages", ADMIN, new JsonObject().put("data", new JsonObject()))
                .errorCode()).isEqualTo("INVALID_INPUT_DATA");
        assertThat(f.rest.post("/api/topics/t1/push/messages", ADMIN, new JsonObject().put("mqtt", new JsonObject())
                .put("data", new JsonObject().put("nested", new JsonObject()))).errorCode()).isEqualTo("INVALID_INPUT_DATA");
        assertThat(f.rest.post("/api/topics/t1/push/messages", ADMIN, new JsonObject().put("mqtt", new JsonObject())
                .put("data", new JsonObject().put("sender", "me"))).errorCode()).isEqualTo("INVALID_INPUT_DATA");
        assertThat(f.rest.post("/api/users/nobody/push/messages", ADMIN, message("a", "b")).errorCode())
                .isEqualTo("USER_NOT_FOUND");
        assertThat(f.rest.post("/api/things/nothing/push/messages", ADMIN, message("a", "b")).errorCode())
                .isEqualTo("THING_NOT_FOUND");
        assertThat(f.rest.get("/api/push/messages/0123abcd", ADMIN).errorCode()).isEqualTo("PUSH_MESSAGE_NOT_FOUND");
        assertThat(f.rest.delete("/api/topics/t1", ADMIN).status()).isEqualTo(204);
        assertThat(f.rest.delete("/api/topics/t1", ADMIN).errorCode()).isEqualTo("TOPIC_NOT_FOUND");
        assertThat(f.rest.delete("/api/buckets/none", ADMIN).errorCode()).isEqualTo("BUCKET_NOT_FOUND");
    }

    private static RestClient.Response update(String objectId, String token, String ifMatch, String state) {
        return ifMatch == null
                ? f.rest.put("/api/buckets/tasks/objects/" + objectId, token, new JsonObject().put("state", state))
                : f.rest.sendWithHeader("PUT", "/api/buckets/tasks/objects/" + objectId, token,
                        new JsonObject().put("state", state).encode(), "If-Match", ifMatch);
    }

    private static JsonObject query(JsonObject clause, int limit, String key) {
        JsonObject body = new JsonObject().put("bucketQuery", new JsonObject().put("clause", clause))
                .put("bestEffortLimit", limit);
        if (key != null) {
            body.put("paginationKey", key);
        }
        return f.rest.post("/api/buckets/tasks/query", ADMIN, body).json();
    }

    private static JsonObject message(String key, String value) {
        return new JsonObject().put("data", new JsonObject().put(key, value)).put("mqtt", new JsonObject().put("enabled", true));
    }

    /** A user with an installation, connected with Paho (clean session) as seed 000 says. */
    private static Device device(String name, boolean development) throws Exception {
        String token = f.user(name);
        JsonObject e = f.endpoint(token, f.install(token, development));
        Device d = new Device(token, f.userId(token), e.getString("mqttTopic"), e, new LinkedBlockingQueue<>());
        d.client = InstallationIT.connect(d.topic, e, d.received);
        d.client.subscribe(d.topic, 1);
        return d;
    }

    private static Device reconnect(Device d) throws Exception {
        Device again = new Device(d.token, d.userId, d.topic, d.endpoint, new LinkedBlockingQueue<>());
        again.client = InstallationIT.connect(d.topic, d.endpoint, again.received);
        again.client.subscribe(d.topic, 1);
        return again;
    }

    private static final class Device {
        final String token;
        final String userId;
        final String topic;
        final JsonObject endpoint;
        final BlockingQueue<String> received;
        MqttClient client;

        Device(String token, String userId, String topic, JsonObject endpoint, BlockingQueue<String> received) {
            this.token = token;
            this.userId = userId;
            this.topic = topic;
            this.endpoint = endpoint;
            this.received = received;
        }

        JsonObject next() throws InterruptedException {
            String m = received.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("a push for " + topic).isNotNull();
            return new JsonObject(m);
        }

        void close() throws Exception {
            client.disconnect();
            client.close();
        }
    }
}
