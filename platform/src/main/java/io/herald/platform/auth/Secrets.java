package io.herald.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Secrets the server generates (tokens, thing secrets, the admin token): 256-bit random values in
 * URL-safe base64 (43 characters), stored only as their SHA-256 digest and compared in constant time.
 * A slow hash buys nothing for 256 random bits, and SHA-256 lets 10,000 devices log in again in seconds.
 * Stateless and thread-safe.
 */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private Secrets() {}

    /** A new 256-bit secret. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A short random id (96 bits, hex), for rows whose id is public. */
    public static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    /** SHA-256 of the UTF-8 bytes, lowercase hex: what the catalog stores. */
    public static String digest(String secret) {
        return HEX.formatHex(sha256(secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** SHA-256 of raw bytes, lowercase hex (certificate fingerprints). */
    public static String digest(byte[] bytes) {
        return HEX.formatHex(sha256(bytes));
    }

    /** Whether {@code secret} has the stored {@code digest}, in time independent of where they differ. */
    public static boolean matches(String secret, String digest) {
        byte[] expected;
        try {
            expected = HEX.parseHex(digest);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(secret.getBytes(StandardCharsets.UTF_8)), expected);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
