package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link HeraldPlatform}'s endpoint retries and error mapping against a scripted HTTP server on
 * loopback (what a real server will not do on demand: stay unready for a chosen number of requests).
 * The whole flow against {@code herald serve} is server's PlatformSdkIT.
 */
@Timeout(30)
class HeraldPlatformTest {

    private static final String NOT_READY = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
            + "\"errorCode\":\"MQTT_ENDPOINT_NOT_READY\",\"detail\":\"provisioning\"}";
    private static final String ENDPOINT = "{\"installationID\":\"i1\",\"username\":\"u\",\"password\":\"p\","
            + "\"mqttTopic\":\"t1\",\"host\":\"127.0.0.1\",\"portTCP\":1883,\"portSSL\":0,\"portWS\":8083,\"portWSS\":0,"
            + "\"ttl\":60}";

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void endpoint_notReadyTwice_isFetchedOnTheThirdTry() throws Exception {
        HeraldPlatform platform = serve(2);
        MqttEndpoint e = platform.getMqttEndpoint("i1").get(10, TimeUnit.SECONDS);
        assertThat(requests).hasValue(3);
        assertThat(e.ttl()).isEqualTo(Duration.ofSeconds(45)); // the X-MQTT-TTL header wins over the body
        assertThat(e.url(Transport.WS)).isEqualTo("ws://127.0.0.1:8083/mqtt");
        assertThatThrownBy(() -> e.url(Transport.TLS)).hasMessageContaining("no TLS port");
    }

    @Test
    void endpoint_stillNotReadyAfterTheRetries_failsWithTheServersErrorCode() {
        HeraldPlatform platform = serve(10);
        assertThatThrownBy(() -> platform.getMqttEndpoint("i1").join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(PlatformException.class)
                .satisfies(e -> {
                    assertThat(((PlatformException) e).status()).isEqualTo(503);
                    assertThat(((PlatformException) e).errorCode()).isEqualTo("MQTT_ENDPOINT_NOT_READY");
                    assertThat(e.getMessage()).contains("provisioning");
                });
        assertThat(requests).hasValue(4); // the first try and 3 retries, as seed 000 says
    }

    @Test
    void unreachableServer_failsWithStatusZero() throws Exception {
        serve(0);
        int port = server.getAddress().getPort();
        server.stop(0);
        HeraldPlatform platform = HeraldPlatform.builder("http://127.0.0.1:" + port).build();
        assertThatThrownBy(() -> platform.login("u", "p").join()).cause().isInstanceOf(PlatformException.class)
                .satisfies(e -> assertThat(((PlatformException) e).errorCode()).isEqualTo(PlatformException.UNREACHABLE));
    }

    @Test
    void builder_refusesAnUrlThatIsNotHttp() {
        assertThatThrownBy(() -> HeraldPlatform.builder("mqtt://127.0.0.1:1883"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://host");
    }

    private HeraldPlatform serve(int unready) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/installations/i1/mqtt-endpoint", x -> {
            boolean ready = requests.incrementAndGet() > unready;
            byte[] body = (ready ? ENDPOINT : NOT_READY).getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", ready ? "application/json" : "application/problem+json");
            if (ready) {
                x.getResponseHeaders().add("X-MQTT-TTL", "45");
            } else {
                x.getResponseHeaders().add("Retry-After", "1");
            }
            x.sendResponseHeaders(ready ? 200 : 503, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        return HeraldPlatform.builder("http://127.0.0.1:" + server.getAddress().getPort())
                .endpointRetryDelay(Duration.ofMillis(50)).build();
    }
}
