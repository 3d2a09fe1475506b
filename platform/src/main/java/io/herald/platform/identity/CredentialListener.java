package io.herald.platform.identity;

import io.herald.platform.auth.Credential;

/**
 * Told after the platform committed a change to a credential, so that live MQTT connections follow:
 * the broker side implements it with disconnect (revocation) and updatePermissions. Called on a REST
 * worker thread; must not block for long.
 */
public interface CredentialListener {

    /**
     * The credential is no longer valid: close every connection that logged in with it.
     *
     * @param deleted the credential or its owner is gone: their sessions go too
     */
    void revoked(String kind, String id, boolean deleted);

    /** The credential's rights or expiry changed: apply them to its live connections. */
    void changed(Credential credential);

    /** Does nothing (tests, a platform without a broker). */
    CredentialListener NONE = new CredentialListener() {
        @Override
        public void revoked(String kind, String id, boolean deleted) {
        }

        @Override
        public void changed(Credential credential) {
        }
    };
}
