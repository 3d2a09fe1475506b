package io.herald.broker.listener;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS context, built from the {@link TlsSettings} files and rebuilt when they change: a
 * daemon thread compares the files' contents every {@code reloadInterval}, and {@link #reload} does so
 * on request (SIGHUP). New connections get the current context; open ones keep theirs. A change that
 * does not build (missing file, key not matching the certificate, bad PEM) keeps the previous context
 * in use and logs why.
 *
 * <p>Threads: {@link #current} from any thread (a volatile read); {@link #reload} from the watcher
 * thread and callers, serialized on this object.
 */
final class TlsContexts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

    private final TlsSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService watcher;
    private volatile SslContext current;
    private byte[] fingerprint; // guarded by this: the files' digest current was built from, or last failed on

    private TlsContexts(TlsSettings settings, Clock clock, SslContext current, byte[] fingerprint) {
        this.settings = settings;
        this.clock = clock;
        this.current = current;
        this.fingerprint = fingerprint;
        if (settings.reloadInterval().isZero()) {
            this.watcher = null;
        } else {
            this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "herald-tls-reload");
                t.setDaemon(true);
                return t;
            });
            long millis = settings.reloadInterval().toMillis();
            watcher.scheduleWithFixedDelay(() -> reload(false), millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Builds the first context and starts watching the files.
     *
     * @throws TlsConfigException when the files cannot be used: the listeners must not start
     */
    public static TlsContexts load(TlsSettings settings, Clock clock) {
        byte[] fingerprint = fingerprint(settings);
        return new TlsContexts(settings, clock, build(settings, clock), fingerprint);
    }

    /** The context for the next connection. */
    public SslContext current() {
        return current;
    }

    /**
     * Re-reads the files and, when they changed (or {@code force}), builds a new context and puts it in
     * use for new connections.
     *
     * @return whether a new context is in use
     */
    public synchronized boolean reload(boolean force) {
        byte[] seen;
        try {
            seen = fingerprint(settings);
        } catch (TlsConfigException e) {
            if (fingerprint != null) {
                log.warn("tls: certificates not reloaded, the previous ones stay in use: {}", e.getMessage());
            }
            fingerprint = null;
            return false;
        }
        if (!force && Arrays.equals(seen, fingerprint)) {
            return false;
        }
        fingerprint = seen;
        try {
            current = build(settings, clock);
            log.info("tls: reloaded certificates from {}", settings.certFile());
            return true;
        } catch (TlsConfigException e) {
            log.warn("tls: certificates not reloaded, the previous ones stay in use: {}", e.getMessage());
            return false;
        }
    }

    /** Stops watching the files. */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    private static SslContext build(TlsSettings s, Clock clock) {
        List<X509Certificate> certs = new ArrayList<>(PemFiles.certificates(s.certFile()));
        if (s.chainFile() != null) {
            certs.addAll(PemFiles.certificates(s.chainFile()));
        }
        PrivateKey key = PemFiles.privateKey(s.keyFile());
        if (!Certificates.isPair(key, certs.getFirst())) {
            throw new TlsConfigException(s.keyFile() + ": not the private key of the certificate in " + s.certFile());
        }
        X509Certificate server = certs.getFirst();
        if (server.getNotAfter().toInstant().isBefore(clock.instant())) {
            log.warn("tls: the server certificate in {} expired on {}; clients will refuse it", s.certFile(),
                    server.getNotAfter().toInstant());
        }
        SslContextBuilder builder = SslContextBuilder.forServer(key, certs)
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2");
        if (s.clientAuth() != TlsSettings.ClientAuth.NONE) {
            List<X509Certificate> cas = PemFiles.certificates(s.clientCaFile());
            List<X509CRL> crls = s.crlFile() == null ? List.of() : PemFiles.crls(s.crlFile());
            checkSigned(s.crlFile(), crls, cas, clock);
            builder.trustManager(new ClientCertificateVerifier(cas, crls, clock))
                    .clientAuth(s.clientAuth() == TlsSettings.ClientAuth.REQUIRED ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        }
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsConfigException(s.certFile() + ": " + e.getMessage());
        }
    }

    /** A CRL counts only when one of the client CAs signed it; a stale one still counts, with a warning. */
    private static void checkSigned(Path file, List<X509CRL> crls, List<X509Certificate> cas, Clock clock) {
        for (X509CRL crl : crls) {
            boolean signed = false;
            for (X509Certificate ca : cas) {
                if (ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                    try {
                        crl.verify(ca.getPublicKey());
                        signed = true;
                    } catch (GeneralSecurityException e) {
                        // another CA with the same name may have signed it
                    }
                }
            }
            if (!signed) {
                throw new TlsConfigException(file + ": the CRL of " + crl.getIssuerX500Principal().getName()
                        + " is not signed by any of the client CAs");
            }
            if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(clock.instant())) {
                log.warn("tls: the CRL in {} is past its next update ({}); its revocations still apply", file,
                        crl.getNextUpdate().toInstant());
            }
        }
    }

    private static byte[] fingerprint(TlsSettings s) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path p : new Path[] {s.certFile(), s.keyFile(), s.chainFile(), s.clientCaFile(), s.crlFile()}) {
                if (p != null) {
                    digest.update(MessageDigest.getInstance("SHA-256").digest(PemFiles.read(p)));
                }
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
