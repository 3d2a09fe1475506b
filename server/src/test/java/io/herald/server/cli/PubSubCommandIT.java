package io.herald.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.auth.ClientIdentity;
import io.herald.client.support.HeraldBroker;
import io.herald.client.support.MosquittoBroker;
import io.herald.client.support.Ports;
import io.herald.client.support.TestBroker;
import io.herald.client.support.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code herald pub} and {@code herald sub} in this JVM against Herald and Mosquitto: output, options, exit codes. */
@Timeout(60)
class PubSubCommandIT {

    private static HeraldBroker herald;
    private static MosquittoBroker mosquitto;
    private static TestCertificates certs;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        herald = HeraldBroker.launch(io.herald.broker.auth.Authenticator.allowAll(), new io.herald.broker.auth.Authorizer() {
            @Override
            public boolean canPublish(ClientIdentity client, String topic) {
                return !topic.startsWith("denied/");
            }

            @Override
            public boolean canSubscribe(ClientIdentity client, String filter) {
                return !filter.startsWith("denied/");
            }
        });
        certs = TestCertificates.create("Herald CLI Test CA");
        mosquitto = MosquittoBroker.launch("allow_anonymous true\n", certs, true);
    }

    @AfterAll
    static void stop() {
        herald.close();
        mosquitto.close();
    }

    static Stream<TestBroker> brokers() {
        return Stream.of(herald, mosquitto);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void subVerbose_printsTopicAndPayloadOfWhatPubSends(TestBroker broker) throws Exception {
        String topic = "cli/" + System.nanoTime();
        Cli retained = Cli.run("pub", "-p", port(broker), "-t", topic + "/a", "-m", "hello world", "-q", "1", "-r");
        assertThat(retained.exit).as(retained.err.toString()).isZero();
        Cli sub = Cli.start("sub", "-p", port(broker), "-t", topic + "/#", "-q", "1", "-v", "-C", "2");
        // the retained message shows that the subscription is in place
        await().atMost(Duration.ofSeconds(10)).until(() -> sub.out.toString().contains("hello world"));
        Cli pub = Cli.run("pub", "-p", port(broker), "-t", topic + "/b", "-m", "second", "-q", "2");
        assertThat(pub.exit).as(pub.err.toString()).isZero();
        assertThat(sub.running.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(sub.lines()).containsExactly(topic + "/a hello world", topic + "/b second");
        Cli.run("pub", "-p", port(broker), "-t", topic + "/a", "-n", "-r");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void subJson_printsOneObjectPerLineWithUserProperties(TestBroker broker) throws Exception {
        String topic = "cli/json/" + System.nanoTime();
        Cli sub = Cli.start("sub", "-p", port(broker), "-t", topic, "--json", "-C", "1", "-V", "mqttv5");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Cli.run("pub", "-p", port(broker), "-t", topic, "-m", "{\"t\":21}", "-V", "mqttv5", "-D", "unit=C",
                    "-D", "src=cli", "-r");
            assertThat(sub.running).isDone();
        });
        assertThat(sub.running.get()).isZero();
        assertThat(sub.lines()[0]).startsWith("{\"topic\":\"" + topic + "\",\"payload\":\"{\\\"t\\\":21}\",\"qos\":0,")
                .contains("\"userProperties\":[{\"name\":\"unit\",\"value\":\"C\"},{\"name\":\"src\",\"value\":\"cli\"}]");
        Cli.run("pub", "-p", port(broker), "-t", topic, "-n", "-r");
    }

    @Test
    void pubFromFile_andPlainSub_printThePayloadAlone() throws Exception {
        Path file = Files.writeString(dir.resolve("reading.json"), "{\"temp\":21.5}");
        String topic = "cli/file/" + System.nanoTime();
        Cli pub = Cli.run("pub", "-p", port(herald), "-t", topic, "-f", file.toString(), "-r", "-q", "1");
        assertThat(pub.exit).isZero();
        Cli sub = Cli.run("sub", "-p", port(herald), "-t", topic, "-C", "1", "-W", "10");
        assertThat(sub.exit).isZero();
        assertThat(sub.lines()).containsExactly("{\"temp\":21.5}");
        Cli.run("pub", "-p", port(herald), "-t", topic, "-n", "-r");
    }

    @Test
    void subCountWithTimeout_exits3WhenTooFewMessagesArrive_andTimeoutAlone_exits0() {
        String topic = "cli/quiet/" + System.nanoTime();
        Cli counted = Cli.run("sub", "-p", port(herald), "-t", topic, "-C", "1", "-W", "1");
        assertThat(counted.exit).isEqualTo(ExitCodes.TIMEOUT);
        Cli timed = Cli.run("sub", "-p", port(herald), "-t", topic, "-W", "1");
        assertThat(timed.exit).isZero();
    }

    @Test
    void tlsWithClientCertificate_pubAndSubWork() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), certs.ca().cert());
        Path cert = Files.writeString(dir.resolve("client.pem"), certs.client().cert());
        Path key = Files.writeString(dir.resolve("client.key"), certs.client().key());
        String topic = "cli/tls/" + System.nanoTime();
        String[] tls = {"-p", Integer.toString(mosquitto.tlsPort()), "--cafile", ca.toString(), "--cert",
            cert.toString(), "--key", key.toString()};
        Cli pub = Cli.run(concat(new String[] {"pub", "-t", topic, "-m", "secure", "-r", "-q", "1"}, tls));
        assertThat(pub.exit).as(pub.err.toString()).isZero();
        Cli sub = Cli.run(concat(new String[] {"sub", "-t", topic, "-C", "1", "-W", "10"}, tls));
        assertThat(sub.lines()).containsExactly("secure");
        Cli noCert = Cli.run("pub", "-p", Integer.toString(mosquitto.tlsPort()), "--cafile", ca.toString(), "-t",
                topic, "-m", "x");
        assertThat(noCert.exit).isEqualTo(ExitCodes.FAILURE);
        assertThat(noCert.err.toString()).contains("errnoConnect 7");
        Cli.run(concat(new String[] {"pub", "-t", topic, "-n", "-r"}, tls));
    }

    @Test
    void unreachableServer_exits1WithOneLineSayingWhy() {
        Cli pub = Cli.run("pub", "-p", Integer.toString(Ports.free()), "-t", "a", "-m", "x");
        assertThat(pub.exit).isEqualTo(ExitCodes.FAILURE);
        assertThat(pub.err.toString().strip()).startsWith("herald pub: connection failed: cannot connect")
                .endsWith("(errnoConnect 6, Connection failed)").doesNotContain("\n");
        Cli sub = Cli.run("sub", "-p", Integer.toString(Ports.free()), "-t", "a");
        assertThat(sub.exit).isEqualTo(ExitCodes.FAILURE);
        assertThat(sub.err.toString()).startsWith("herald sub: connection failed");
    }

    @Test
    void refusedSubscription_exits1() {
        Cli sub = Cli.run("sub", "-p", port(herald), "-t", "denied/x");
        assertThat(sub.exit).isEqualTo(ExitCodes.FAILURE);
        assertThat(sub.err.toString()).contains("the server refused denied/x (code 0x80)");
    }

    @Test
    void refusedPublish_exits1() {
        Cli pub = Cli.run("pub", "-p", port(herald), "-t", "denied/x", "-m", "no", "-q", "1", "-V", "mqttv5");
        assertThat(pub.exit).isEqualTo(ExitCodes.FAILURE);
        assertThat(pub.err.toString()).contains("herald pub: publish failed").contains("0x87");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "pub -t a -m x -q 3 | --qos must be 0, 1 or 2",
        "pub -t a/# -m x | wildcards",
        "pub -t a | Missing required argument",
        "pub -t a -m x -f y | mutually exclusive",
        "pub -t a -m x -V mqttv6 | not a protocol version",
        "pub -t a -m x -D k=v | -D user properties need -V mqttv5",
        "pub -t a -m x -V mqttv5 -D novalue | -D needs NAME=VALUE",
        "pub -t a -m x --cert c.pem --transport tls | --cert and --key go together",
        "pub -t a -m x --transport udp | Invalid value for option '--transport'",
        "pub -t a -m x -p 70000 | --port must be 1..65535",
        "pub -t a -m x --cafile /nonexistent/ca.pem | cannot read --cafile",
        "pub -t a -m x --pw secret | --pw needs --username",
        "sub -t a -v --json | -v and --json exclude each other",
        "sub -t a/#/b | '#' must be alone",
        "sub -t a -C 0 | --count must be positive",
        "sub -t a -c | -c needs a client id"
    })
    void badUsage_exits2WithOneLineSayingWhy(String args, String why) {
        Cli c = Cli.run(args.split(" "));
        assertThat(c.exit).isEqualTo(ExitCodes.USAGE);
        assertThat(c.err.toString()).startsWith("herald: ").contains(why).contains("--help");
    }

    @Test
    void help_showsExamplesAndExitCodes() {
        Cli pub = Cli.run("pub", "--help");
        assertThat(pub.exit).isZero();
        assertThat(pub.out.toString()).contains("Examples:", "herald pub -t sensors/kitchen/temp -m 21.5",
                "Exit codes:", "-V, --protocol-version");
        Cli sub = Cli.run("sub", "--help");
        assertThat(sub.out.toString()).contains("herald sub -t 'sensors/#' -v", "3   -W seconds passed");
    }

    private static String port(TestBroker broker) {
        return Integer.toString(broker.port());
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
