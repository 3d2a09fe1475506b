package io.herald.server.auth;

import com.password4j.Argon2Function;
import com.password4j.BadParametersException;
import com.password4j.types.Argon2;
import java.nio.charset.StandardCharsets;

/**
 * Argon2id password hashes in the PHC string form ({@code $argon2id$v=19$m=…,t=…,p=…$salt$hash}), as
 * the password file stores them. A hash carries its own parameters, so verifying works for any cost
 * the file was written with. Immutable and thread-safe; hashing and verifying are slow on purpose:
 * never call them on an event loop.
 *
 * @param memoryKib Argon2 memory cost in KiB
 * @param iterations Argon2 time cost
 */
public record PasswordHasher(int memoryKib, int iterations) {

    /** OWASP's Argon2id baseline: 19 MiB, 2 iterations, 1 lane (about 0.1 to 0.7 s on one core). */
    public static final PasswordHasher DEFAULT = new PasswordHasher(19_456, 2);

    private static final int PARALLELISM = 1;
    private static final int OUTPUT_BYTES = 32;

    public String hash(byte[] password) {
        return Argon2Function.getInstance(memoryKib, iterations, PARALLELISM, OUTPUT_BYTES, Argon2.ID,
                Argon2Function.ARGON2_VERSION_13).hash(password).getResult();
    }

    /** Whether {@code password} matches {@code hash}; false for a hash that is not a valid Argon2 string. */
    public static boolean verify(byte[] password, String hash) {
        try {
            return Argon2Function.getInstanceFromHash(hash).check(password, hash.getBytes(StandardCharsets.UTF_8));
        } catch (BadParametersException e) {
            return false;
        }
    }

    /** Whether {@code hash} is an Argon2id PHC string this class can verify against. */
    public static boolean isValid(String hash) {
        if (!hash.startsWith("$argon2id$")) {
            return false;
        }
        try {
            Argon2Function.getInstanceFromHash(hash);
            return true;
        } catch (RuntimeException e) { // password4j throws BadParametersException, and others for garbled numbers
            return false;
        }
    }
}
