package io.herald.platform.catalog;

/** The catalog could not be opened, migrated or reached. */
public final class CatalogException extends RuntimeException {

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
