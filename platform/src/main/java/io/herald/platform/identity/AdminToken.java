package io.herald.platform.identity;

import io.herald.platform.auth.CredentialCache;
import io.herald.platform.auth.Secrets;
import io.herald.platform.catalog.Catalog;
import io.herald.platform.catalog.Settings;
import java.util.Optional;

/**
 * The admin bearer token: {@code --admin-token} when given (its digest replaces the stored one), else
 * the one generated on the first start and printed once; the catalog keeps only its digest.
 */
public final class AdminToken {

    private AdminToken() {}

    /**
     * Makes sure there is an admin token and puts its digest in the cache (blocks on the catalog).
     *
     * @param configured the {@code --admin-token} value, or null
     * @return the generated token when one was generated now (print it once), else empty
     */
    public static Optional<String> ensure(Catalog catalog, CredentialCache cache, String configured) {
        if (configured != null) {
            String digest = Secrets.digest(configured);
            catalog.settings().put(Settings.ADMIN_TOKEN_DIGEST, digest);
            cache.setAdminDigest(digest);
            return Optional.empty();
        }
        String generated = Secrets.generate();
        boolean stored = catalog.settings().putIfAbsent(Settings.ADMIN_TOKEN_DIGEST, Secrets.digest(generated));
        cache.setAdminDigest(catalog.settings().get(Settings.ADMIN_TOKEN_DIGEST).orElseThrow());
        return stored ? Optional.of(generated) : Optional.empty();
    }
}
