package io.herald.server.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Logins already verified against a slow password hash, so that a client reconnecting with the same
 * password costs an HMAC instead of an Argon2 run. The password itself is never kept: an entry holds
 * an HMAC-SHA256 of it under a random key that lives only in this process, and the stored hash it was
 * verified against, so changing a user's entry in the password file invalidates it. One entry per
 * user that has logged in successfully, so the size is bounded by the password file.
 *
 * <p>Thread-safe: read on event loops, written by the threads that verify hashes.
 */
final class LoginCache {

    private static final String MAC = "HmacSHA256";

    private record Entry(String hash, byte[] mac) {}

    private final SecretKeySpec key;
    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

    LoginCache() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        key = new SecretKeySpec(k, MAC);
    }

    /** Whether {@code password} was verified for {@code user} against this same {@code hash}. */
    boolean remembers(String user, String hash, byte[] password) {
        Entry e = entries.get(user);
        return e != null && e.hash().equals(hash) && MessageDigest.isEqual(e.mac(), mac(password));
    }

    /** Records that {@code password} matches {@code hash} for {@code user}. */
    void remember(String user, String hash, byte[] password) {
        entries.put(user, new Entry(hash, mac(password)));
    }

    private byte[] mac(byte[] password) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            return mac.doFinal(password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
