package io.herald.platform.auth;

import com.password4j.Argon2Function;
import com.password4j.BadParametersException;
import com.password4j.types.Argon2;
import java.nio.charset.StandardCharsets;

/**
 * Argon2id hashes (PHC strings) of the passwords users choose, with the parameters of the server's
 * password file (OWASP's baseline: 19 MiB, 2 iterations, 1 lane). Slow on purpose: never call it on an
 * event loop. Stateless and thread-safe.
 */
public final class UserPasswords {

    private static final int MEMORY_KIB = 19_456;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int OUTPUT_BYTES = 32;

    private UserPasswords() {}

    public static String hash(String password) {
        return Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, OUTPUT_BYTES, Argon2.ID,
                Argon2Function.ARGON2_VERSION_13).hash(password.getBytes(StandardCharsets.UTF_8)).getResult();
    }

    /** Whether {@code password} matches {@code hash}; false for a hash that is not a valid Argon2 string. */
    public static boolean verify(String password, String hash) {
        try {
            return Argon2Function.getInstanceFromHash(hash).check(password.getBytes(StandardCharsets.UTF_8),
                    hash.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) { // BadParametersException, and others for garbled numbers
            return false;
        }
    }
}
