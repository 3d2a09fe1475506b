package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.server.config.ConfigurationDocs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** docs/configuration.md lists exactly the settings of {@code herald serve}, as its {@code --help} describes them. */
class ConfigurationDocsTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final String REGENERATE = "mvn -B -q -o -pl server -am test -Dtest=ConfigurationDocsTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dherald.docs.write=true";

    @Test
    void configurationDoc_matchesTheOptionsOfServe() throws Exception {
        String doc = Files.readString(DOC);
        String generated = ConfigurationDocs.update(doc, new CommandLine(new ServeCommand()).getCommandSpec());
        if (Boolean.getBoolean("herald.docs.write")) {
            Files.writeString(DOC, generated);
            doc = generated;
        }
        assertThat(doc).as("docs/configuration.md differs from the options of 'herald serve'; regenerate it with: "
                + REGENERATE).isEqualTo(generated);
    }

    @Test
    void configurationDoc_listsEverySettingWithItsVariableAndDefault() throws Exception {
        String doc = Files.readString(DOC);
        assertThat(doc).contains("| `mqtt-port` | int | `1883` | `HERALD_MQTT_PORT` | MQTT over TCP port; 0 disables it"
                + " (default: 1883). |");
        assertThat(doc).contains("| `storage` | memory \\| rocksdb | `rocksdb` | `HERALD_STORAGE` |");
        assertThat(doc).doesNotContain("`config`", "`print-config`", "`help`");
    }
}
