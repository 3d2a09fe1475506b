package io.herald.server.auth;

import io.herald.broker.auth.Authenticator;
import io.herald.broker.auth.Authorizer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Who may connect and what they may do, as the {@code serve} flags configure it: the anonymous policy,
 * the password file and the ACL file, built into the broker's {@link Authenticator} and {@link
 * Authorizer}. The two files are re-read when they change (checked every {@code pollInterval}) and on
 * {@link #reload} (SIGHUP); connections stay up, the new version applies to their next packet, and a new
 * ACL file version is also applied to their existing subscriptions (see {@link #onAclChange}).
 *
 * <p>Lifecycle: {@link #start} reads and validates both files (a bad one stops the server), then starts
 * one watcher thread and a small pool for password hashes; {@link #close} stops both. Thread-safe.
 */
public final class AccessControl implements AutoCloseable {

    /**
     * The flags.
     *
     * @param allowAnonymous {@code --allow-anonymous}, null when not given
     * @param passwordFile {@code --password-file}, or null
     * @param aclFile {@code --acl-file}, or null: every client may use every topic
     * @param pollInterval how often the files are checked for changes
     */
    public record Settings(Boolean allowAnonymous, Path passwordFile, Path aclFile, Duration pollInterval) {}

    /** Argon2 runs at most this many at once (each takes ~19 MiB); more logins wait in a bounded queue. */
    private static final int VERIFIER_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    private static final int VERIFIER_QUEUE = 256;

    private final AnonymousPolicy anonymous;
    private final ReloadingFile<PasswordFile> passwords;
    private final ReloadingFile<AclRules> acl;
    private final ThreadPoolExecutor verifier;
    private final ScheduledExecutorService watcher;
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    /** Called after a new ACL file version is in force; set once before clients connect. */
    private volatile Runnable aclChanged = () -> { };

    private AccessControl(Settings settings, AnonymousPolicy anonymous, ReloadingFile<PasswordFile> passwords,
            ReloadingFile<AclRules> acl) {
        this.anonymous = anonymous;
        this.passwords = passwords;
        this.acl = acl;
        this.verifier = new ThreadPoolExecutor(VERIFIER_THREADS, VERIFIER_THREADS, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(VERIFIER_QUEUE), Thread.ofPlatform().daemon().name("herald-password-", 0)
                        .factory());
        this.authenticator = new PasswordAuthenticator(anonymous, passwords == null ? null : passwords::current,
                verifier, new LoginCache());
        this.authorizer = acl == null ? Authorizer.allowAll() : Authorizer.of(() -> acl.current().permissions());
        this.watcher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("herald-auth-files").factory());
        long every = settings.pollInterval().toMillis();
        watcher.scheduleWithFixedDelay(() -> reload(false), every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Reads both files and starts watching them.
     *
     * @param listenerAddresses the address of every listener the server will bind, for the anonymous policy
     * @throws ConfigFileException when a file is missing or invalid, with its line and the reason
     */
    public static AccessControl start(Settings settings, List<InetAddress> listenerAddresses)
            throws ConfigFileException {
        AnonymousPolicy anonymous = AnonymousPolicy.decide(settings.allowAnonymous(), listenerAddresses);
        ReloadingFile<PasswordFile> passwords = settings.passwordFile() == null ? null
                : ReloadingFile.load("password file", settings.passwordFile(), PasswordFile::parse);
        ReloadingFile<AclRules> acl = settings.aclFile() == null ? null
                : ReloadingFile.load("acl file", settings.aclFile(), AclFileParser::parse);
        return new AccessControl(settings, anonymous, passwords, acl);
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    /**
     * Runs {@code action} each time a new version of the ACL file is put in force (on change or SIGHUP),
     * on the thread that reloaded it; the server passes {@code Broker::recheckAuthorizer}, so existing
     * subscriptions that the new rules no longer allow are removed.
     */
    public void onAclChange(Runnable action) {
        aclChanged = action;
    }

    /** What the server prints at startup: the anonymous policy on one line, then one line per file. */
    public List<String> startupLines() {
        List<String> lines = new ArrayList<>();
        String line = anonymous.startupLine();
        if (!anonymous.allowed() && passwords == null) {
            line += "; with no --password-file, no client can connect";
        }
        lines.add(line);
        if (passwords != null) {
            lines.add("password file " + passwords.path() + ": " + passwords.current().hashes().size() + " users");
        }
        lines.add(acl == null ? "no acl file: every client may publish and subscribe to every topic"
                : "acl file " + acl.path() + ": " + acl.current().rules().size() + " rules, default "
                        + acl.current().defaultEffect().name().toLowerCase(Locale.ROOT));
        return lines;
    }

    /**
     * Re-reads both files, as on SIGHUP; a file that does not parse keeps its previous version in force.
     *
     * @param force parse even when the content did not change
     */
    public void reload(boolean force) {
        if (passwords != null) {
            passwords.reload(force);
        }
        if (acl != null && acl.reload(force)) {
            aclChanged.run();
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        verifier.shutdownNow();
    }
}
