package io.herald.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's user view in a real browser (seeds 000 and 003): headless Chromium, through
 * {@code src/test/node/console-user.js}, signs a user in in two tabs of one browser; the page installs
 * itself, fetches its endpoint and connects over WSS with its values (the broker here admits installations
 * only). A push sent over REST shows in both tabs within a second, newest first, filtered by category;
 * marked read in one tab, it shows read in the other (the backend pushes {@code {"id":…,"read":true}});
 * a {@code {"status":401}} message makes the page fetch a new credential and reconnect, and a push sent
 * meanwhile arrives. Then the admin's installations view and push composer (matched and delivered
 * counts, a raw MQTT publish). Any page or console error fails the script.
 */
@Timeout(150)
class ConsoleUserBrowserIT {

    private static final String ADMIN = PushFixture.ADMIN;

    @TempDir
    static Path dir;

    static PushFixture f;

    @BeforeAll
    static void start() throws Exception {
        BrowserScript.checkInstalled();
        f = new PushFixture(dir, Duration.ofHours(1));
    }

    @AfterAll
    static void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void twoTabsOfOneUser_receiveAPushWithinASecond_shareRead_renewTheCredential_adminComposes() throws Exception {
        String userId = f.userId(f.user("console-alice"));
        List<String> views = List.of("inbox", "installations", "push");
        BrowserScript.forget(views);

        List<String> lines = BrowserScript.run("console-user.js", "http://127.0.0.1:" + f.httpPort + "/", "console-alice",
                "secret-password", ADMIN, BrowserScript.SHOTS.toString());
        System.out.println("console-user.js: " + lines); // the timings, in the test's report

        assertThat(lines).as("the script's output").contains("LIVE Live · WSS", "ORDER n-2 n-1", "FILTERED ci n-1",
                "RENEWED 1", "COMPOSED matched 1 delivered 1", "PUBLISHED matched 0", "DONE");
        assertThat(millis(lines, "RECEIVED n-1 ")).as("both tabs show the push").isLessThan(1000);
        assertThat(millis(lines, "RECEIVED n-2 ")).isLessThan(1000);
        assertThat(millis(lines, "READ n-1 ")).as("read in the other tab").isLessThan(2000);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("INSTALLATION ").endsWith(" user " + userId));
        for (String view : views) {
            assertThat(BrowserScript.SHOTS.resolve(view + ".png")).as("screenshot of " + view).isNotEmptyFile();
        }
    }

    private static long millis(List<String> lines, String prefix) {
        return Long.parseLong(lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow()
                .substring(prefix.length()));
    }
}
