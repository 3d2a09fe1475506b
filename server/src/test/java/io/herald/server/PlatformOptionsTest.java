package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.platform.Platform;
import io.herald.platform.device.DeviceSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The platform's {@code serve} flags become its settings; bad values are refused with the flag's name. */
class PlatformOptionsTest {

    @TempDir
    Path dir;

    @Test
    void propertyHistoryFlags_boundTheHistory() {
        PlatformOptions options = new PlatformOptions();
        CommandLine cl = new CommandLine(options);
        cl.parseArgs("--property-history-count", "50", "--property-history-age", "3600");

        DeviceSettings devices = options.settings(dir, cl).devices();

        assertThat(devices.historyCount()).isEqualTo(50);
        assertThat(devices.historyAge()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void propertyHistoryDefaults_areThePlatformDefaults() {
        PlatformOptions options = new PlatformOptions();
        CommandLine cl = new CommandLine(options);
        cl.parseArgs();

        Platform.Settings settings = options.settings(dir, cl);

        assertThat(settings.devices()).isEqualTo(DeviceSettings.defaults());
    }

    @Test
    void propertyHistoryCountZero_refused() {
        PlatformOptions options = new PlatformOptions();
        CommandLine cl = new CommandLine(options);
        cl.parseArgs("--property-history-count", "0");

        assertThatThrownBy(() -> options.settings(dir, cl)).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--property-history-count");
    }
}
