package io.herald.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.auth.AuthResult;
import io.herald.broker.auth.AuthResult.Refusal;
import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.auth.ConnectInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class PasswordAuthenticatorTest {

    /** Cheap Argon2id parameters: the hash format and the code path are the production ones. */
    static final PasswordHasher CHEAP = new PasswordHasher(64, 1);

    private static final AnonymousPolicy ALLOWED = AnonymousPolicy.decide(true, List.of());
    private static final AnonymousPolicy REFUSED = AnonymousPolicy.decide(false, List.of());
    private static final PasswordFile FILE = new PasswordFile(Map.of("bob", CHEAP.hash(bytes("s3cret"))));

    private final AtomicInteger hashRuns = new AtomicInteger();
    private final Executor counting = task -> {
        hashRuns.incrementAndGet();
        task.run();
    };

    @Test
    void rightPassword_acceptedAsThatUser_thenFromTheCache() {
        PasswordAuthenticator auth = new PasswordAuthenticator(REFUSED, () -> FILE, counting, new LoginCache());
        assertThat(authenticate(auth, "bob", "s3cret")).isEqualTo(AuthResult.accept(new ClientIdentity("c1", "bob")));
        assertThat(authenticate(auth, "bob", "s3cret")).isInstanceOf(AuthResult.Accepted.class);
        assertThat(hashRuns).as("the second login is answered from the cache").hasValue(1);
        assertThat(refusal(authenticate(auth, "bob", "wrong"))).isEqualTo(Refusal.BAD_USERNAME_OR_PASSWORD);
        assertThat(hashRuns).as("a different password is checked again").hasValue(2);
    }

    @Test
    void changedHashInTheFile_invalidatesTheCachedLogin() {
        PasswordFile[] current = {FILE};
        PasswordAuthenticator auth = new PasswordAuthenticator(REFUSED, () -> current[0], counting, new LoginCache());
        assertThat(authenticate(auth, "bob", "s3cret")).isInstanceOf(AuthResult.Accepted.class);
        current[0] = new PasswordFile(Map.of("bob", CHEAP.hash(bytes("new one"))));
        assertThat(refusal(authenticate(auth, "bob", "s3cret"))).isEqualTo(Refusal.BAD_USERNAME_OR_PASSWORD);
        current[0] = new PasswordFile(Map.of());
        assertThat(refusal(authenticate(auth, "bob", "new one"))).isEqualTo(Refusal.BAD_USERNAME_OR_PASSWORD);
    }

    @Test
    void unknownUserOrMissingPassword_badUsernameOrPassword_withoutHashing() {
        PasswordAuthenticator auth = new PasswordAuthenticator(ALLOWED, () -> FILE, counting, new LoginCache());
        assertThat(refusal(authenticate(auth, "eve", "s3cret"))).isEqualTo(Refusal.BAD_USERNAME_OR_PASSWORD);
        assertThat(refusal(authenticate(auth, "bob", null))).isEqualTo(Refusal.BAD_USERNAME_OR_PASSWORD);
        assertThat(hashRuns).hasValue(0);
    }

    @Test
    void anonymous_followsThePolicy() {
        assertThat(authenticate(new PasswordAuthenticator(ALLOWED, () -> FILE, counting, new LoginCache()), null, null))
                .isEqualTo(AuthResult.accept(new ClientIdentity("c1", null)));
        assertThat(refusal(authenticate(new PasswordAuthenticator(REFUSED, () -> FILE, counting, new LoginCache()),
                null, null))).isEqualTo(Refusal.NOT_AUTHORIZED);
    }

    @Test
    void withoutPasswordFile_aUserNameCannotBeVerified_soTheClientIsAnonymous() {
        assertThat(authenticate(new PasswordAuthenticator(ALLOWED, null, counting, new LoginCache()), "bob", "x"))
                .isEqualTo(AuthResult.accept(new ClientIdentity("c1", null)));
        assertThat(refusal(authenticate(new PasswordAuthenticator(REFUSED, null, counting, new LoginCache()),
                "bob", "x"))).isEqualTo(Refusal.NOT_AUTHORIZED);
    }

    @Test
    void saturatedVerifierPool_serverUnavailable() {
        Executor full = task -> {
            throw new RejectedExecutionException("full");
        };
        PasswordAuthenticator auth = new PasswordAuthenticator(REFUSED, () -> FILE, full, new LoginCache());
        assertThat(refusal(authenticate(auth, "bob", "s3cret"))).isEqualTo(Refusal.SERVER_UNAVAILABLE);
    }

    @Test
    void fileWithCheapHashes_parsesAndVerifies() throws Exception {
        String text = "# users\n\nbob:" + FILE.hashOf("bob") + "\n";
        assertThat(PasswordFile.parse(Path.of("passwd"), text).hashOf("bob")).isEqualTo(FILE.hashOf("bob"));
    }

    private static AuthResult authenticate(PasswordAuthenticator auth, String user, String password) {
        ConnectInfo info = new ConnectInfo("c1", user, password == null ? null : bytes(password), 4, null, null);
        return auth.authenticate(info).toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static Refusal refusal(AuthResult result) {
        assertThat(result).isInstanceOf(AuthResult.Refused.class);
        return ((AuthResult.Refused) result).refusal();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
