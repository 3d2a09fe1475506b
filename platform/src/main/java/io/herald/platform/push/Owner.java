package io.herald.platform.push;

import java.util.Objects;

/**
 * Who receives pushes: a user or a thing (Kii's installation owners and topic subscribers). Immutable.
 *
 * @param kind {@link #USER} or {@link #THING}
 */
public record Owner(String kind, String id) {

    public static final String USER = "user";
    public static final String THING = "thing";

    public Owner {
        Objects.requireNonNull(id, "id");
        if (!USER.equals(kind) && !THING.equals(kind)) {
            throw new IllegalArgumentException("an owner is a user or a thing: " + kind);
        }
    }

    public static Owner user(String id) {
        return new Owner(USER, id);
    }

    public static Owner thing(String id) {
        return new Owner(THING, id);
    }

    /** {@code user:ID} or {@code thing:ID}: the owner as one string (unique keys, object owners). */
    public String key() {
        return kind + ":" + id;
    }

    @Override
    public String toString() {
        return key();
    }
}
