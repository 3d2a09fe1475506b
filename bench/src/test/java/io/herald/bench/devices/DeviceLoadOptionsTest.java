package io.herald.bench.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceLoadOptionsTest {

    @Test
    void commands_defaultToTheIssuesScale_overMqtt311() {
        DeviceLoadOptions o = DeviceLoadOptions.parse("commands", "--token", "t", "--http-port", "18081");
        assertThat(o.mode()).isEqualTo(DeviceLoadOptions.Mode.COMMANDS);
        assertThat(o.things()).isEqualTo(1000);
        assertThat(o.rate()).isEqualTo(500);
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.protocol()).isEqualTo(4);
        assertThat(o.httpPort()).isEqualTo(18081);
        assertThat(o.huawei()).isFalse();
    }

    @Test
    void reports_defaultToMqtt5_andTakeFlagsAndAThingsFile() {
        DeviceLoadOptions o = DeviceLoadOptions.parse("reports", "--token", "t", "--inflight", "4", "--huawei",
                "--things-file", "things.txt", "--mqtt", "3.1.1", "--history-count", "50");
        assertThat(o.mode()).isEqualTo(DeviceLoadOptions.Mode.REPORTS);
        assertThat(o.inflight()).isEqualTo(4);
        assertThat(o.huawei()).isTrue();
        assertThat(o.thingsFile()).isEqualTo(Path.of("things.txt"));
        assertThat(o.protocol()).isEqualTo(4);
        assertThat(o.historyCount()).isEqualTo(50);
        DeviceLoadOptions defaults = DeviceLoadOptions.parse("reports", "--token", "t");
        assertThat(defaults.protocol()).isEqualTo(5);
        assertThat(defaults.historyCount()).isEqualTo(1000);
    }

    @Test
    void badInput_isRefusedWithEveryReasonNamed() {
        assertThatThrownBy(() -> DeviceLoadOptions.parse("commands", "--rate", "0", "--command-timeout", "61",
                "--things", "0", "--history-count", "0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--token is required")
                .hasMessageContaining("--rate must be 1..1000000")
                .hasMessageContaining("--command-timeout must be 1..60")
                .hasMessageContaining("--things must be 1..1000000")
                .hasMessageContaining("--history-count must be positive");
        assertThatThrownBy(() -> DeviceLoadOptions.parse("publish")).hasMessageContaining("unknown mode 'publish'");
        assertThatThrownBy(() -> DeviceLoadOptions.parse()).hasMessageContaining("no mode given");
        assertThatThrownBy(() -> DeviceLoadOptions.parse("commands", "--rate")).hasMessageContaining("--rate needs a value");
        assertThatThrownBy(() -> DeviceLoadOptions.parse("commands", "--rate", "fast"))
                .hasMessageContaining("--rate needs a number, not 'fast'");
        assertThatThrownBy(() -> DeviceLoadOptions.parse("commands", "--mqtt", "3")).hasMessageContaining("--mqtt must be");
        assertThatThrownBy(() -> DeviceLoadOptions.parse("commands", "--qos", "1")).hasMessageContaining("unknown option --qos");
    }

    @Test
    void thingsFile_linesAreIdAndSecret_commentsSkipped_badLinesNamed() {
        assertThat(Thing.parse(List.of("# things", "a s1", "", "  b   s2 "))).containsExactly(new Thing("a", "s1"),
                new Thing("b", "s2"));
        assertThatThrownBy(() -> Thing.parse(List.of("a s1", "b"))).hasMessageContaining("line 2");
        assertThatThrownBy(() -> Thing.parse(List.of("# none"))).hasMessageContaining("no things");
    }

    @Test
    void huaweiLogin_isHmacSha256OfTheSecretKeyedWithTheHour() {
        assertThat(HuaweiSignature.hourOf(java.time.Instant.parse("2026-12-07T11:59:59Z"))).isEqualTo("2026120711");
        assertThat(HuaweiSignature.clientId("thing", "2026120711")).isEqualTo("thing_0_0_2026120711");
        // python3: hmac.new(b'2026120711', b'secret-of-thing', hashlib.sha256).hexdigest()
        assertThat(HuaweiSignature.password("secret-of-thing", "2026120711"))
                .isEqualTo("a4c9c9341c19c8d9607873472fba8c023d84b7b37682112cd112dc1a305c4526");
    }
}
