package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Broker URLs as the seed writes them: protocol://host[:port], default ports 1883 and 8883. */
class ServerAddressTest {

    @ParameterizedTest
    @CsvSource({
        "mqtt://foo.bar, TCP, foo.bar, 1883, /mqtt",
        "mqtt://foo.bar:1884, TCP, foo.bar, 1884, /mqtt",
        "mqtts://foo.bar, TLS, foo.bar, 8883, /mqtt",
        "mqtts://foo.bar:8883, TLS, foo.bar, 8883, /mqtt",
        "tcp://10.0.0.1:1883, TCP, 10.0.0.1, 1883, /mqtt",
        "ws://foo.bar:8083/mqtt, WS, foo.bar, 8083, /mqtt",
        "wss://foo.bar/ws, WSS, foo.bar, 443, /ws",
        "mqtt://[::1]:1883, TCP, ::1, 1883, /mqtt"
    })
    void parse_readsTransportHostPortAndPath(String url, Transport t, String host, int port, String path) {
        ServerAddress a = ServerAddress.parse(url);
        assertThat(a).isEqualTo(new ServerAddress(t, host, port, path));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "foo.bar | no protocol",
        "http://foo.bar | unknown protocol 'http'",
        "mqtt://foo.bar:99999 | port must be 1..65535",
        "mqtt://user:pw@foo.bar | user name and password in the options",
        "mqtt://foo.bar/path | only meaningful for ws",
        "mqtt://bad_host | no valid host name"
    })
    void parse_refusesBadUrlsSayingWhy(String url, String why) {
        assertThatThrownBy(() -> ServerAddress.parse(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(why);
    }

    @org.junit.jupiter.api.Test
    void parse_refusesUrlsLongerThan255Bytes() {
        assertThatThrownBy(() -> ServerAddress.parse("mqtt://" + "a".repeat(250) + ".com"))
                .hasMessageContaining("longer than 255 bytes");
    }
}
