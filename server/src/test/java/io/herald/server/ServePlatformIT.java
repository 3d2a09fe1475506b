package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code herald serve} with the platform: the REST API over HTTP and HTTPS (development CA), the admin token. */
@Timeout(120)
class ServePlatformIT {

    @Test
    void serve_generatesAdminTokenOnce_servesRestOverHttpAndHttps(@TempDir Path work) throws Exception {
        int http = ServerProcess.freePort();
        int https = ServerProcess.freePort();
        List<String> args = List.of("serve", "--storage", "memory", "--mqtt-port", "0", "--http-port",
                String.valueOf(http), "--https-port", String.valueOf(https));
        String token;
        try (ServerProcess p = ServerProcess.start(work, args).awaitReady()) {
            assertThat(p.out()).contains("listening http 127.0.0.1:" + http, "listening https 127.0.0.1:" + https);
            String line = p.out().stream().filter(l -> l.startsWith("admin token")).findFirst().orElseThrow();
            token = line.substring(line.lastIndexOf(' ') + 1);
            assertThat(token).hasSize(43);
            assertThat(Files.readString(work.resolve("data/catalog.db"), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as("only the digest is stored").doesNotContain(token);

            HttpClient plain = HttpClient.newHttpClient();
            assertThat(get(plain, "http://127.0.0.1:" + http + "/health", null).statusCode()).isEqualTo(200);
            assertThat(get(plain, "http://127.0.0.1:" + http + "/api/users", null).statusCode()).isEqualTo(401);
            HttpClient tls = HttpClient.newBuilder().sslContext(trusting(work.resolve("data/tls/ca.pem"))).build();
            HttpResponse<String> users = get(tls, "https://127.0.0.1:" + https + "/api/users", token);
            assertThat(users.statusCode()).isEqualTo(200);
            assertThat(users.body()).contains("\"users\"");
        }
        try (ServerProcess p = ServerProcess.start(work, args).awaitReady()) {
            assertThat(p.out()).noneMatch(l -> l.startsWith("admin token"));
            assertThat(get(HttpClient.newHttpClient(), "http://127.0.0.1:" + http + "/api/users", token).statusCode())
                    .as("the token of the first start still works").isEqualTo(200);
        }
    }

    @Test
    void serve_withAdminTokenFlag_andBadCatalogUrl(@TempDir Path work) throws Exception {
        int http = ServerProcess.freePort();
        try (ServerProcess p = ServerProcess.start(work, List.of("serve", "--storage", "memory", "--mqtt-port", "0",
                "--http-port", String.valueOf(http), "--admin-token", "my-admin-token-0123456789")).awaitReady()) {
            assertThat(p.out()).noneMatch(l -> l.startsWith("admin token"));
            assertThat(get(HttpClient.newHttpClient(), "http://127.0.0.1:" + http + "/api/users",
                    "my-admin-token-0123456789").statusCode()).isEqualTo(200);
        }
        try (ServerProcess p = ServerProcess.start(work, List.of("serve", "--storage", "memory", "--mqtt-port", "0",
                "--catalog-url", "jdbc:mysql://localhost/x"))) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> !p.process().isAlive());
            assertThat(p.process().exitValue()).isEqualTo(2);
            assertThat(String.join("\n", p.err())).contains("--catalog-url");
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext trusting(Path caFile) throws Exception {
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(caFile)));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
