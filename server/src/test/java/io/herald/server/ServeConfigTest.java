package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Where the settings of {@code herald serve} come from: flags over {@code HERALD_*} variables over the
 * configuration file over defaults, the file found in the working directory, and the errors of a bad
 * file. Parses only, or runs {@code --print-config} and commands that fail before the server starts.
 */
class ServeConfigTest {

    @TempDir
    Path workDir;

    private final Map<String, String> env = new HashMap<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void noDefaultListeners() {
        env.put("HERALD_TLS_PORT", "0");
        env.put("HERALD_WS_PORT", "0");
        env.put("HERALD_WSS_PORT", "0");
    }

    @Test
    void precedence_flagOverEnvironmentOverFileOverDefault() throws Exception {
        Path file = write("custom.yaml", """
                mqtt-port: 1001
                max-inflight: 1002
                max-queued-messages: 1003
                """);
        env.put("HERALD_MQTT_PORT", "2001");
        env.put("HERALD_MAX_INFLIGHT", "2002");

        ServeCommand serve = parse("serve", "--config", file.toString(), "--mqtt-port", "3001");

        assertThat(serve.mqttPort).isEqualTo(3001);
        assertThat(serve.maxInflight).isEqualTo(2002);
        assertThat(serve.maxQueuedMessages).isEqualTo(1003);
        assertThat(serve.maxPacketSize).isEqualTo(1_048_576);
    }

    @Test
    void fileValues_reachMixinOptions_andGroupedKeys() throws Exception {
        write("herald.yaml", """
                tls:
                  handshake-timeout: 7
                  client-auth: optional
                storage: memory
                """);

        ServeCommand serve = parse("serve");

        assertThat(serve.listenerOptions.tlsHandshakeTimeoutSeconds).isEqualTo(7);
        assertThat(serve.listenerOptions.tlsClientAuth).isEqualTo(ListenerOptions.ClientAuthOption.optional);
        assertThat(serve.storage).isEqualTo(ServeCommand.Storage.memory);
    }

    @Test
    void heraldYamlInWorkingDirectory_isReadWhenPresent_andConfigFlagWinsOverIt() throws Exception {
        assertThat(parse("serve").mqttPort).isEqualTo(1883);
        write("herald.yaml", "mqtt-port: 1111\n");
        assertThat(parse("serve").mqttPort).isEqualTo(1111);
        Path other = write("other.yaml", "max-inflight: 5\n");
        ServeCommand serve = parse("serve", "--config", other.toString());
        assertThat(serve.mqttPort).isEqualTo(1883);
        assertThat(serve.maxInflight).isEqualTo(5);
    }

    @Test
    void heraldConfigVariable_namesTheFile() throws Exception {
        Path file = write("env.yaml", "max-inflight: 6\n");
        env.put("HERALD_CONFIG", file.toString());
        assertThat(parse("serve").maxInflight).isEqualTo(6);
    }

    @Test
    void unknownKey_exits2WithFileLineAndSuggestion() throws Exception {
        Path file = write("herald.yaml", """
                bind: 127.0.0.1
                mqt-port: 1884
                """);
        assertThat(run("serve", "--mqtt-port", "0")).isEqualTo(2);
        assertThat(err.toString()).startsWith("herald: " + file + ":2: unknown setting 'mqt-port'; did you mean 'mqtt-port'?");
    }

    @Test
    void nonSettingKeys_areUnknown() throws Exception {
        Path file = write("herald.yaml", "config: other.yaml\n");
        assertThat(run("serve", "--print-config")).isEqualTo(2);
        assertThat(err.toString()).startsWith("herald: " + file + ":1: unknown setting 'config'");
    }

    @Test
    void badValue_exits2WithFileLineKeyAndConverterMessage() throws Exception {
        Path file = write("herald.yaml", """
                # listeners
                bind: 127.0.0.1

                mqtt-port: abc
                """);
        assertThat(run("serve")).isEqualTo(2);
        assertThat(err.toString()).startsWith("herald: " + file + ":4: mqtt-port: 'abc' is not an int");
    }

    @Test
    void badEnumValue_exits2WithTheChoices() throws Exception {
        Path file = write("herald.yaml", "storage: disk\n");
        assertThat(run("serve")).isEqualTo(2);
        assertThat(err.toString()).startsWith("herald: " + file + ":1: storage: expected one of [memory, rocksdb]");
    }

    @Test
    void badValueOverriddenByFlag_isStillAnError() throws Exception {
        write("herald.yaml", "mqtt-port: abc\n");
        assertThat(run("serve", "--mqtt-port", "1884", "--print-config")).isEqualTo(2);
        assertThat(err.toString()).contains("herald.yaml:1: mqtt-port: 'abc' is not an int");
    }

    @Test
    void outOfRangeValue_saysWhichFileAndLineOrVariable() throws Exception {
        Path file = write("herald.yaml", "storage: memory\nmqtt-port: 99999\n");
        assertThat(run("serve")).isEqualTo(2);
        assertThat(err.toString()).startsWith("herald: " + file + ":2: --mqtt-port must be 0..65535");

        err.getBuffer().setLength(0);
        env.put("HERALD_MQTT_PORT", "70000");
        assertThat(run("serve")).isEqualTo(2);
        assertThat(err.toString()).startsWith("herald: --mqtt-port must be 0..65535 (0 disables the listener): 70000"
                + " (from HERALD_MQTT_PORT)");
    }

    @Test
    void sysInterval_defaultsTo10Seconds_zeroDisables_andReachesTheBroker() throws Exception {
        assertThat(parse("serve").config(new PrintWriter(out)).sysInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(parse("serve", "--sys-interval", "0").config(new PrintWriter(out)).sysInterval()).isZero();
        write("herald.yaml", "sys-interval: 3\n");
        assertThat(parse("serve").config(new PrintWriter(out)).sysInterval()).isEqualTo(Duration.ofSeconds(3));
        env.put("HERALD_SYS_INTERVAL", "4");
        assertThat(parse("serve").sysIntervalSeconds).isEqualTo(4);
    }

    @Test
    void negativeSysInterval_exits2() {
        assertThat(run("serve", "--sys-interval", "-1")).isEqualTo(2);
        assertThat(err.toString()).startsWith("herald: --sys-interval must be 0 or more seconds"
                + " (0 disables the $SYS topics): -1");
    }

    @Test
    void badEnvironmentValue_namesTheVariable() {
        env.put("HERALD_MAX_INFLIGHT", "many");
        assertThat(run("serve", "--print-config")).isEqualTo(2);
        assertThat(err.toString()).startsWith("herald: HERALD_MAX_INFLIGHT: 'many' is not an int");
    }

    @Test
    void missingConfigFile_exits2() {
        assertThat(run("serve", "--config", workDir.resolve("nope.yaml").toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("herald: " + workDir.resolve("nope.yaml") + ": no such file");
    }

    @Test
    void printConfig_showsEachValueWithItsSource_andExits0() throws Exception {
        Path file = write("herald.yaml", """
                storage: memory
                max-inflight: 9
                ws-path: /mqtt ws
                """);
        env.put("HERALD_MAX_QUEUED_MESSAGES", "77");

        assertThat(run("serve", "--print-config", "--bind", "0.0.0.0")).isZero();

        assertThat(out.toString().lines().map(l -> l.replaceAll(" +", " "))).contains(
                "# config file: " + file,
                "bind: 0.0.0.0 # flag",
                "storage: memory # " + file + ":1",
                "max-inflight: 9 # " + file + ":2",
                "ws-path: '/mqtt ws' # " + file + ":3",
                "max-queued-messages: 77 # env HERALD_MAX_QUEUED_MESSAGES",
                "mqtt-port: 1883 # default",
                "# acl-file: # default (unset)");
        assertThat(out.toString()).doesNotContain("help", "version", "print-config:", "\nconfig:");
        assertThat(err.toString()).isEmpty();
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(workDir.resolve(name), text);
    }

    private ServeCommand parse(String... args) {
        CommandLine cl = HeraldCommand.commandLine(env, workDir);
        cl.parseArgs(args);
        return cl.getSubcommands().get("serve").getCommand();
    }

    private int run(String... args) {
        CommandLine cl = HeraldCommand.commandLine(env, workDir);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }
}
