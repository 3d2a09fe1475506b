package io.herald.platform.identity;

import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.herald.platform.auth.Credential;
import io.herald.platform.auth.CredentialCache;
import io.herald.platform.auth.Secrets;
import io.herald.platform.auth.UserPasswords;
import io.herald.platform.catalog.Catalog;
import io.herald.platform.catalog.UserRecord;
import io.herald.platform.catalog.Users.AccessTokenRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Users: create, log in (Argon2id, then a bearer access token stored as its digest), read, change the
 * password, delete. Blocks on the catalog and on Argon2: call from REST workers, never an event loop.
 * Thread-safe.
 */
public final class UserService {

    /** What a successful login answers. */
    public record AccessToken(String token, long expiresInSeconds, String userId) {}

    // verified against when the username is unknown, so that a miss costs as long as a wrong password
    private static final String DUMMY_HASH = UserPasswords.hash("not a password of anyone");

    private final Catalog catalog;
    private final CredentialCache cache;
    private final CredentialListener listener;
    private final LoginLimiter limiter;
    private final Duration accessTokenLifetime;
    private final Clock clock;

    public UserService(Catalog catalog, CredentialCache cache, CredentialListener listener, LoginLimiter limiter,
            Duration accessTokenLifetime, Clock clock) {
        this.catalog = catalog;
        this.cache = cache;
        this.listener = listener;
        this.limiter = limiter;
        this.accessTokenLifetime = accessTokenLifetime;
        this.clock = clock;
    }

    public UserRecord create(String username, String password) {
        Instant now = clock.instant();
        UserRecord user = new UserRecord(Secrets.newId(), username, UserPasswords.hash(password), now, now);
        if (!catalog.users().create(user)) {
            throw new PlatformException(ErrorCode.USER_ALREADY_EXISTS, "username '" + username + "' is taken");
        }
        return user;
    }

    /**
     * Checks the password and issues an access token.
     *
     * @param address the client's address, for the failure limit
     * @throws PlatformException INVALID_CREDENTIALS, or TOO_MANY_ATTEMPTS
     */
    public AccessToken login(String username, String password, String address) {
        limiter.check(address, username);
        UserRecord user = catalog.users().findByUsername(username).orElse(null);
        boolean ok = UserPasswords.verify(password, user == null ? DUMMY_HASH : user.passwordHash()) && user != null;
        if (!ok) {
            limiter.failed(address, username);
            throw new PlatformException(ErrorCode.INVALID_CREDENTIALS, "wrong username or password");
        }
        limiter.succeeded(username);
        Instant now = clock.instant();
        String token = Secrets.generate();
        Instant expires = now.plus(accessTokenLifetime);
        catalog.users().addAccessToken(Secrets.digest(token), user.userId(), now, expires);
        cache.putAccessToken(new AccessTokenRecord(Secrets.digest(token), user.userId(), expires));
        return new AccessToken(token, accessTokenLifetime.toSeconds(), user.userId());
    }

    public UserRecord get(String userId) {
        return catalog.users().find(userId)
                .orElseThrow(() -> new PlatformException(ErrorCode.USER_NOT_FOUND, "no user '" + userId + "'"));
    }

    public List<UserRecord> list(int offset, int limit) {
        return catalog.users().list(offset, limit);
    }

    /**
     * Changes the password; a user changing its own must give the current one.
     *
     * @param oldPassword required unless {@code byAdmin}
     */
    public void updatePassword(String userId, String oldPassword, String newPassword, boolean byAdmin) {
        UserRecord user = get(userId);
        if (!byAdmin && (oldPassword == null || !UserPasswords.verify(oldPassword, user.passwordHash()))) {
            throw new PlatformException(ErrorCode.ACCESS_DENIED, "the current password (oldPassword) does not match");
        }
        catalog.users().updatePassword(userId, UserPasswords.hash(newPassword), clock.instant());
    }

    /** Deletes the user and its access tokens, and closes its connections. */
    public void delete(String userId) {
        if (!catalog.users().delete(userId)) {
            throw new PlatformException(ErrorCode.USER_NOT_FOUND, "no user '" + userId + "'");
        }
        cache.removeAccessTokensOf(userId);
        listener.revoked(Credential.USER, userId, true);
    }
}
