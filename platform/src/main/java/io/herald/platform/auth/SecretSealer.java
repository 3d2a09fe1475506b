package io.herald.platform.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals thing secrets with AES-256-GCM under a key kept outside the catalog, in a file of the data
 * directory (mode 0600, created on first start). The Huawei login scheme signs the thing's secret
 * itself, so a digest cannot check it; sealed, the catalog alone (a dump, a backup) still reveals no
 * secret. Immutable and thread-safe.
 */
public final class SecretSealer {

    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretSealer(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** A sealer with a key held only in memory (tests, or a catalog whose things never use the HMAC scheme). */
    public static SecretSealer ephemeral() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return new SecretSealer(key);
    }

    /**
     * The sealer whose key is in {@code file}, creating the file with a new random key when it does not exist.
     *
     * @throws IOException when the file cannot be read or written, or does not hold a key
     */
    public static SecretSealer fromKeyFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] key = new byte[KEY_BYTES];
            RANDOM.nextBytes(key);
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
            } catch (FileAlreadyExistsException e) {
                // another process created it first: read theirs
            }
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(Files.readString(file).strip());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not hold a base64 key", e);
        }
        if (key.length != KEY_BYTES) {
            throw new IOException(file + " holds a " + key.length + "-byte key; expected " + KEY_BYTES);
        }
        return new SecretSealer(key);
    }

    /** The secret sealed: base64 of a random IV followed by the ciphertext and tag. */
    public String seal(String secret) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** The secret, or null when {@code sealed} was not sealed with this key or is damaged. */
    public String open(String sealed) {
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            if (in.length <= IV_BYTES) {
                return null;
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
