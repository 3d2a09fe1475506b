package io.herald.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --print-config} on a command with secrets: masked whatever their source, and the output reads back. */
class PrintConfigTest {

    @Command(name = "demo", mixinStandardHelpOptions = true)
    static final class Demo {
        @Mixin
        ConfigOptions config;

        @Option(names = "--port", defaultValue = "1883")
        int port;

        @Secret
        @Option(names = "--signing-key")
        String signingKey;

        @Option(names = "--admin-token")
        String adminToken;

        @Option(names = "--catalog-password")
        String catalogPassword;

        @Option(names = "--label")
        String label;

        @Option(names = "--verbose")
        boolean verbose;
    }

    @TempDir
    Path workDir;

    @Test
    void secrets_areMaskedFromEverySource_andUnsetOnesStayUnset() throws Exception {
        Files.writeString(workDir.resolve("herald.yaml"), "admin-token: file-token-value\nverbose: true\n");
        CommandLine cl = commandLine(Map.of("HERALD_SIGNING_KEY", "env-key-value"));
        cl.parseArgs("--catalog-password", "flag-password-value", "--label", "it's: here");

        String printed = PrintConfig.render(cl.getCommandSpec(), (SettingSources) cl.getCommandSpec().defaultValueProvider());

        assertThat(printed).doesNotContain("file-token-value", "env-key-value", "flag-password-value");
        assertThat(printed.lines().map(l -> l.replaceAll(" +", " "))).containsExactly(
                "# herald demo settings: flag > HERALD_* environment > file > default",
                "# config file: " + workDir.resolve("herald.yaml"),
                "admin-token: '********' # " + workDir.resolve("herald.yaml") + ":1",
                "catalog-password: '********' # flag",
                "label: 'it''s: here' # flag",
                "port: 1883 # default",
                "signing-key: '********' # env HERALD_SIGNING_KEY",
                "verbose: true # " + workDir.resolve("herald.yaml") + ":2");
    }

    @Test
    void printedSettings_readBackAsAConfigurationFile() throws Exception {
        CommandLine cl = commandLine(Map.of());
        cl.parseArgs("--port", "1999", "--label", "#not a comment", "--verbose");
        String printed = PrintConfig.render(cl.getCommandSpec(), (SettingSources) cl.getCommandSpec().defaultValueProvider());
        Path file = Files.writeString(workDir.resolve("printed.yaml"), printed);

        CommandLine again = commandLine(Map.of());
        again.parseArgs("--config", file.toString());
        Demo demo = again.getCommand();
        assertThat(demo.port).isEqualTo(1999);
        assertThat(demo.label).isEqualTo("#not a comment");
        assertThat(demo.verbose).isTrue();
    }

    @Test
    void unsetSecret_isShownUnset() {
        CommandLine cl = commandLine(Map.of());
        cl.parseArgs();
        String printed = PrintConfig.render(cl.getCommandSpec(), (SettingSources) cl.getCommandSpec().defaultValueProvider());
        assertThat(printed.lines().map(l -> l.replaceAll(" +", " "))).contains(
                "# admin-token: # default (unset)", "verbose: false # default");
    }

    private CommandLine commandLine(Map<String, String> env) {
        CommandLine cl = new CommandLine(new Demo());
        cl.setDefaultValueProvider(new SettingSources(env, workDir));
        return cl;
    }
}
