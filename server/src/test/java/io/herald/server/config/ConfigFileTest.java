package io.herald.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.server.auth.ConfigFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reading the configuration file into keys, values and lines, and refusing what is not one. */
class ConfigFileTest {

    private static final Path FILE = Path.of("herald.yaml");

    @Test
    void keysValuesAndLines_withGroupsJoinedByDash() throws Exception {
        ConfigFile file = ConfigFile.parse(FILE, """
                # comment
                mqtt-port: 1883
                tls:
                  port: 8883
                  client:
                    auth: required
                allow-anonymous: false
                ws-path: "/mqtt"
                """);
        assertThat(file.entries().values()).containsExactly(
                new ConfigFile.Entry("mqtt-port", "1883", 2),
                new ConfigFile.Entry("tls-port", "8883", 4),
                new ConfigFile.Entry("tls-client-auth", "required", 6),
                new ConfigFile.Entry("allow-anonymous", "false", 7),
                new ConfigFile.Entry("ws-path", "/mqtt", 8));
    }

    @Test
    void emptyFile_hasNoSettings() throws Exception {
        assertThat(ConfigFile.parse(FILE, "# nothing yet\n").entries()).isEmpty();
    }

    @Test
    void keyGivenTwice_evenThroughAGroup_failsOnTheSecond() {
        assertThatThrownBy(() -> ConfigFile.parse(FILE, "tls-port: 1\nbind: x\ntls:\n  port: 2\n"))
                .isInstanceOf(ConfigFileException.class)
                .hasMessage("herald.yaml:4: tls-port: given twice (first on line 1)");
    }

    @Test
    void emptyValue_failsWithAHintAboutComments() {
        assertThatThrownBy(() -> ConfigFile.parse(FILE, "bind: 1.2.3.4\nws-path: #x\n"))
                .hasMessageStartingWith("herald.yaml:2: ws-path: no value");
    }

    @Test
    void list_isRefused() {
        assertThatThrownBy(() -> ConfigFile.parse(FILE, "bind:\n  - a\n  - b\n"))
                .hasMessage("herald.yaml:1: bind: must be a single value, not a list");
    }

    @Test
    void topLevelList_isRefused() {
        assertThatThrownBy(() -> ConfigFile.parse(FILE, "- mqtt-port: 1\n"))
                .hasMessage("herald.yaml:1: expected 'key: value' lines at the top level");
    }

    @Test
    void malformedYaml_failsWithItsLine() {
        assertThatThrownBy(() -> ConfigFile.parse(FILE, "bind: a\nmqtt-port: 1: 2\n"))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void secondDocument_isRefused() {
        assertThatThrownBy(() -> ConfigFile.parse(FILE, "bind: a\n---\nbind: b\n"))
                .hasMessageStartingWith("herald.yaml:3: only one YAML document is allowed");
    }

    @Test
    void missingFile_saysSo() {
        assertThatThrownBy(() -> ConfigFile.read(Path.of("/nonexistent/herald.yaml")))
                .hasMessage("/nonexistent/herald.yaml: no such file");
    }
}
